"""Tests for helpers.prepare.splitting (lesson 04)."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import (
    GroupKFold,
    KFold,
    StratifiedKFold,
    TimeSeriesSplit,
)
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor

from helpers.prepare import splitting


@pytest.fixture(scope="module")
def cancer() -> tuple[np.ndarray, np.ndarray]:
    return load_breast_cancer(return_X_y=True)


# ------------------------------------------------------------------------- ratios


@pytest.mark.parametrize(
    ("ratios", "message"),
    [
        ((0.7, 0.2, 0.2), "must sum to 1"),
        ((0.5, 0.5), r"\(train, validation, test\)"),
        ((1.0, 0.0, 0.0), r"in \(0, 1\)"),
        ((0.9, 0.2, -0.1), r"in \(0, 1\)"),
    ],
)
def test_impossible_ratios_raise_clear_errors(ratios, message):
    with pytest.raises(ValueError, match=message):
        splitting.check_ratios(ratios)
    with pytest.raises(ValueError, match=message):
        splitting.three_way_split(np.zeros(100), ratios=ratios)


def test_split_sizes_round_and_refuse_tiny_data():
    assert splitting.split_sizes(569, (0.7, 0.15, 0.15)) == (399, 85, 85)
    assert splitting.split_sizes(10, (0.8, 0.1, 0.1)) == (8, 1, 1)
    with pytest.raises(ValueError, match="too few"):
        splitting.split_sizes(4, (0.8, 0.1, 0.1))


def test_bad_strategy_and_empty_labels():
    with pytest.raises(ValueError, match="unknown strategy 'shuffled'"):
        splitting.three_way_split(np.zeros(50), strategy="shuffled")
    with pytest.raises(ValueError, match="non-empty"):
        splitting.three_way_split(np.array([]))
    with pytest.raises(ValueError, match="at least 3 samples of every class"):
        splitting.three_way_split(np.array([0] * 30 + [1]), strategy="stratified")


# ------------------------------------------------------------------ three-way split


@pytest.mark.parametrize("strategy", splitting.STRATEGIES)
def test_three_way_split_partitions_the_rows(cancer, strategy):
    _, y = cancer
    sp = splitting.three_way_split(y, ratios=(0.6, 0.2, 0.2), strategy=strategy, seed=3)
    assert sp.sizes == splitting.split_sizes(len(y), (0.6, 0.2, 0.2))
    everything = np.concatenate([sp.train, sp.validation, sp.test])
    np.testing.assert_array_equal(np.sort(everything), np.arange(len(y)))
    again = splitting.three_way_split(
        y, ratios=(0.6, 0.2, 0.2), strategy=strategy, seed=3
    )
    np.testing.assert_array_equal(sp.test, again.test)
    other = splitting.three_way_split(
        y, ratios=(0.6, 0.2, 0.2), strategy=strategy, seed=4
    )
    assert not np.array_equal(sp.test, other.test)


def test_stratified_keeps_class_counts_within_one_of_exact(cancer):
    _, y = cancer
    sp = splitting.three_way_split(
        y, ratios=(0.7, 0.15, 0.15), strategy="stratified", seed=0
    )
    for part in sp.parts().values():
        for c in (0, 1):
            exact = np.mean(y == c) * len(part)
            assert abs(np.sum(y[part] == c) - exact) <= 1
    shares = splitting.class_shares(y, sp)
    assert list(shares.index) == [*splitting.SPLITS, "all"]
    np.testing.assert_allclose(shares.sum(axis=1), 1.0)


def test_stratified_is_more_balanced_than_random(cancer):
    _, y = cancer
    gaps = splitting.balance_over_seeds(y, seeds=range(10)).groupby("strategy")[
        "max_share_gap"
    ]
    med = gaps.median()
    assert med["stratified"] < med["random"] / 3
    assert gaps.max()["stratified"] < 0.01


# -------------------------------------------------------------- cross-validation


def test_make_cv_matches_sklearn_splitters(cancer):
    X, y = cancer
    pairs = [
        ("kfold", KFold(4, shuffle=True, random_state=7)),
        ("stratified", StratifiedKFold(4, shuffle=True, random_state=7)),
        ("time", TimeSeriesSplit(4)),
    ]
    for name, reference in pairs:
        ours = list(splitting.make_cv(name, k=4, seed=7).split(X, y))
        ref = list(reference.split(X, y))
        for (a, b), (c, d) in zip(ours, ref, strict=True):
            np.testing.assert_array_equal(a, c)
            np.testing.assert_array_equal(b, d)
    assert isinstance(splitting.make_cv("group", k=3), GroupKFold)
    with pytest.raises(ValueError, match="unknown cv strategy 'loo'"):
        splitting.make_cv("loo")
    with pytest.raises(ValueError, match=r"k must be an integer in \[2, 20\]"):
        splitting.make_cv("kfold", k=1)


def test_fold_report_group_and_time(cancer):
    X, y, groups = splitting.make_grouped_data(n_groups=12, per_group=5)
    grouped = splitting.fold_report(splitting.make_cv("group", k=4), X, y, groups)
    assert (grouped["groups_in_both"] == 0).all()
    mixed = splitting.fold_report(splitting.make_cv("kfold", k=4), X, y, groups)
    assert (mixed["groups_in_both"] > 0).all()
    Xt, yt = splitting.make_time_series(n_days=100)
    timed = splitting.fold_report(splitting.make_cv("time", k=4), Xt, yt)
    assert timed["train_before_test"].all()
    assert not splitting.fold_report(splitting.make_cv("kfold", k=4), Xt, yt)[
        "train_before_test"
    ].any()


def test_grouped_data_shape_and_errors():
    X, y, g = splitting.make_grouped_data(n_groups=10, per_group=3, seed=1)
    assert X.shape == (30, 5) and y.shape == g.shape == (30,)
    for group in np.unique(g):
        assert np.unique(y[g == group]).size == 1  # one label per patient
    with pytest.raises(ValueError, match="n_groups"):
        splitting.make_grouped_data(n_groups=2)
    with pytest.raises(ValueError, match="n_days"):
        splitting.make_time_series(n_days=10)


def test_random_kfold_is_optimistic_for_groups_and_time():
    X, y, g = splitting.make_grouped_data()
    res = splitting.split_optimism(
        X,
        y,
        KNeighborsClassifier(1),
        honest=splitting.make_cv("group"),
        groups=g,
        seeds=[0, 1],
    )
    assert (res["random_kfold"] - res["honest"]).min() > 0.2
    Xt, yt = splitting.make_time_series()
    res = splitting.split_optimism(
        Xt,
        yt,
        KNeighborsRegressor(5),
        honest=splitting.make_cv("time"),
        scoring="neg_mean_absolute_error",
        seeds=[0],
    )
    assert -res["random_kfold"].iloc[0] < -res["honest"].iloc[0]  # smaller error


# ------------------------------------------------------------- estimate spread


def test_test_estimate_spread_shrinks_with_test_size(cancer):
    X, y = cancer
    res = splitting.test_estimate_spread(X, y, test_sizes=(0.1, 0.5), seeds=range(12))
    std = res.groupby("test_size")["accuracy"].std()
    assert std[0.1] > std[0.5]
    assert set(res["n_test"]) == {57, 285}
    with pytest.raises(ValueError, match="test sizes"):
        splitting.test_estimate_spread(X, y, test_sizes=(1.2,))


def test_binomial_std_hand_worked():
    assert splitting.binomial_std(0.9, 100) == pytest.approx(0.03)
    with pytest.raises(ValueError, match="n_test"):
        splitting.binomial_std(0.9, 0)


def test_unlabeled_pool_is_an_optimistic_test_set():
    res = splitting.unlabeled_as_test(seeds=[0])
    row = res.iloc[0]
    assert row["pseudo_labelled"] > row["held_out"] + 0.1
    assert row["n_pseudo"] > 0
    with pytest.raises(ValueError, match="threshold"):
        splitting.unlabeled_as_test(threshold=1.0)
