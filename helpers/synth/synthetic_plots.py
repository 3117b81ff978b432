"""Figures of lesson 10: real vs synthetic rows, SMOTE, privacy distances, digits.

* :func:`plot_real_vs_synthetic` -- two columns of real and synthetic rows, overlaid.
* :func:`plot_smote` -- the common class, the rare real rows and the SMOTE rows.
* :func:`plot_dcr` -- histograms of distances to the closest training record.
* :func:`plot_ratio_curves`, :func:`plot_digit_examples` -- the augmented vs
  generated digits grid of :mod:`helpers.synth.synthetic_digits`.

The numbers come from :mod:`helpers.synth.synthetic` and
:mod:`helpers.synth.synthetic_digits`; rows of digits are drawn by
:func:`helpers.ui.plots.image_rows`.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.axes import Axes

from helpers.core.validation import (
    check_array,
    check_labels,
    check_real,
    check_same_length,
)
from helpers.synth.synthetic_digits import SOURCES, DigitsGrid
from helpers.ui.plots import color_for, image_rows, label_axes, median_band, new_ax


def plot_real_vs_synthetic(
    real: np.ndarray,
    synthetic: np.ndarray,
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    ax: Axes | None = None,
) -> Axes:
    """Synthetic rows under real ones, both ``(n, 2)``: do the clouds match?"""
    real = _points("real", real)
    synthetic = _points("synthetic", synthetic)
    ax = new_ax(ax)
    for name, pts in (("synthetic", synthetic), ("real", real)):
        ax.scatter(pts[:, 0], pts[:, 1], s=8, color=color_for(name), label=name)
    return label_axes(ax, title=title, xlabel=xlabel, ylabel=ylabel)


def plot_smote(
    X: np.ndarray,
    y: np.ndarray,
    X_new: np.ndarray,
    *,
    rare: int = 1,
    ax: Axes | None = None,
) -> Axes:
    """Two-feature data ``X`` with labels ``y``, and new rare-class rows ``X_new``
    (e.g. from :func:`helpers.synth.synthetic.smote`)."""
    X = _points("X", X)
    y = check_labels("y", y)
    check_same_length(X=X, y=y)
    X_new = _points("X_new", X_new, min_len=0)
    if rare not in set(y.tolist()):
        raise ValueError(f"rare class {rare!r} does not occur in y")
    ax = new_ax(ax, figsize=(5.5, 4))
    common = X[y != rare]
    ax.scatter(*common.T, s=6, color="lightgrey", label="common class")
    ax.scatter(*X_new.T, s=6, color=color_for("synthetic"), label="SMOTE rows")
    ax.scatter(
        *X[y == rare].T,
        s=25,
        color=color_for("real"),
        marker="x",
        label="rare class (real)",
    )
    label_axes(
        ax,
        title="SMOTE fills in between rare neighbours",
        xlabel="feature 1 (a.u.)",
        ylabel="feature 2 (a.u.)",
    )
    ax.legend(loc="lower right", fontsize="small")
    return ax


def plot_dcr(
    distances: Mapping[str, np.ndarray],
    *,
    colors: Mapping[str, str] | None = None,
    max_distance: float = 3.0,
    ax: Axes | None = None,
) -> Axes:
    """Histograms of distances to the closest training record, one per sample set.

    ``distances`` maps a legend label to distances ``(n,)`` (e.g. from
    :func:`helpers.synth.synthetic.distance_to_closest_record`); ``colors`` maps
    the same labels to palette names (default: the labels themselves).
    """
    if not isinstance(distances, Mapping) or not distances:
        raise ValueError("distances must map sample-set names to distances (n,)")
    max_distance = check_real("max_distance", max_distance, low=0, open_low=True)
    colors = dict(colors or {})
    ax = new_ax(ax, figsize=(7, 3.6))
    for name, d in distances.items():
        ax.hist(
            check_array(f"distances[{name!r}]", d, ndim=1),
            bins=40,
            range=(0, max_distance),
            histtype="stepfilled",
            alpha=0.5,
            label=name,
            color=color_for(colors.get(name, name)),
        )
    label_axes(
        ax,
        title="Distance to the closest training digit",
        xlabel="Euclidean distance (pixel units, 64-D)",
        ylabel="digits",
    )
    ax.legend(loc="upper right", fontsize="small")
    return ax


def plot_ratio_curves(
    grid: DigitsGrid, *, strength: float, ratio: float, ax: Axes | None = None
) -> Axes:
    """Median test accuracy (IQR band) against the synthetic-to-real ratio."""
    _check_grid(grid)
    i, j = grid.index(strength=strength, ratio=ratio)
    ax = new_ax(ax)
    x = np.arange(len(grid.ratios))  # even spacing: ratios double
    for source in SOURCES:
        median_band(
            x,
            grid.accuracy[source][:, i, :],
            label=source,
            ax=ax,
            color=color_for("augmented" if source == "augmented" else "synthetic"),
            marker="o",
            ms=3,
        )
    base = np.median(grid.accuracy["augmented"][:, i, 0])
    ax.axhline(base, color="grey", ls=":", lw=1, label="real only")
    ax.axvline(j, color="black", lw=0.8)
    ax.set_xticks(x, [str(r) for r in grid.ratios])
    label_axes(
        ax,
        title=f"Adding extra digits at strength {strength}",
        xlabel="extra images per real image (ratio)",
        ylabel="test accuracy (real digits)",
    )
    # below the axis label: the bands can reach every corner of the plot area
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3, fontsize="small")
    return ax


def plot_digit_examples(
    grid: DigitsGrid, *, strength: float, ax: Axes | None = None
) -> Axes:
    """One extra training digit per class from each source, at ``strength``."""
    _check_grid(grid)
    i, _ = grid.index(strength=strength, ratio=grid.ratios[0])
    return image_rows(
        {source: grid.examples[source][i] for source in SOURCES},
        title=f"Extra training digits at strength {strength}",
        xlabel="one column per class (0-9)",
        ax=ax,
    )


def _check_grid(grid: DigitsGrid) -> None:
    if not isinstance(grid, DigitsGrid):
        raise TypeError(f"grid must be a DigitsGrid, got {type(grid).__name__}")


def _points(name: str, value: np.ndarray, *, min_len: int = 1) -> np.ndarray:
    pts = check_array(name, value, ndim=2, min_len=min_len)
    if pts.shape[1] != 2:
        raise ValueError(f"{name} must have shape (n, 2), got {pts.shape}")
    return pts
