"""Tests of prepare.solutions_04: each expected answer against an independent
computation (the rounding rule, the formula, folds counted by hand)."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.model_selection import KFold

from helpers.prepare import solutions_04 as S
from helpers.prepare import splitting_data


def test_ex1_and_ex2_by_hand():
    assert S.ex1_test_size(569, (0.8, 0.1, 0.1)) == round(0.1 * 569)
    assert S.ex2_error_bar(0.93, 57) == pytest.approx((0.93 * 0.07 / 57) ** 0.5)


def test_ex3_counts_patients_on_both_sides_of_fold_0():
    _, _, groups = splitting_data.make_grouped_data(seed=0)
    rows = np.arange(len(groups))
    train, test = next(KFold(10, shuffle=True, random_state=3).split(rows))
    both = [g for g in np.unique(groups) if (groups[train] == g).any()]
    both = [g for g in both if (groups[test] == g).any()]
    assert S.ex3_shared_patients(groups, k=10, seed=3) == len(both)


def test_moving_average_uses_only_the_past():
    y = np.arange(10.0)
    X = S.moving_average_feature(y, window=3)
    assert X.shape == (7, 1)
    np.testing.assert_allclose(X[:, 0], [(0 + 1 + 2) / 3 + i for i in range(7)])
    # feature of day 3 (first target) is the mean of days 0-2, all before it


def test_ex4_letter_is_b_on_a_drifting_series():
    _, y = splitting_data.make_time_series(seed=0)
    assert S.ex4_letter(y) == "b"
    flat = np.random.default_rng(0).normal(size=400)  # no drift, no order
    assert S.ex4_letter(flat) in {"a", "c"}


def test_ex5_more_neighbours_still_optimistic():
    X, y, groups = splitting_data.make_grouped_data(seed=0)
    one = S.ex5_optimism(X, y, groups, n_neighbors=1, seeds=range(1))
    fifteen = S.ex5_optimism(X, y, groups, n_neighbors=15, seeds=range(1))
    assert one > 0.2 and 0 < fifteen < one
