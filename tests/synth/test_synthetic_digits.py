"""Tests of synth.synthetic_digits: k-NN, mixing, the digits grid and widget."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.neighbors import KNeighborsClassifier
from widget_checks import set_and_check_redraw

from helpers.synth import synthetic_digits as syn_digits


def test_knn_predict_matches_scikit_learn():
    rng = np.random.default_rng(0)
    X, y, T = rng.random((80, 6)), rng.integers(0, 3, 80), rng.random((40, 6))
    ref = KNeighborsClassifier(5, weights="distance").fit(X, y).predict(T)
    np.testing.assert_array_equal(syn_digits.knn_predict(X, y, T, k=5), ref)


def test_mix_rejects_negative_or_too_large_ratios():
    X, y = np.zeros((10, 2)), np.zeros(10)
    Xe, ye = np.ones((30, 2)), np.ones(30)
    Xm, ym = syn_digits.mix(X, y, Xe, ye, ratio=2)
    assert Xm.shape == (30, 2) and ym.sum() == 20
    with pytest.raises(ValueError, match="ratio must be a number >= 0"):
        syn_digits.mix(X, y, Xe, ye, ratio=-1)
    with pytest.raises(ValueError, match="only 30 given"):
        syn_digits.mix(X, y, Xe, ye, ratio=4)


@pytest.fixture(scope="module")
def small_grid() -> syn_digits.DigitsGrid:
    return syn_digits.compute_digits_grid(
        seeds=(0, 1), ratios=(0, 8, 32), strengths=(0.5, 2.0), vae_steps=50
    )


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
    with pytest.raises(ValueError, match="source"):
        grid.at("mixup", 0.75, 8)


def test_invalid_augmentation_settings_raise():
    with pytest.raises(ValueError, match="ratios >= 0"):
        syn_digits.compute_digits_grid(seeds=(0,), ratios=(-1, 2))
    with pytest.raises(ValueError, match="at least one strength"):
        syn_digits.compute_digits_grid(seeds=(0,), strengths=())
    with pytest.raises(ValueError, match="strength must be in"):
        syn_digits.compute_digits_grid(seeds=(0,), ratios=(0, 1), strengths=(3.0,))


def test_widget_moves_with_its_controls(small_grid):
    widget = syn_digits.build_synthetic_widget(grid=small_grid)
    assert widget.error is None and "real only" in widget.summary.value
    before = widget.summary.value
    after = set_and_check_redraw(widget, "ratio", 32)
    assert after["summary"] != before and "ratio 32" in after["summary"]
    set_and_check_redraw(widget, "strength", 2.0)
    set_and_check_redraw(widget, "ratio", 0)
    assert "+0.0 points" in widget.summary.value  # ratio 0 adds nothing
    ratio_values = [value for _, value in widget.controls["ratio"].options]
    assert ratio_values == [0, 8, 32]  # only precomputed values
