"""Lesson 06's figures: one :class:`~helpers.labels.selftraining_grid.GridCell` (the
runs of one self-training setting over seeds) per plot, or a threshold sweep over the
whole grid. Each ``plot_*`` draws on ``ax`` and returns it.
"""

from __future__ import annotations

from typing import Any

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from helpers.core.validation import check_choice
from helpers.labels.selftraining_grid import MODES, GridCell, SelfTrainingGrid
from helpers.ui.plots import class_colors, color_for, label_axes, median_band, new_ax

SHARE_CMAP = "Blues"
SHARE_MAX = 0.6  # colour scale of class shares; a balanced round sits at 1/K = 0.1
SHARE_TICKS = (0.0, 0.2, 0.4, 0.6)


_KEY_STYLE = {
    "loc": "upper center",
    "fontsize": "x-small",
    "ncols": 6,
    "columnspacing": 0.8,
    "handlelength": 1.0,
    "title": "predicted digit",
    "title_fontsize": "x-small",
}


def _check(name: str, value: Any, kind: type) -> Any:
    """``value`` if it is a ``kind`` (a grid cell or a grid), else a TypeError."""
    if not isinstance(value, kind):
        raise TypeError(f"{name} must be a {kind.__name__}, got {type(value).__name__}")
    return value


def _digit_key(n_classes: int) -> list[Any]:
    """Legend handles: one patch per digit colour, and the black 'wrong' steps."""
    patches = [
        Patch(color=c, label=str(d)) for d, c in enumerate(class_colors(n_classes))
    ]
    return [*patches, Line2D([], [], color="black", lw=2, label="wrong")]


def _round_ticks(last: int, *, start: int) -> list[int]:
    """At most five round numbers from ``start`` to ``last`` (few ticks draw fast)."""
    step = max(1, -(-(last - start) // 4))
    return list(range(start, last + 1, step))


def plot_pseudo_labels(
    cell: GridCell, *, ax: Axes | None = None, legend: bool = True
) -> Axes:
    """Pseudo-labels added per round, stacked by predicted digit, with the wrong ones.

    Bars are means over seeds (so the digits stack up to the round's total); the
    black steps count the wrong pseudo-labels of each round. ``legend=False`` leaves
    the key to the caller (the widget draws it once, outside the redraw).
    """
    _check("cell", cell, GridCell)
    ax = new_ax(ax)
    counts = cell.class_counts.mean(axis=0)  # (rounds, classes)
    n_rounds, n_classes = counts.shape
    edges = np.arange(n_rounds + 1) + 0.5
    bottom = np.zeros(n_rounds)
    # One filled step outline per digit (10 artists, not 120 bars): fast redraws.
    for c, color in enumerate(class_colors(n_classes)):
        top = bottom + counts[:, c]
        ax.stairs(top, edges, baseline=bottom, fill=True, color=color, label=str(c))
        bottom = top
    ax.stairs(cell.wrong.mean(axis=0), edges, color="black", lw=2, label="wrong")
    ax.set_xlim(edges[0], edges[-1])
    ax.set_xticks(_round_ticks(n_rounds, start=1))
    headroom = 1.45 if legend else 1.1  # room for the legend above the bars
    ax.set_ylim(0, max(1.0, headroom * float(bottom.max())))
    ax.yaxis.set_major_locator(mpl.ticker.MaxNLocator(4))  # few ticks: fast redraws
    if legend:
        ax.legend(handles=_digit_key(n_classes), **_KEY_STYLE)
    return label_axes(
        ax,
        title="Pseudo-labels added per round",
        xlabel="round",
        ylabel="pseudo-labels (mean over seeds)",
    )


def plot_class_mix(
    cell: GridCell, *, ax: Axes | None = None, colorbar: bool = True
) -> Axes:
    """Each round's pseudo-labels by predicted class, as shares (pooled over seeds).

    A balanced round is a uniform column at 1/K; class collapse is one dark cell.
    Blank columns are rounds that added nothing.
    """
    _check("cell", cell, GridCell)
    ax = new_ax(ax)
    share = cell.class_share()  # (rounds, classes)
    n_rounds, n_classes = share.shape
    cmap = mpl.colormaps[SHARE_CMAP].with_extremes(bad="#F2F2F2")
    image = ax.imshow(
        np.ma.masked_invalid(share.T),
        origin="lower",
        aspect="auto",
        cmap=cmap,
        vmin=0.0,
        vmax=SHARE_MAX,
        extent=(0.5, n_rounds + 0.5, -0.5, n_classes - 0.5),
        interpolation="nearest",
    )
    ax.set_yticks(range(n_classes))
    ax.set_xticks(_round_ticks(n_rounds, start=1))
    ax.grid(False)
    if colorbar:
        bar = ax.figure.colorbar(image, ax=ax, label="share of the round's labels")
        bar.set_ticks(SHARE_TICKS)
    return label_axes(
        ax, title="Class mix of the pseudo-labels", xlabel="round", ylabel="digit"
    )


def plot_accuracy_rounds(
    cell: GridCell, *, other: GridCell | None = None, ax: Axes | None = None
) -> Axes:
    """Test accuracy after each round (median and IQR over seeds) vs supervised-only.

    ``other`` (e.g. the other selection rule) is drawn as a thin dashed median line.
    """
    _check("cell", cell, GridCell)
    if other is not None:
        _check("other", other, GridCell)
    ax = new_ax(ax)
    rounds = np.arange(cell.accuracy.shape[1])
    ax.axhline(
        cell.baseline,
        color=color_for("supervised"),
        ls=":",
        lw=1.5,
        label="supervised only",
    )
    if other is not None:
        ax.plot(
            rounds,
            np.median(other.accuracy, axis=0),
            color=color_for(other.mode),
            ls="--",
            lw=1.2,
            label=other.mode,
        )
    median_band(rounds, cell.accuracy, label=cell.mode, ax=ax, lw=2)
    ax.set_ylim(0.75, 1.0)
    ax.set_yticks([0.75, 0.8, 0.85, 0.9, 0.95, 1.0])
    ax.set_xticks(_round_ticks(rounds[-1], start=0))
    ax.legend(loc="lower right", fontsize="small")
    return label_axes(
        ax,
        title="Test accuracy by round",
        xlabel="round (0 = labels only)",
        ylabel="test accuracy",
    )


def plot_threshold_sweep(
    grid: SelfTrainingGrid, *, model: str, ax: Axes | None = None
) -> Axes:
    """Final median test accuracy against the threshold, plain vs class-balanced."""
    _check("grid", grid, SelfTrainingGrid)
    check_choice("model", model, grid.config.models)
    ax = new_ax(ax)
    thresholds = np.asarray(grid.config.thresholds)
    for balanced, mode in enumerate(MODES):
        runs = np.stack(
            [
                grid.select(model=model, threshold=t, balanced=bool(balanced)).accuracy[
                    :, -1
                ]
                for t in thresholds
            ],
            axis=1,
        )  # (seeds, thresholds)
        median_band(thresholds, runs, label=mode, ax=ax, marker="o")
    base = grid.select(model=model, threshold=thresholds[0], balanced=False).baseline
    ax.axhline(base, color=color_for("supervised"), ls=":", label="supervised only")
    ax.legend(loc="best", fontsize="small")
    return label_axes(
        ax,
        title=f"Self-training with {model}: final accuracy vs threshold",
        xlabel="confidence threshold",
        ylabel="test accuracy (median, IQR band)",
    )
