"""Figures of two-dimensional layouts (lesson 09).

:func:`plot_embedding` draws points laid out by
:func:`helpers.represent.projection.tsne` or
:func:`helpers.represent.projection.pca_2d`, coloured by class, with each class's
label written at its median.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from helpers.core.validation import (
    check_array,
    check_choice,
    check_labels,
    check_same_length,
)
from helpers.ui.plots import class_colors, label_axes, new_ax


def plot_embedding(
    points: np.ndarray,
    labels: np.ndarray,
    *,
    ax: Axes | None = None,
    title: str = "Test digits in the learned space",
    projection: str = "t-SNE",
    limits: tuple[float, float, float, float] | None = None,
) -> Axes:
    """Points ``(n, 2)`` coloured by class ``labels`` ``(n,)``, each class's label
    written at its median."""
    points = check_array("points", points, ndim=2)
    labels = check_labels("labels", labels)
    check_same_length(points=points, labels=labels)
    if points.shape[1] != 2 or labels.min() < 0:
        raise ValueError(
            f"points must have shape (n, 2) and labels be >= 0, got {points.shape}"
        )
    check_choice("projection", projection, ("t-SNE", "PCA"))
    ax = new_ax(ax, figsize=(5, 4.5))
    colors = np.asarray(class_colors(max(10, int(labels.max()) + 1)))
    ax.scatter(points[:, 0], points[:, 1], c=colors[labels], s=12, linewidths=0)
    for c in np.unique(labels):
        mx, my = np.median(points[labels == c], axis=0)
        ax.text(
            mx,
            my,
            str(c),
            fontsize=14,
            fontweight="bold",
            ha="center",
            va="center",
            color=colors[c],
        )
    if limits is not None:
        ax.set_xlim(limits[0], limits[1])
        ax.set_ylim(limits[2], limits[3])
    ax.set_xticks([])
    ax.set_yticks([])
    unit = "(no unit)" if projection == "t-SNE" else "(feature units)"
    return label_axes(
        ax,
        title=title,
        xlabel=f"{projection} 1 {unit}",
        ylabel=f"{projection} 2 {unit}",
    )
