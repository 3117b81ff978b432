"""Tests of labels.crowd_widget: the crowdsourcing widget of lesson 05."""

from __future__ import annotations

import pytest
from widget_checks import fresh_image, set_and_check_redraw

from helpers.labels import crowd_budget, crowd_widget


def test_crowd_widget_reacts_to_every_control():
    widget = crowd_widget.build_crowd_widget()
    start = widget.summary.value
    assert "Dawid-Skene" in start
    state = set_and_check_redraw(widget, "per_item", 5)
    assert state["summary"] != start
    set_and_check_redraw(widget, "quality", 0.5)
    set_and_check_redraw(widget, "style", "shared")
    state = set_and_check_redraw(widget, "budget", 50)
    assert "for <b>$50.00</b>" in state["summary"]
    assert widget.controls["quality"].max <= 1.0  # ranges are bounded
    assert len(widget.latencies) == widget.n_draws == 5


def test_state_holds_the_items_and_the_memoised_outcomes():
    widget = crowd_widget.build_crowd_widget(quality=0.6, style="uniform")
    state = widget.state
    assert state["y_true"].shape == (1797,)
    setting = crowd_budget.CrowdSetting(quality=0.6, style="uniform")
    assert state["outcome"].cache_info().currsize == 1  # the first drawing
    expected = crowd_budget.crowd_outcome(setting, state["y_true"])
    assert state["outcome"](setting).ds_correct == expected.ds_correct
    assert state["outcome"].cache_info().hits >= 1  # remembered, not recomputed
    widget.controls["budget"].value = 100
    widget.controls["budget"].value = 300  # back to a setting already seen
    assert state["outcome"].cache_info().currsize == 2


def test_bad_defaults_are_refused():
    with pytest.raises(ValueError, match="style"):
        crowd_widget.build_crowd_widget(style="noisy")
    with pytest.raises(ValueError, match=r"quality must be in \[0.3, 0.85\]"):
        crowd_widget.build_crowd_widget(quality=0.95)  # past the slider's range


def test_in_place_redraws_look_like_a_full_draw():
    widget = crowd_widget.build_crowd_widget()
    for control, value in [("per_item", 1), ("style", "uniform"), ("budget", 25)]:
        set_and_check_redraw(widget, control, value)
    fresh = fresh_image(crowd_widget.build_crowd_widget, widget)
    assert widget.image.value == fresh
