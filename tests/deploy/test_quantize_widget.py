"""Tests of deploy.quantize_widget, driven as a student would."""

from __future__ import annotations

from widget_checks import fresh_image, set_and_check_redraw

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


def test_in_place_redraws_look_like_a_full_draw():
    widget = build_quantize_widget()
    set_and_check_redraw(widget, "bits", 3)
    set_and_check_redraw(widget, "layer", list(widget.controls["layer"].options)[-1])
    set_and_check_redraw(widget, "bits", 6)
    assert widget.image.value == fresh_image(build_quantize_widget, widget)
