"""Tests of prepare.features_plots: titles, labels and what each figure draws."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.prepare import features_grid, features_plots


def test_feature_pair_draws_one_scatter_per_class(wine):
    X, y = wine
    ax = features_plots.plot_feature_pair(
        X[:, :2], y, names=("alcohol", "malic acid"), unit="z", title="Wine"
    )
    assert ax.get_title() == "Wine"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("alcohol (z)", "malic acid (z)")
    assert len(ax.collections) == 3  # three cultivars
    assert sum(len(c.get_offsets()) for c in ax.collections) == len(y)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "class 0",
        "class 1",
        "class 2",
    ]
    quiet = features_plots.plot_feature_pair(
        X[:, :2], y, names=("a", "b"), unit="z", title="t", legend=False
    )
    assert quiet.get_legend() is None
    with pytest.raises(ValueError, match="exactly 2 columns"):
        features_plots.plot_feature_pair(X, y, names=("a", "b"), unit="z", title="t")
    with pytest.raises(ValueError, match="X and y must have the same length"):
        features_plots.plot_feature_pair(
            X[:, :2], y[:-1], names=("a", "b"), unit="z", title="t"
        )


def test_selection_leakage_draws_two_median_lines_and_chance():
    results = pd.DataFrame(
        {
            "n_features": [10, 100] * 3,
            "seed": [0, 0, 1, 1, 2, 2],
            "leaky": [0.6, 0.8, 0.62, 0.82, 0.58, 0.78],
            "honest": [0.5, 0.48, 0.52, 0.5, 0.49, 0.51],
        }
    )
    ax = features_plots.plot_selection_leakage(results)
    assert ax.get_title() == "Feature selection on pure noise"
    assert "log scale" in ax.get_xlabel() and ax.get_ylabel() == "test accuracy"
    medians = {ln.get_label(): ln.get_ydata() for ln in ax.get_lines()}
    np.testing.assert_allclose(medians["selected on all rows (leaky)"], [0.6, 0.8])
    np.testing.assert_allclose(medians["selected inside the Pipeline"], [0.5, 0.5])
    assert "chance" in medians and ax.get_xscale() == "log"
    with pytest.raises(ValueError, match="lacks columns"):
        features_plots.plot_selection_leakage(results.drop(columns="honest"))


def test_widget_panels(feature_grid):
    ax = features_plots.plot_feature_view(
        feature_grid, scaler="standard", encoder="one-hot"
    )
    assert ax.get_title().startswith("2-D view: standard + one-hot")
    assert ax.get_xlabel() == "principal component 1"
    n_points = sum(len(ln.get_xdata()) for ln in ax.get_lines())
    assert n_points == len(feature_grid.y_view)
    current = features_grid.feature_result(
        feature_grid, scaler="min-max", encoder="label", n_components=2
    )
    ax = features_plots.plot_scores_by_components(feature_grid, current=current)
    assert "label encoding" in ax.get_title() and "3-fold" in ax.get_ylabel()
    lines = ax.get_lines()
    assert len(lines) == 4  # one per scaler, and the circle around the pick
    circle = lines[-1]
    assert circle.get_xdata()[0] == 1  # components (1, 2, 3): 2 sits at position 1
    assert circle.get_ydata()[0] == pytest.approx(current.score)
    widths = {ln.get_label(): ln.get_linewidth() for ln in lines[:3]}
    assert widths["scaler: min-max"] > widths["scaler: standard"]
    with pytest.raises(ValueError, match="unknown scaler"):
        features_plots.plot_feature_view(feature_grid, scaler="log", encoder="label")
    with pytest.raises(TypeError, match="current must be a FeatureResult"):
        features_plots.plot_scores_by_components(feature_grid, current=None)


def test_edges_figure_has_a_colour_bar_and_outlines():
    import matplotlib.pyplot as plt

    from helpers.prepare import image_features

    rng = np.random.default_rng(0)
    imgs = rng.uniform(size=(4, 8, 8))
    ax = features_plots.plot_edges(imgs, image_features.edge_magnitude(imgs))
    assert "edge strength" in ax.get_title().lower()
    assert len(ax.figure.axes) == 2  # the image and its colour bar
    assert "Sobel" in ax.figure.axes[1].get_ylabel()
    assert ax.images[0].get_array().shape == (8, 4 * 9 - 1)
    with pytest.raises(ValueError, match="differ in shape"):
        features_plots.plot_edges(imgs, imgs[:2])
    plt.close("all")
