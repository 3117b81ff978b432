"""Tests for helpers.prepare.splitting (lesson 04)."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.model_selection import (
    GroupKFold,
    KFold,
    StratifiedKFold,
    TimeSeriesSplit,
    cross_val_score,
)
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor

from helpers.prepare import splitting, splitting_data

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
    with pytest.raises(ValueError, match="n must be an integer"):
        splitting.split_sizes(0, (0.8, 0.1, 0.1))


def test_shares_are_strictly_inside_zero_and_one():
    assert splitting.check_ratios([0.5, 0.25, 0.25]) == (0.5, 0.25, 0.25)
    for bad in (0.0, 1.0, -0.5, 2):
        with pytest.raises(ValueError, match=r"the train ratio must be in \(0, 1\)"):
            splitting.check_ratios((bad, 0.5, 0.5))
    with pytest.raises(ValueError, match="the test ratio must be a finite number"):
        splitting.check_ratios((0.5, 0.5, float("nan")))
    with pytest.raises(TypeError, match="the validation ratio must be a number"):
        splitting.check_ratios((0.5, "0.2", 0.3))
    with pytest.raises(TypeError, match="ratios must be three numbers"):
        splitting.check_ratios(0.7)
    with pytest.raises(ValueError, match=r"test size must be in \(0, 1\)"):
        splitting.test_estimate_spread(
            np.ones((10, 2)), np.arange(10) % 2, test_sizes=[1]
        )
    with pytest.raises(ValueError, match=r"threshold must be in \(0, 1\)"):
        splitting.unlabeled_as_test(threshold=1.0)


def test_three_way_split_record_refuses_overlaps_and_bad_indices():
    sp = splitting.ThreeWaySplit(np.array([0, 1]), np.array([2]), np.array([3]))
    assert sp.sizes == (2, 1, 1) and sp.train.dtype.kind == "i"
    with pytest.raises(ValueError, match="must not share rows"):
        splitting.ThreeWaySplit(np.array([0, 1]), np.array([1]), np.array([3]))
    with pytest.raises(ValueError, match=r"test must hold row indices \(integers"):
        splitting.ThreeWaySplit(np.array([0, 1]), np.array([2]), np.array([-3]))
    with pytest.raises(ValueError, match="validation must hold row indices"):
        splitting.ThreeWaySplit(np.array([0, 1]), np.array([2.5]), np.array([3]))
    with pytest.raises(ValueError, match="train must hold at least 1 rows"):
        splitting.ThreeWaySplit(np.array([]), np.array([2]), np.array([3]))
    assert splitting.check_rows("rows", [3.0, 1.0], n=4).tolist() == [3, 1]
    with pytest.raises(ValueError, match="rows must index rows 0..3, got 4"):
        splitting.check_rows("rows", [4], n=4)


def test_bad_strategy_and_empty_labels():
    with pytest.raises(ValueError, match="unknown strategy 'shuffled'"):
        splitting.three_way_split(np.zeros(50), strategy="shuffled")
    with pytest.raises(ValueError, match="y must hold at least 1 rows"):
        splitting.three_way_split(np.array([]))
    with pytest.raises(ValueError, match="y must hold finite numbers"):
        splitting.three_way_split(np.array([0.0, 1.0, np.nan] * 10))
    with pytest.raises(ValueError, match="seed must be an integer"):
        splitting.three_way_split(np.zeros(50), strategy="random", seed=-1)
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
    with pytest.raises(ValueError, match="beyond y's 100 rows"):
        splitting.class_shares(y[:100], sp)
    with pytest.raises(TypeError, match="split must be a ThreeWaySplit"):
        splitting.class_shares(y, sp.parts())


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
    with pytest.raises(TypeError, match="k must be an integer"):
        splitting.make_cv("kfold", k=5.0)
    with pytest.raises(ValueError, match="seed must be an integer"):
        splitting.make_cv("kfold", seed=-1)


def test_cv_mean_equals_cross_val_score(cancer):
    X, y = cancer
    ref = cross_val_score(
        splitting.default_model(), X, y, cv=splitting.make_cv("stratified", k=5, seed=2)
    )
    assert splitting.cv_mean(X, y, k=5, seed=2) == pytest.approx(ref.mean())
    with pytest.raises(ValueError, match="X and y must have the same length"):
        splitting.cv_mean(X, y[:-1], k=5, seed=0)


def test_fold_report_group_and_time(cancer):
    X, y, groups = splitting_data.make_grouped_data(n_groups=12, per_group=5)
    grouped = splitting.fold_report(splitting.make_cv("group", k=4), X, y, groups)
    assert (grouped["groups_in_both"] == 0).all()
    mixed = splitting.fold_report(splitting.make_cv("kfold", k=4), X, y, groups)
    assert (mixed["groups_in_both"] > 0).all()
    Xt, yt = splitting_data.make_time_series(n_days=100)
    timed = splitting.fold_report(splitting.make_cv("time", k=4), Xt, yt)
    assert timed["train_before_test"].all()
    assert not splitting.fold_report(splitting.make_cv("kfold", k=4), Xt, yt)[
        "train_before_test"
    ].any()
    with pytest.raises(ValueError, match="X and groups must have the same length"):
        splitting.fold_report(splitting.make_cv("group", k=4), X, y, groups[:-1])
    with pytest.raises(TypeError, match="cv must be a scikit-learn splitter"):
        splitting.fold_report(4, X, y)


def test_random_kfold_is_optimistic_for_groups_and_time():
    X, y, g = splitting_data.make_grouped_data()
    res = splitting.split_optimism(
        X,
        y,
        KNeighborsClassifier(1),
        honest=splitting.make_cv("group"),
        groups=g,
        seeds=[0, 1],
    )
    assert (res["random_kfold"] - res["honest"]).min() > 0.2
    Xt, yt = splitting_data.make_time_series()
    res = splitting.split_optimism(
        Xt,
        yt,
        KNeighborsRegressor(5),
        honest=splitting.make_cv("time"),
        scoring="neg_mean_absolute_error",
        seeds=[0],
    )
    assert -res["random_kfold"].iloc[0] < -res["honest"].iloc[0]  # smaller error
    with pytest.raises(TypeError, match="model must be a scikit-learn estimator"):
        splitting.split_optimism(Xt, yt, "knn", honest=splitting.make_cv("time"))
    with pytest.raises(TypeError, match="honest must be a scikit-learn splitter"):
        splitting.split_optimism(Xt, yt, KNeighborsRegressor(5), honest=5)


# ------------------------------------------------------------- estimate spread


def test_test_estimate_spread_shrinks_with_test_size(cancer):
    X, y = cancer
    res = splitting.test_estimate_spread(X, y, test_sizes=(0.1, 0.5), seeds=range(12))
    std = res.groupby("test_size")["accuracy"].std()
    assert std[0.1] > std[0.5]
    assert set(res["n_test"]) == {57, 285}
    with pytest.raises(ValueError, match=r"test size must be in \(0, 1\)"):
        splitting.test_estimate_spread(X, y, test_sizes=(1.2,))
    with pytest.raises(ValueError, match="test_sizes must be 1-D, got 0-D"):
        splitting.test_estimate_spread(X, y, test_sizes=0.2)
    with pytest.raises(TypeError, match="model must be a callable"):
        splitting.test_estimate_spread(X, y, model=None)
    with pytest.raises(ValueError, match="at least one seed"):
        splitting.test_estimate_spread(X, y, seeds=[])


def test_binomial_std_hand_worked():
    assert splitting.binomial_std(0.9, 100) == pytest.approx(0.03)
    with pytest.raises(ValueError, match="n_test must be an integer"):
        splitting.binomial_std(0.9, 0)
    with pytest.raises(ValueError, match=r"accuracy must be in \[0, 1\]"):
        splitting.binomial_std(1.5, 10)
    with pytest.raises(ValueError, match="accuracy must be a finite number"):
        splitting.binomial_std(float("nan"), 10)


def test_unlabeled_pool_is_an_optimistic_test_set():
    res = splitting.unlabeled_as_test(seeds=[0])
    row = res.iloc[0]
    assert row["pseudo_labelled"] > row["held_out"] + 0.1
    assert row["n_pseudo"] > 0
    with pytest.raises(ValueError, match=r"threshold must be in \(0, 1\)"):
        splitting.unlabeled_as_test(threshold=1.0)
    with pytest.raises(ValueError, match="per_class must be an integer"):
        splitting.unlabeled_as_test(per_class=0)
