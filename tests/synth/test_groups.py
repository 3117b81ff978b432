"""Tests of synth.groups: the two groups, their features, rebalancing per group."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.synth import groups


def test_make_group_data_follows_each_groups_rule():
    X, y, g = groups.make_group_data(3000, 3000, seed=0)
    assert X.shape == (6000, 2) and (g[:3000] == 0).all() and (g[3000:] == 1).all()
    np.testing.assert_allclose(X[g == 1].mean(0), groups.B_SHIFT, atol=0.1)
    rule = groups.group_rule(X, g)
    agree = (rule == y).mean()  # label noise flips only rows near the boundary
    assert 0.85 < agree < 1.0
    # the rules differ: group A's rule applied to group B is close to a coin flip
    wrong_rule = (X[g == 1].sum(1) > 0).astype(int)
    assert abs((wrong_rule == y[g == 1]).mean() - 0.5) < 0.2


def test_group_features_add_the_flag_and_its_products():
    X, g = np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([0, 1])
    np.testing.assert_array_equal(groups.group_features(X, g, model="group-blind"), X)
    full = groups.group_features(X, g, model="with group terms")
    np.testing.assert_array_equal(full, [[1, 2, 0, 0, 0], [3, 4, 1, 3, 4]])
    with pytest.raises(ValueError, match="model"):
        groups.group_features(X, g, model="fair")


@pytest.mark.parametrize("method", ["copies", "SMOTE"])
def test_rebalance_groups_fills_every_cell_to_the_largest(method):
    X, y, g = groups.make_group_data(200, 12, seed=1)
    Xb, yb, gb = groups.rebalance_groups(X, y, g, method=method, seed=0)
    cells = np.bincount(2 * gb + yb, minlength=4)
    assert (cells == cells.max()).all()
    np.testing.assert_array_equal(Xb[: len(X)], X)  # originals first
    new_b = (np.arange(len(yb)) >= len(y)) & (gb == 1)
    lo, hi = X[g == 1].min(0), X[g == 1].max(0)  # SMOTE stays in the cell's hull box
    assert ((Xb[new_b] >= lo - 1e-9) & (Xb[new_b] <= hi + 1e-9)).all()


def test_group_terms_and_rebalancing_close_the_gap():
    runs = groups.group_bias_experiment(n_test=500, seeds=(0, 1, 2))
    med = runs.groupby(["model", "balancing", "group"])["accuracy"].median()
    a, b = groups.GROUPS
    assert med[("group-blind", "none", b)] < med[("group-blind", "none", a)] - 0.2
    assert med[("with group terms", "SMOTE", b)] > med[("with group terms", "none", b)]
    assert (
        abs(
            med[("with group terms", "SMOTE", a)] - med[("with group terms", "none", a)]
        )
        < 0.02
    )
