"""Figures of lesson 09's embedding explorer.

:func:`plot_alignment_uniformity` draws every precomputed run's path in the
(uniformity, alignment) plane with the selected run and epoch highlighted; the
embedding panel itself is :func:`helpers.represent.projection_plots.plot_embedding`.
The numbers come from :mod:`helpers.represent.explorer`.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from helpers.represent.explorer import ExplorerGrid, ExplorerView
from helpers.ui.plots import color_for, label_axes, new_ax


def plot_alignment_uniformity(
    grid: ExplorerGrid,
    view: ExplorerView,
    *,
    ax: Axes | None = None,
    baselines: dict[str, float] | None = None,
) -> Axes:
    """Every run's path in the (uniformity, alignment) plane; the current one bold.

    With ``baselines``, the probe accuracy of this setting and of raw pixels and PCA
    is written in a corner.
    """
    if not isinstance(grid, ExplorerGrid) or not isinstance(view, ExplorerView):
        raise TypeError(
            "grid and view must be an ExplorerGrid and an ExplorerView, got "
            f"{type(grid).__name__} and {type(view).__name__}"
        )
    ax = new_ax(ax)
    # All other runs as one artist (NaN breaks the line between runs): fast redraws.
    others = [
        (t, s) for t, s in grid.alignment if (t, s) != (view.temperature, view.strength)
    ]
    nan = np.array([np.nan])
    xs = np.concatenate(
        [np.concatenate([grid.uniformity[k], nan]) for k in others] or [nan]
    )
    ys = np.concatenate(
        [np.concatenate([grid.alignment[k], nan]) for k in others] or [nan]
    )
    ax.plot(
        xs,
        ys,
        "-o",
        ms=3,
        lw=0.8,
        color=color_for("baseline"),
        alpha=0.5,
        label="other runs",
    )
    key = (view.temperature, view.strength)
    ax.plot(
        grid.uniformity[key],
        grid.alignment[key],
        "-o",
        ms=4,
        lw=2.2,
        color=color_for("contrastive"),
        label="this run",
    )
    ax.plot(
        view.uniformity,
        view.alignment,
        "o",
        ms=11,
        mfc="none",
        mew=2,
        color=color_for("wrong"),
        label=f"epoch {view.epoch}",
    )
    ax.legend(loc="upper right", fontsize="small")
    if baselines is not None:
        ax.text(
            0.02,
            0.03,
            f"linear probe, 10 labels/class: {view.probe:.3f}\n"
            f"raw pixels {baselines['raw pixels']:.3f} · PCA "
            f"{baselines['pca']:.3f}",
            transform=ax.transAxes,
            fontsize=9,
            va="bottom",
        )
    _few_ticks(ax)
    return label_axes(
        ax,
        title="Alignment vs uniformity",
        xlabel="uniformity (lower: more spread out)",
        ylabel="alignment (lower: views closer)",
    )


def _few_ticks(ax: Axes, n: int = 4) -> None:
    """Fewer tick labels: most of a redraw's time goes into making ticks."""
    ax.xaxis.set_major_locator(MaxNLocator(n))
    ax.yaxis.set_major_locator(MaxNLocator(n))
