"""Tests for represent/projection_plots.py: the embedding scatter."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.represent.projection_plots import plot_embedding
from helpers.ui.plots import class_colors


def _blobs() -> tuple[np.ndarray, np.ndarray]:
    y = np.repeat(np.arange(10), 4)
    points = np.stack([y, -y], axis=1) + 0.01 * np.arange(40)[:, None]
    return points.astype(float), y


def test_plot_embedding_labels_every_class_at_its_median():
    points, y = _blobs()
    ax = plot_embedding(points, y, projection="PCA", title="digits")
    assert ax.get_title() == "digits"
    assert ax.get_xlabel() == "PCA 1 (feature units)"
    texts = {t.get_text(): t for t in ax.texts}
    assert sorted(texts) == [str(c) for c in range(10)]
    assert texts["3"].get_position() == pytest.approx(
        tuple(np.median(points[y == 3], 0))
    )
    assert texts["3"].get_color() == class_colors(10)[3]


def test_plot_embedding_uses_fixed_limits():
    points, y = _blobs()
    ax = plot_embedding(points, y, limits=(-1, 12, -12, 1))
    assert ax.get_xlim() == (-1, 12) and ax.get_ylim() == (-12, 1)
    assert ax.get_xlabel() == "t-SNE 1 (no unit)"


def test_plot_embedding_rejects_bad_input():
    points, y = _blobs()
    with pytest.raises(ValueError, match="must have the same length"):
        plot_embedding(points, y[:-1])
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        plot_embedding(np.zeros((40, 3)), y)
    with pytest.raises(ValueError, match="points must hold finite numbers"):
        plot_embedding(np.full((40, 2), np.nan), y)
    with pytest.raises(ValueError, match="unknown projection 'UMAP'"):
        plot_embedding(points, y, projection="UMAP")
