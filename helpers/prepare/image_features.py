"""Image features by hand: edges and histograms of their directions (lesson 03).

:func:`sobel` computes the horizontal and vertical brightness gradients with the Sobel
kernels, :func:`edge_magnitude` their length (an edge map), and
:func:`orientation_histograms` counts, in each cell of the image, how much edge points
in each direction, each cell normalised to unit length (the idea of HOG, histograms of
oriented gradients). Normalised histograms do not change when the contrast or the
brightness does; raw pixels do, which :func:`image_feature_scores` measures.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from helpers.core.validation import check_array, check_int, check_labels, check_real

KX = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=float)
"""Sobel kernel of the horizontal gradient (its transpose is the vertical one)."""
FEATURE_SETS = ("raw pixels", "edge magnitude", "orientation histograms")


def _images(images: np.ndarray) -> np.ndarray:
    images = check_array("images", images, ndim=3)  # (n, h, w)
    if min(images.shape[1:]) < 3:
        raise ValueError(
            f"images must be at least 3 x 3 pixels, got {images.shape[1:]}"
        )
    return images


def sobel(images: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Horizontal and vertical gradients ``(gx, gy)``, each ``(n, h, w)`` (edges
    padded by repeating the border pixels)."""
    images = _images(images)
    p = np.pad(images, ((0, 0), (1, 1), (1, 1)), mode="edge")  # (n, h+2, w+2)
    h, w = images.shape[1:]
    gx = np.zeros_like(images)
    gy = np.zeros_like(images)
    for di in range(3):
        for dj in range(3):
            window = p[:, di : di + h, dj : dj + w]  # (n, h, w)
            gx += KX[di, dj] * window
            gy += KX.T[di, dj] * window
    return gx, gy


def edge_magnitude(images: np.ndarray) -> np.ndarray:
    """The gradient's length ``sqrt(gx² + gy²)``, shape ``(n, h, w)``."""
    gx, gy = sobel(images)
    return np.hypot(gx, gy)


def orientation_histograms(
    images: np.ndarray, *, cell: int = 4, bins: int = 8
) -> np.ndarray:
    """Per ``cell`` x ``cell`` block, the gradient magnitude summed into ``bins``
    direction bins over [0°, 180°), each block's histogram scaled to unit length;
    shape ``(n, n_cells * bins)``."""
    images = _images(images)
    cell = check_int("cell", cell, low=1, high=min(images.shape[1:]))
    bins = check_int("bins", bins, low=2, high=36)
    gx, gy = sobel(images)
    magnitude = np.hypot(gx, gy)  # (n, h, w)
    angle = np.mod(np.arctan2(gy, gx), np.pi)  # (n, h, w) in [0, pi)
    which = np.minimum((angle / np.pi * bins).astype(int), bins - 1)
    n, h, w = images.shape
    feats = []
    for i in range(0, h - cell + 1, cell):
        for j in range(0, w - cell + 1, cell):
            m = magnitude[:, i : i + cell, j : j + cell].reshape(n, -1)
            b = which[:, i : i + cell, j : j + cell].reshape(n, -1)
            hist = np.zeros((n, bins))  # (n, bins)
            np.add.at(hist, (np.repeat(np.arange(n), b.shape[1]), b.ravel()), m.ravel())
            norm = np.linalg.norm(hist, axis=1, keepdims=True)
            feats.append(
                np.divide(hist, norm, out=np.zeros_like(hist), where=norm > 1e-12)
            )
    return np.hstack(feats)


def featurize(images: np.ndarray, *, kind: str) -> np.ndarray:
    """One of :data:`FEATURE_SETS` as a matrix ``(n, n_features)``."""
    if kind not in FEATURE_SETS:
        raise ValueError(
            f"unknown feature set {kind!r}; choose one of {list(FEATURE_SETS)}"
        )
    images = _images(images)
    if kind == "raw pixels":
        return images.reshape(len(images), -1)
    if kind == "edge magnitude":
        return edge_magnitude(images).reshape(len(images), -1)
    return orientation_histograms(images)


def image_feature_scores(
    train: np.ndarray,
    y_train: np.ndarray,
    test: np.ndarray,
    y_test: np.ndarray,
    *,
    contrast: float = 0.5,
    brightness: float = 0.3,
) -> pd.DataFrame:
    """Test accuracy of logistic regression on each of :data:`FEATURE_SETS`, on the
    test images as they are and with their contrast and brightness changed
    (``contrast * x + brightness``): what a different camera or scanner would do."""
    train, test = _images(train), _images(test)
    y_train, y_test = check_labels("y_train", y_train), check_labels("y_test", y_test)
    if y_train.size != len(train) or y_test.size != len(test):
        raise ValueError("each image set needs one label per image")
    contrast = check_real("contrast", contrast, low=0, open_low=True)
    brightness = check_real("brightness", brightness)
    changed = contrast * test + brightness
    rows = {}
    for kind in FEATURE_SETS:
        model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
        model.fit(featurize(train, kind=kind), y_train)
        rows[kind] = {
            "test accuracy": model.score(featurize(test, kind=kind), y_test),
            "contrast and brightness changed": model.score(
                featurize(changed, kind=kind), y_test
            ),
        }
    return pd.DataFrame(rows).T
