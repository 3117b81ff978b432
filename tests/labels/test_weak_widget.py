"""Tests of labels.weak_widget: switching labeling functions on and off."""

from __future__ import annotations

import pytest
from widget_checks import set_and_check_redraw

from helpers.labels import weak_widget
from helpers.labels.weak_experiment import WeakExperiment


@pytest.fixture(scope="module")
def widget():
    return weak_widget.build_lf_widget()


def test_widget_starts_with_every_function_on(widget):
    assert isinstance(widget.state, WeakExperiment)
    assert all(c.value is True for c in widget.controls.values())
    assert widget.error is None and "coverage" in widget.summary.value
    assert list(widget.controls) == widget.state.names and len(widget.controls) == 10


def test_switching_a_function_off_changes_coverage_and_picture(widget):
    exp = widget.state
    everything = exp.run(exp.names)
    state = set_and_check_redraw(widget, "clf_dev", False)
    without = exp.run([n for n in exp.names if n != "clf_dev"])
    assert without.coverage < everything.coverage
    assert f"{without.coverage:.1%}" in state["summary"]
    set_and_check_redraw(widget, "clf_dev", True)
    assert f"{everything.coverage:.1%}" in widget.summary.value


def test_subsets_seen_before_are_remembered_not_refitted(widget):
    exp = widget.state
    widget.controls["kw_email"].value = False
    seen = len(exp._memo)
    widget.controls["kw_email"].value = True
    widget.controls["kw_email"].value = False
    assert len(exp._memo) == seen


def test_all_functions_off_is_reported_not_drawn(widget):
    for control in widget.controls.values():
        control.value = False
    assert "at least one" in widget.error
    for control in widget.controls.values():
        control.value = True
    assert widget.error is None


def test_bad_seed_is_refused():
    with pytest.raises(ValueError, match="seed"):
        weak_widget.build_lf_widget(seed=-1)
