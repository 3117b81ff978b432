"""Tests of synth.synthetic_digits: k-NN, mixing and the digits grid."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.neighbors import KNeighborsClassifier

from helpers.synth import synthetic_digits as syn_digits


def test_knn_predict_matches_scikit_learn():
    rng = np.random.default_rng(0)
    X, y, T = rng.random((80, 6)), rng.integers(0, 3, 80), rng.random((40, 6))
    ref = KNeighborsClassifier(5, weights="distance").fit(X, y).predict(T)
    np.testing.assert_array_equal(syn_digits.knn_predict(X, y, T, k=5), ref)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"k": 0}, ValueError, r"k must be an integer in \[1"),
        ({"k": 2.5}, TypeError, "k must be an integer"),
        ({"k": 81}, ValueError, r"k must be an integer in \[1, 80\]"),
        ({"y_train": np.zeros(79)}, ValueError, "must have the same length"),
        ({"test": np.full((3, 6), np.nan)}, ValueError, "test must hold finite"),
        ({"test": np.zeros((3, 5))}, ValueError, "the same width"),
    ],
)
def test_knn_predict_rejects_bad_input(kwargs, error, message):
    rng = np.random.default_rng(0)
    args = {"train": rng.random((80, 6)), "y_train": rng.integers(0, 3, 80)}
    args |= {"test": rng.random((4, 6)), "k": 5} | kwargs
    with pytest.raises(error, match=message):
        syn_digits.knn_predict(
            args["train"], args["y_train"], args["test"], k=args["k"]
        )


def test_mix_rejects_negative_or_too_large_ratios():
    X, y = np.zeros((10, 2)), np.zeros(10)
    Xe, ye = np.ones((30, 2)), np.ones(30)
    Xm, ym = syn_digits.mix(X, y, Xe, ye, ratio=2)
    assert Xm.shape == (30, 2) and ym.sum() == 20
    with pytest.raises(ValueError, match=r"ratio must be in \[0, 64\]"):
        syn_digits.mix(X, y, Xe, ye, ratio=-1)
    with pytest.raises(ValueError, match="ratio must be a finite number"):
        syn_digits.mix(X, y, Xe, ye, ratio=float("nan"))
    with pytest.raises(ValueError, match="only 30 given"):
        syn_digits.mix(X, y, Xe, ye, ratio=4)
    with pytest.raises(ValueError, match="X_extra and y_extra must have the same"):
        syn_digits.mix(X, y, Xe, ye[:5], ratio=1)


def test_small_grid_has_the_right_shape_and_augmentation_helps(small_grid):
    grid = small_grid
    for acc in grid.accuracy.values():
        assert acc.shape == (2, 2, 3) and ((acc > 0.5) & (acc <= 1)).all()
    assert grid.examples["augmented"].shape == (2, 10, 8, 8)
    np.testing.assert_allclose(  # ratio 0 is the same real-only model everywhere
        grid.accuracy["augmented"][..., 0], grid.accuracy["generated"][..., 0]
    )
    assert (grid.at("augmented", 0.5, 32) > grid.at("augmented", 0.5, 0)).all()
    with pytest.raises(ValueError, match="strength must be in"):
        grid.at("augmented", 0.3, 8)
    with pytest.raises(ValueError, match="unknown source 'mixup'"):
        grid.at("mixup", 0.5, 8)
    assert grid.index(strength=2.0, ratio=32) == (1, 2)


def test_invalid_augmentation_settings_raise():
    with pytest.raises(ValueError, match=r"ratio must be an integer in \[0"):
        syn_digits.compute_digits_grid(seeds=(0,), ratios=(-1, 2))
    with pytest.raises(ValueError, match="at least one strength"):
        syn_digits.compute_digits_grid(seeds=(0,), strengths=())
    with pytest.raises(ValueError, match="seeds must name at least one seed"):
        syn_digits.compute_digits_grid(seeds=())
    with pytest.raises(ValueError, match="strength must be in"):
        syn_digits.compute_digits_grid(seeds=(0,), ratios=(0, 1), strengths=(3.0,))


def test_grid_of_ratio_zero_only_still_has_examples():
    grid = syn_digits.compute_digits_grid(
        seeds=(0,), ratios=(0,), strengths=(0.5,), per_class=2, vae_steps=2
    )
    assert grid.accuracy["augmented"].shape == (1, 1, 1)
    assert grid.examples["generated"].shape == (1, 10, 8, 8)


def test_digits_grid_checks_its_options_before_the_cache(tmp_cache):
    with pytest.raises(ValueError, match=r"seed must be an integer in \[0, inf\)"):
        syn_digits.digits_grid(seeds=(-1,), verbose=False)
    with pytest.raises(ValueError, match=r"ratio must be an integer in \[0, 64\]"):
        syn_digits.digits_grid(seeds=(0,), ratios=(0, 10**12), verbose=False)
    with pytest.raises(ValueError, match=r"strength must be in \[0, 2\]"):
        syn_digits.compute_digits_grid(seeds=(0,), strengths=(3.0,))
    assert not list(tmp_cache.glob("*")), "nothing computed or cached"


def test_cv_accuracy_by_hand_with_scikit_learn():
    rng = np.random.default_rng(0)
    X = rng.random((20, 4))
    y = np.repeat(np.arange(2), 10)
    extra = np.tile(X, (2, 1)) + 0.01 * rng.random((40, 4))  # copies, tiled in order
    got = syn_digits.cv_accuracy(X, y, extra, ratios=(0, 2), n_folds=5, k=3)
    fold = np.tile(np.arange(10) % 5, 2)  # rank within class, modulo 5
    expected = []
    for ratio in (0, 2):
        hits = 0
        for f in range(5):
            train_rows = np.flatnonzero(fold != f)
            X_tr = np.concatenate(
                [X[train_rows]] + [extra[r * 20 + train_rows] for r in range(ratio)]
            )
            y_tr = np.tile(y[train_rows], 1 + ratio)
            model = KNeighborsClassifier(3, weights="distance").fit(X_tr, y_tr)
            hits += (model.predict(X[fold == f]) == y[fold == f]).sum()
        expected.append(hits / 20)
    np.testing.assert_allclose(got, expected)
    with pytest.raises(ValueError, match="needs 60 extra rows"):
        syn_digits.cv_accuracy(X, y, extra, ratios=(3,))


def test_best_by_cv_picks_the_best_median_and_breaks_ties_small(small_grid):
    cv = small_grid.cv_accuracy
    assert cv is not None and cv.shape == small_grid.accuracy["augmented"].shape
    strength, ratio = small_grid.best_by_cv()
    med = np.median(cv, axis=0)
    i, j = small_grid.index(strength=strength, ratio=ratio)
    assert med[i, j] == pytest.approx(med.max())
    assert not np.isclose(med[:, :j], med.max()).any()  # no smaller ratio ties
