"""Tests of prepare.image_features: Sobel by hand, invariances, the comparison."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import ndimage

from helpers.prepare import image_features as imf


def test_sobel_matches_scipy():
    rng = np.random.default_rng(0)
    img = rng.uniform(size=(2, 6, 7))
    gx, gy = imf.sobel(img)
    for i in range(2):
        assert np.allclose(gx[i], ndimage.sobel(img[i], axis=1, mode="nearest"))
        assert np.allclose(gy[i], ndimage.sobel(img[i], axis=0, mode="nearest"))


def test_vertical_edge_points_sideways():
    img = np.zeros((1, 6, 6))
    img[:, :, 3:] = 1.0  # dark left half, bright right half
    gx, gy = imf.sobel(img)
    assert (gx[0, :, 2:4] == 4).all() and np.allclose(gy, 0)
    assert imf.edge_magnitude(img)[0, 0, 0] == 0
    hist = imf.orientation_histograms(img, cell=6, bins=4)
    assert hist.shape == (1, 4) and hist[0, 0] == pytest.approx(1.0)  # angle 0


def test_histograms_ignore_contrast_and_brightness():
    rng = np.random.default_rng(1)
    img = rng.uniform(size=(3, 8, 8))
    h = imf.orientation_histograms(img)
    assert h.shape == (3, 4 * 8)
    assert np.allclose(imf.orientation_histograms(0.5 * img + 0.3), h)
    assert np.allclose(np.linalg.norm(h[:, :8], axis=1), 1)


def test_feature_scores_show_the_robustness():
    from sklearn.datasets import load_digits

    digits = load_digits()
    X, y = digits.images[:600] / 16, digits.target[:600]
    table = imf.image_feature_scores(X[:400], y[:400], X[400:], y[400:])
    assert list(table.index) == list(imf.FEATURE_SETS)
    raw = table.loc["raw pixels"]
    hog = table.loc["orientation histograms"]
    assert raw["contrast and brightness changed"] < raw["test accuracy"] - 0.3
    assert abs(hog["contrast and brightness changed"] - hog["test accuracy"]) < 0.02
