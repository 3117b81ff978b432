"""Tests of synth.synthetic_widget: ratio and strength over the precomputed grid."""

from __future__ import annotations

import pytest
from widget_checks import set_and_check_redraw

from helpers.synth import synthetic_widget


def test_widget_moves_with_its_controls(small_grid):
    widget = synthetic_widget.build_synthetic_widget(grid=small_grid)
    assert widget.state is small_grid  # what the builder precomputed
    assert widget.error is None and "real only" in widget.summary.value
    assert widget.controls["ratio"].value == 8  # the preferred middle
    before = widget.summary.value
    after = set_and_check_redraw(widget, "ratio", 32)
    assert after["summary"] != before and "ratio 32" in after["summary"]
    set_and_check_redraw(widget, "strength", 2.0)
    assert "strength 2.0" in widget.axes[0, 1].get_title()
    set_and_check_redraw(widget, "ratio", 0)
    assert "+0.0 points" in widget.summary.value  # ratio 0 adds nothing
    ratio_values = [value for _, value in widget.controls["ratio"].options]
    assert ratio_values == [0, 8, 32]  # only precomputed values


def test_widget_rejects_something_that_is_not_a_grid():
    with pytest.raises(TypeError, match="grid must be a DigitsGrid"):
        synthetic_widget.build_synthetic_widget(grid={"ratios": (0,)})
