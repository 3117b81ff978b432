"""Lesson 07's figures: learning curves per strategy, the gain over random sampling,
and the two panels of the human-in-the-loop labeling widget."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes

from helpers.labels.active_loop import Curves, gain_over_random
from helpers.ui.plots import color_for, label_axes, median_band, new_ax

_LABELS_BOUGHT = "labels bought (start set included)"


def _legend_and_labels(ax: Axes, *, title: str, ylabel: str) -> Axes:
    ax.legend(loc="lower right", fontsize="small", ncol=2)
    return label_axes(ax, title=title, xlabel=_LABELS_BOUGHT, ylabel=ylabel)


def plot_learning_curves(
    curves: Curves,
    *,
    names: Sequence[str] | None = None,
    ax: Axes | None = None,
    title: str = "Test accuracy as labels are bought",
    thresholds: Sequence[float] = (0.90, 0.95),
) -> Axes:
    """Median test accuracy over seeds with an inter-quartile band, per strategy;
    dashed lines mark the accuracy ``thresholds``."""
    ax = new_ax(ax)
    names = list(names or curves.accuracy)
    for name in names:
        curve = curves.curve(name)  # refuses a strategy without curves
        median_band(curve.n_labels, curve.accuracy, label=name, ax=ax)
    for t in thresholds:
        ax.axhline(t, color="#999999", lw=0.8, ls="--")
    lowest = min(curves.median(name).min() for name in names)
    ax.set_xlim(curves.n_labels[0], curves.n_labels[-1])
    ax.set_ylim(np.floor((lowest - 0.02) * 20) / 20, 1.0)
    return _legend_and_labels(ax, title=title, ylabel="test accuracy")


def plot_gain_over_random(
    curves: Curves,
    *,
    names: Sequence[str],
    ax: Axes | None = None,
    title: str = "What each label buys compared with random sampling",
) -> Axes:
    """Median accuracy minus random's, in percentage points, against labels bought."""
    ax = new_ax(ax)
    ax.axhline(0.0, color=color_for("random"), lw=1.2, label="random (reference)")
    for name in names:
        ax.plot(
            curves.n_labels,
            100 * gain_over_random(curves, name),
            color=color_for(name),
            label=name,
        )
    return _legend_and_labels(ax, title=title, ylabel="accuracy above random (points)")


def plot_query_image(
    image: np.ndarray | None, *, done: int, total: int, ax: Axes | None = None
) -> Axes:
    """The 8x8 digit a strategy asks about, titled with its place in the batch
    (``done`` answered of ``total``); a blank panel when ``image`` is None."""
    ax = new_ax(ax, figsize=(2.5, 2.5))
    ax.set_axis_off()
    if image is not None:
        ax.imshow(np.reshape(image, (8, 8)), cmap="gray_r", vmin=0, vmax=1)
        ax.set_title(f"which digit? ({done + 1} of {total})", fontsize=10)
    return ax


def plot_labeling_history(
    history: Sequence[tuple[int, float]], *, strategy: str, ax: Axes | None = None
) -> Axes:
    """Test accuracy after every retrain against the labels held at the time."""
    ax = new_ax(ax)
    n, acc = np.asarray(history, dtype=float).reshape(-1, 2).T
    ax.plot(n, acc, "o-", color=color_for(strategy), ms=4)
    return label_axes(
        ax,
        title=f"Test accuracy as you label ({strategy})",
        xlabel="labels held",
        ylabel="test accuracy",
    )
