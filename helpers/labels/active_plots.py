"""Lesson 07's figures: learning curves per strategy, the gain over random sampling,
and the two panels of the human-in-the-loop labeling widget."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes

from helpers.core.validation import check_array, check_choice, check_int, check_real
from helpers.labels.active_loop import Curves, gain_over_random
from helpers.labels.strategies import STRATEGIES, check_names
from helpers.ui.plots import color_for, label_axes, median_band, new_ax

_LABELS_BOUGHT = "labels bought (start set included)"
MAX_QUERY = 1000
"""Most images one labeling batch may show (``total`` of :func:`plot_query_image`)."""
IMAGE_PIXELS = 64
"""Pixels of one digit image (8x8)."""


def _check_curves(curves: object) -> Curves:
    if not isinstance(curves, Curves):
        raise TypeError(f"curves must be Curves, got {type(curves).__name__}")
    return curves


def _legend_and_labels(
    ax: Axes, *, title: str, ylabel: str, below: bool = False
) -> Axes:
    """Title, axis labels and the legend: lower right (where learning curves leave
    room), or ``below`` the axes when lines can run anywhere (gains over random)."""
    if below:
        ax.legend(
            loc="upper center",
            bbox_to_anchor=(0.5, -0.2),
            fontsize="small",
            ncol=3,
            frameon=False,
        )
    else:
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
    dashed lines mark the accuracy ``thresholds`` (at least one, each in [0, 1])."""
    _check_curves(curves)
    thresholds = check_array("thresholds", thresholds, ndim=1)
    for t in thresholds:
        check_real("threshold", t, low=0, high=1)
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
    _check_curves(curves)
    names = check_names(names)
    ax = new_ax(ax)
    ax.axhline(0.0, color=color_for("random"), lw=1.2, label="random (reference)")
    for name in names:
        ax.plot(
            curves.n_labels,
            100 * gain_over_random(curves, name),
            color=color_for(name),
            label=name,
        )
    return _legend_and_labels(
        ax, title=title, ylabel="accuracy above random (points)", below=True
    )


def plot_query_image(
    image: np.ndarray | None, *, done: int, total: int, ax: Axes | None = None
) -> Axes:
    """The 8x8 digit a strategy asks about, titled with its place in the batch
    (``done`` answered of ``total``, at most :data:`MAX_QUERY`); a blank panel when
    ``image`` is None."""
    shown = image is not None  # an image shown is one of the batch: done < total
    if shown:
        image = check_array("image", image, ndim=(1, 2))
        if image.size != IMAGE_PIXELS:
            raise ValueError(
                f"image must hold the {IMAGE_PIXELS} pixels of an 8x8 digit, got "
                f"shape {image.shape}"
            )
    total = check_int("total", total, low=int(shown), high=MAX_QUERY)
    done = check_int("done", done, low=0, high=total - int(shown))
    ax = new_ax(ax, figsize=(2.5, 2.5))
    ax.set_axis_off()
    if image is not None:
        ax.imshow(np.reshape(image, (8, 8)), cmap="gray_r", vmin=0, vmax=1)
        ax.set_title(f"which digit? ({done + 1} of {total})", fontsize=10)
    return ax


def plot_labeling_history(
    history: Sequence[tuple[int, float]], *, strategy: str, ax: Axes | None = None
) -> Axes:
    """Test accuracy after every retrain against the labels held at the time.

    ``history`` holds ``(labels held, accuracy)`` pairs; ``strategy`` is a name in
    :data:`helpers.labels.strategies.STRATEGIES`.
    """
    history = check_array("history", history, ndim=2)
    if history.shape[1] != 2:
        raise ValueError(
            f"history must hold (labels held, accuracy) pairs, got shape "
            f"{history.shape}"
        )
    check_choice("strategy", strategy, list(STRATEGIES))
    ax = new_ax(ax)
    n, acc = history.T
    ax.plot(n, acc, "o-", color=color_for(strategy), ms=4)
    return label_axes(
        ax,
        title=f"Test accuracy as you label ({strategy})",
        xlabel="labels held",
        ylabel="test accuracy",
    )
