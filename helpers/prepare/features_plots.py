"""Lesson 03's figures: two features before and after scaling, leakage on noise,
and the two panels of the features widget.

Plot functions take what :mod:`helpers.prepare.features` and
:mod:`helpers.prepare.features_grid` computed and draw it on ``ax`` (a new one when
``None``); they return the axes and never show the figure.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from helpers.core.validation import (
    check_array,
    check_choice,
    check_frame,
    check_labels,
    check_same_length,
)
from helpers.prepare.features import ENCODERS, SCALERS
from helpers.prepare.features_grid import FeatureGrid, FeatureResult
from helpers.ui.plots import (
    class_colors,
    color_for,
    label_axes,
    median_band,
    montage,
    new_ax,
)


def plot_feature_pair(
    X: np.ndarray,
    y: np.ndarray,
    *,
    names: tuple[str, str],
    unit: str,
    title: str,
    class_label: str = "class",
    legend: bool = True,
    ax: Axes | None = None,
) -> Axes:
    """Two features against each other, one colour per class, equal axis scales.

    ``X`` holds the two columns, shape ``(n, 2)``; equal scales show which feature
    dominates a distance (what k-NN sees).
    """
    X = check_array("X", X, ndim=2)
    if X.shape[1] != 2:
        raise ValueError(f"X must hold exactly 2 columns, got {X.shape[1]}")
    y = check_labels("y", y)
    check_same_length(X=X, y=y)
    if isinstance(names, str) or len(names) != 2:
        raise ValueError(f"names must name the 2 columns, got {names!r}")
    ax = new_ax(ax)
    classes = np.unique(y)
    for c, color in zip(classes, class_colors(len(classes)), strict=True):
        m = y == c
        ax.scatter(X[m, 0], X[m, 1], s=12, color=color, label=f"{class_label} {c}")
    ax.set_aspect("equal", adjustable="datalim")
    if legend:
        ax.legend(loc="upper right", fontsize="small")
    return label_axes(
        ax, title=title, xlabel=f"{names[0]} ({unit})", ylabel=f"{names[1]} ({unit})"
    )


def plot_selection_leakage(results: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Median test accuracy (inter-quartile band) vs number of noise features.

    ``results`` is :func:`helpers.prepare.features.selection_leakage`'s table.
    """
    check_frame(results, ["n_features", "seed", "leaky", "honest"], name="results")
    ax = new_ax(ax)
    for column, label, color in [
        ("leaky", "selected on all rows (leaky)", "wrong"),
        ("honest", "selected inside the Pipeline", "correct"),
    ]:
        wide = results.pivot(index="seed", columns="n_features", values=column)
        median_band(
            wide.columns.to_numpy(),
            wide.to_numpy(),  # (n_seeds, n_feature_counts)
            label=label,
            ax=ax,
            color=color_for(color),
            marker="o",
        )
    ax.axhline(0.5, color=color_for("baseline"), ls="--", lw=1, label="chance")
    ax.set_xscale("log")
    ax.set_ylim(0.3, 1.0)
    ax.legend(loc="upper left", fontsize="small")
    return label_axes(
        ax,
        title="Feature selection on pure noise",
        xlabel="number of noise features screened (log scale)",
        ylabel="test accuracy",
    )


def plot_edges(
    images: np.ndarray, edges: np.ndarray, *, ax: Axes | None = None
) -> Axes:
    """Edge strength of each image side by side (colour, with a colour bar), the
    digit's strokes outlined on top (half-brightness contour of ``images``)."""
    images = check_array("images", images, ndim=3)  # (n, h, w)
    edges = check_array("edges", edges, ndim=3)  # (n, h, w)
    if images.shape != edges.shape:
        raise ValueError(
            f"images and edges differ in shape: {images.shape}, {edges.shape}"
        )
    if len(images) > 20:
        raise ValueError(f"at most 20 images fit in a row, got {len(images)}")
    ax = new_ax(ax, figsize=(9, 2.4))
    n = len(images)
    strength = montage(edges, ncols=n)
    shown = ax.imshow(strength, cmap="magma", interpolation="nearest")
    outline = np.nan_to_num(montage(images, ncols=n), nan=0.0)
    half = 0.5 * float(np.nanmax(images))
    ax.contour(outline, levels=[half], colors="white", linewidths=0.8)
    ax.figure.colorbar(shown, ax=ax, label="edge strength (Sobel units)", shrink=0.9)
    ax.set_xticks([])
    ax.set_yticks([])
    return label_axes(
        ax,
        title="Sobel edge strength; white lines outline the strokes",
        xlabel=f"{n} digits (8 × 8 pixels each)",
        ylabel="",
    )


def plot_feature_view(
    grid: FeatureGrid, *, scaler: str, encoder: str, ax: Axes | None = None
) -> Axes:
    """The customers on the first two principal components after preprocessing."""
    _check_grid(grid)
    check_choice("scaler", scaler, SCALERS)
    check_choice("encoder", encoder, ENCODERS)
    ax = new_ax(ax)
    Z = grid.views[(scaler, encoder)]
    colors = class_colors(2)
    for c, label in [(0, "no premium"), (1, "premium")]:
        m = grid.y_view == c
        # plot() with markers draws faster than scatter(): the widget redraws often
        ax.plot(Z[m, 0], Z[m, 1], "o", ms=2.5, alpha=0.6, color=colors[c], label=label)
    ax.ticklabel_format(style="sci", scilimits=(-3, 4))
    ax.legend(loc="upper right", fontsize="small", markerscale=2)
    kept = grid.variance[(scaler, encoder)][1]
    return label_axes(
        ax,
        title=f"2-D view: {scaler} + {encoder} ({kept:.0%} of variance)",
        xlabel="principal component 1",
        ylabel="principal component 2",
    )


def plot_scores_by_components(
    grid: FeatureGrid, *, current: FeatureResult, ax: Axes | None = None
) -> Axes:
    """Accuracy vs PCA components for every scaler; the current pick is circled."""
    _check_grid(grid)
    if not isinstance(current, FeatureResult):
        raise TypeError(
            f"current must be a FeatureResult, got {type(current).__name__}"
        )
    ax = new_ax(ax)
    ks = list(grid.components)
    x = np.arange(len(ks) + 1)
    for s in SCALERS:
        ys = [grid.scores[(s, current.encoder, k)] for k in (*ks, None)]
        bold = s == current.scaler
        ax.plot(
            x,
            ys,
            marker="o",
            ms=4,
            lw=2.2 if bold else 1.0,
            alpha=1.0 if bold else 0.5,
            color=color_for(f"scaler {s}"),
            label=f"scaler: {s}",
        )
    pos = len(ks) if current.n_components is None else ks.index(current.n_components)
    ax.plot(pos, current.score, "o", ms=12, mfc="none", mew=2, color=color_for("wrong"))
    ax.set_xticks(x, [*map(str, ks), "all"])
    ax.set_ylim(0.45, 1.0)
    ax.legend(loc="lower right", fontsize="small")
    return label_axes(
        ax,
        title=f"Score by PCA size ({current.encoder} encoding)",
        xlabel="PCA components kept",
        ylabel=f"{grid.n_splits}-fold accuracy",
    )


def _check_grid(grid: FeatureGrid) -> None:
    if not isinstance(grid, FeatureGrid):
        raise TypeError(f"grid must be a FeatureGrid, got {type(grid).__name__}")
