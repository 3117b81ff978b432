"""Tests for represent/probe_plots.py: probe curves, the loss and positive pairs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.represent import probe as ce
from helpers.represent.contrastive import SimCLRConfig, SimCLRRun, positive_pairs
from helpers.represent.probe_plots import (
    plot_losses,
    plot_positive_pairs,
    plot_probe_curves,
)
from helpers.ui.plots import color_for


def _curves() -> pd.DataFrame:
    rows = []
    for name, base in (("contrastive", 0.8), ("raw pixels", 0.6), ("pca", 0.5)):
        for n in (1, 5, 10):
            rows += [
                (name, n, 10 * n, s, base + 0.01 * n + 0.001 * s) for s in range(3)
            ]
        rows.append((name, 0, 1000, 0, 0.99))
    return pd.DataFrame(rows, columns=list(ce.COLUMNS))


def test_probe_curves_draw_one_median_line_per_feature_set():
    ax = plot_probe_curves(_curves())
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["contrastive", "raw pixels", "PCA"]
    np.testing.assert_array_equal(lines[0].get_xdata(), [1, 5, 10])  # no "all" row
    np.testing.assert_allclose(lines[1].get_ydata(), [0.611, 0.651, 0.701])
    assert lines[2].get_color() == color_for("pca")
    assert ax.get_xscale() == "log" and "labels per class" in ax.get_xlabel()
    with pytest.raises(ValueError, match="lacks columns"):
        plot_probe_curves(_curves().drop(columns="seed"))


def test_losses_show_the_uniform_guess():
    cfg = SimCLRConfig(batch_size=64)
    run = SimCLRRun(cfg, {}, np.array([4.5, 4.0, 3.2]), {}, 1.0)
    ax = plot_losses(run)
    loss, chance = ax.get_lines()
    np.testing.assert_array_equal(loss.get_xdata(), [1, 2, 3])
    assert chance.get_ydata()[0] == pytest.approx(np.log(127))
    assert ax.get_ylabel() == "InfoNCE loss (nats)"
    with pytest.raises(TypeError, match="run must be a SimCLRRun"):
        plot_losses([4.5, 4.0])


def test_positive_pairs_are_drawn_as_three_rows():
    images = np.random.default_rng(0).random((12, 8, 8))
    pairs = positive_pairs(images, strength=0.5, n=4, seed=1)
    ax = plot_positive_pairs(pairs, strength=0.5)
    (image,) = ax.get_images()
    assert image.get_array().shape == (3 * 9 - 1, 4 * 9 - 1)
    assert [t.get_text() for t in ax.get_yticklabels()] == list(pairs)
    assert "strength 0.5" in ax.get_title()
    with pytest.raises(ValueError, match="strength must be in"):
        plot_positive_pairs(pairs, strength=-1)
