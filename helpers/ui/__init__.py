"""The look and feel: the plotting theme and palette, shared plot helpers and the widget
toolkit every lesson's widgets are built from.
"""
