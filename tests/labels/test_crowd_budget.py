"""Tests of labels.crowd_budget: crowds under a budget, their plots and the widget."""

from __future__ import annotations

import numpy as np
import pytest
from widget_checks import set_and_check_redraw

from helpers.labels import crowd, crowd_budget


def test_crowd_outcome_accounts_for_cost_and_coverage():
    y = np.arange(10).repeat(30)  # 300 items
    setting = crowd_budget.CrowdSetting(per_item=3, budget=30.0, price_per_label=0.05)
    out = crowd_budget.crowd_outcome(setting, y)
    assert out.n_labels == 600 and out.n_covered == 200
    assert out.cost == pytest.approx(30.0)
    assert 0 <= out.mv_correct <= out.n_covered
    assert out.ds_accuracy == out.ds_correct / 200
    assert out.annotator_accuracy.shape == (7,)
    assert "$30.00" in out.to_html()


def test_dawid_skene_beats_majority_vote_on_systematic_crowds():
    y = np.arange(10).repeat(100)
    out = crowd_budget.crowd_outcome(
        crowd_budget.CrowdSetting(per_item=5, budget=1000.0), y
    )
    assert out.n_covered == 1000
    assert out.ds_accuracy > out.mv_accuracy
    # DS estimates each annotator's accuracy without the truth
    np.testing.assert_allclose(
        out.ds_annotator_accuracy, out.annotator_accuracy, atol=0.05
    )


def test_redundancy_curves_shapes_and_monotone_oracle():
    y = np.arange(10).repeat(40)
    curves = crowd_budget.redundancy_curves(
        y, [0.6] * 5, style="uniform", per_item=[1, 3, 5], seeds=[0, 1]
    )
    assert set(curves) == {"majority vote", "Dawid-Skene", "oracle"}
    assert all(runs.shape == (2, 3) for runs in curves.values())
    assert np.all(np.diff(curves["oracle"].mean(axis=0)) > 0)


def test_plots_have_titles_and_labels():
    conf = crowd.annotator_confusions([0.6, 0.8], n_classes=3, style="systematic")
    axes = crowd_budget.plot_confusions(conf, conf, accuracies=[0.6, 0.8])
    assert axes.shape == (2, 2)
    assert axes[0, 0].get_title() == "annotator 0 (acc 0.60)"
    assert axes[1, 0].get_xlabel() == "label given"
    y = np.arange(10).repeat(30)
    out = crowd_budget.crowd_outcome(crowd_budget.CrowdSetting(), y)
    for ax in (
        crowd_budget.plot_budget_outcome(out),
        crowd_budget.plot_annotator_accuracy(out),
    ):
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()


# ------------------------------------------------------------------ widget


def test_crowd_widget_reacts_to_every_control():
    widget = crowd_budget.build_crowd_widget()
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
