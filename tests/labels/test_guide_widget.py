"""Tests of labels.guide_widget: the decision guide as a widget."""

from __future__ import annotations

from widget_checks import set_and_check_redraw

from helpers.labels import guide_widget


def test_decision_widget_walks_to_a_route():
    widget = guide_widget.build_decision_widget()
    shown = {k: c.layout.display != "none" for k, c in widget.controls.items()}
    assert shown == {
        "data": True,
        "labels": False,
        "enough": False,
        "budget": False,
        "good": False,
    }
    assert all(c.value is None for c in widget.controls.values())
    assert "Next question" in widget.summary.value

    set_and_check_redraw(widget, "data", "yes")
    assert widget.controls["labels"].layout.display != "none"
    set_and_check_redraw(widget, "labels", "none")
    assert widget.controls["enough"].layout.display == "none"
    assert widget.controls["budget"].layout.display != "none"
    state = set_and_check_redraw(widget, "budget", "yes")
    assert "crowdsourcing" in state["summary"]
    assert "05_labeling_and_crowdsourcing.ipynb" in state["summary"]

    set_and_check_redraw(widget, "labels", "plenty")  # the representation branch
    assert widget.controls["good"].layout.display != "none"
    state = set_and_check_redraw(widget, "good", "no")
    assert "improve the representation" in state["summary"]

    state = set_and_check_redraw(widget, "data", "no")  # change of mind upstream
    assert "first acquire data" in state["summary"]
    assert widget.controls["labels"].layout.display == "none"
