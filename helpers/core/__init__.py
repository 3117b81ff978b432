"""Core of the workbook: configuration, seeds, the artefact cache, bundled data,
argument validation, exercise checks and the lesson map. Imports no phase and draws
nothing.
"""
