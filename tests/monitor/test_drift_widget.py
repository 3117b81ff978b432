"""Tests of monitor.drift_widget: lesson 14's widget, driven like a student."""

from __future__ import annotations

import pytest
from widget_checks import fresh_image, set_and_check_redraw

from helpers.monitor.drift_grid import compute_grid
from helpers.monitor.drift_widget import build_drift_widget


@pytest.fixture(scope="module")
def widget():
    grid = compute_grid(sizes=(0.5, 1.0), onsets=(1000, 2500), windows=(100, 400))
    return build_drift_widget(grid)


def _expected(widget):
    p = widget.params
    reports = widget.state.reports(
        p["kind"],
        p["size"],
        p["onset"],
        p["window"],
        alpha=p["alpha"],
        psi_level=p["psi"],
    )
    return {r.detector: r for r in reports}


def test_moving_controls_redraws_and_reports_the_grid(widget):
    for control, value in [
        ("window", 400),
        ("kind", "label"),
        ("size", 0.5),
        ("onset", 1000),
        ("alpha", 0.05),
        ("psi", 0.1),
    ]:
        state = set_and_check_redraw(widget, control, value)
        for name, r in _expected(widget).items():
            assert f"<b>{name}</b>: {r.false_alarms} false alarms" in state["summary"]


def test_a_lower_psi_level_raises_more_alarms(widget):
    widget.controls["kind"].value = "covariate"
    widget.controls["window"].value = 100
    widget.controls["psi"].value = 0.25
    high = _expected(widget)["PSI"].false_alarms
    widget.controls["psi"].value = 0.1
    low = _expected(widget)["PSI"].false_alarms
    assert low > high
    left, right = widget.axes.flat
    assert left.get_title() and right.get_ylabel() == "detector"


def test_in_place_redraws_look_like_a_full_draw(widget):
    for control, value in [("onset", 2500), ("kind", "covariate"), ("size", 1.0)]:
        if widget.controls[control].value != value:
            set_and_check_redraw(widget, control, value)
    set_and_check_redraw(widget, "alpha", 0.001)
    fresh = fresh_image(build_drift_widget, widget, grid=widget.state)
    assert widget.image.value == fresh
