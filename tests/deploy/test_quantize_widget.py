"""Tests of deploy.quantize_widget, driven as a student would."""

from __future__ import annotations

from widget_checks import set_and_check_redraw

from helpers.deploy.quantize_widget import build_quantize_widget
from helpers.ui.widgets import LessonWidget


def test_moving_the_bits_shows_their_precomputed_accuracy():
    widget = build_quantize_widget()
    assert isinstance(widget, LessonWidget)
    grid = widget.state["grid"]
    state = set_and_check_redraw(widget, "bits", 2)
    i = list(grid.bits).index(2)
    assert f"<b>{grid.accuracy_tensor[i]:.3f}</b> per tensor" in state["summary"]
    layer = list(widget.controls["layer"].options)[-1]
    state = set_and_check_redraw(widget, "layer", layer)
    assert layer in state["summary"]
