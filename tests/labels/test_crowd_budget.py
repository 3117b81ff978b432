"""Tests of labels.crowd_budget: crowd scenarios under a budget and what they buy."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.labels import crowd_budget


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


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"quality": 1.5}, ValueError, "quality"),
        ({"style": "noisy"}, ValueError, "unknown style"),
        ({"per_item": 8}, ValueError, "per_item"),
        ({"per_item": 2.5}, TypeError, "per_item"),
        ({"budget": -1.0}, ValueError, "budget"),
        ({"price_per_label": 0.0}, ValueError, "price_per_label"),
        ({"pool_size": 0}, ValueError, "pool_size"),
    ],
)
def test_bad_settings_are_rejected_when_made(kwargs, error, match):
    with pytest.raises(error, match=match):
        crowd_budget.CrowdSetting(**kwargs)


def test_bad_outcome_and_curve_input_is_rejected():
    with pytest.raises(TypeError, match="CrowdSetting"):
        crowd_budget.crowd_outcome({"per_item": 3}, np.arange(10))
    with pytest.raises(ValueError, match="y_true"):
        crowd_budget.crowd_outcome(crowd_budget.CrowdSetting(), np.array([0, 10]))
    with pytest.raises(ValueError, match="per_item"):
        crowd_budget.redundancy_curves(
            np.arange(4), [0.6, 0.7], style="uniform", per_item=[0], seeds=[0]
        )
    with pytest.raises(ValueError, match="seeds"):
        crowd_budget.redundancy_curves(
            np.arange(4), [0.6, 0.7], style="uniform", per_item=[1], seeds=[]
        )


def test_pool_accuracies_spread_around_the_quality():
    acc = crowd_budget.CrowdSetting(quality=0.9, spread=0.15, pool_size=7).accuracies()
    np.testing.assert_allclose(acc, np.clip(np.linspace(0.75, 1.05, 7), 0, 1))


# ------------------------------------------------------------------- bad input


def test_outcome_counts_must_fit_together():
    fields = {
        "n_items": 10,
        "n_covered": 8,
        "n_labels": 16,
        "cost": 0.8,
        "mv_correct": 6,
        "ds_correct": 7,
        "annotator_accuracy": np.array([0.7, np.nan]),  # NaN: no labels given
        "ds_annotator_accuracy": np.array([0.72, 0.79]),
        "mv_agreement": np.array([0.75, 0.85]),
    }
    assert crowd_budget.CrowdOutcome(**fields).mv_accuracy == 0.75
    with pytest.raises(ValueError, match=r"n_covered must be an integer in \[0, 10\]"):
        crowd_budget.CrowdOutcome(**(fields | {"n_covered": 11}))
    with pytest.raises(ValueError, match=r"ds_correct must be an integer in \[0, 8\]"):
        crowd_budget.CrowdOutcome(**(fields | {"ds_correct": 9}))
    with pytest.raises(ValueError, match="one size"):
        crowd_budget.CrowdOutcome(**(fields | {"mv_agreement": np.array([0.7])}))


def test_redundancy_needs_per_item_values_the_pool_can_give():
    y = np.tile(np.arange(3), 5)
    for per_item, error, match in [
        ([], ValueError, "per_item must hold at least 1"),
        ([4], ValueError, r"per_item must be an integer in \[1, 3\]"),
        ([1.5], TypeError, "per_item must be an integer"),
    ]:
        with pytest.raises(error, match=match):
            crowd_budget.redundancy_curves(
                y, [0.6, 0.7, 0.8], style="uniform", per_item=per_item, seeds=[0]
            )
    with pytest.raises(ValueError, match="y_true must hold classes"):
        crowd_budget.redundancy_curves(
            np.array([0, 1, -1]), [0.7], style="uniform", per_item=[1], seeds=[0]
        )
    with pytest.raises(
        ValueError, match=r"pool_size must be an integer in \[1, 1000\]"
    ):
        crowd_budget.CrowdSetting(pool_size=10**12)
