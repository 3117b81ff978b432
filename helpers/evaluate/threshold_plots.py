"""Plots of lesson 00's threshold: score histograms and the precision-recall curve."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from sklearn.metrics import precision_recall_curve

from helpers.core.validation import check_real
from helpers.evaluate.threshold import ThresholdResult, check_binary
from helpers.ui.plots import color_for, label_axes, new_ax

SCORE_BINS = np.linspace(0, 1, 26)
"""The bins of :func:`plot_score_histogram` (25 bins of width 0.04)."""


def plot_score_histogram(
    scores: np.ndarray, y_true: np.ndarray, *, threshold: float, ax: Axes | None = None
) -> Axes:
    """Scores of positives and negatives, with the decision threshold."""
    scores, y = check_binary(scores, y_true)
    threshold = check_real("threshold", threshold, low=0.0, high=1.0)
    ax = new_ax(ax)
    # Each class's bars sum to 1, so the rare positive class is as visible as the rest
    # (a log axis would do too, but costs ~50 ms per redraw in tick layout).
    for mask, name, label in [(~y, "before", "other digits"), (y, "after", "positive")]:
        weights = np.full(mask.sum(), 1.0 / max(mask.sum(), 1))
        ax.hist(
            scores[mask],
            bins=SCORE_BINS,
            weights=weights,
            alpha=0.65,
            histtype="stepfilled",
            color=color_for(name),
            label=label,
        )
    ax.axvline(threshold, color=color_for("wrong"), lw=2, label="threshold")
    ax.legend(loc="upper center", fontsize="small")  # fixed spot: "best" is slow
    return label_axes(
        ax,
        title="Scores by true class",
        xlabel="model score",
        ylabel="share of the class's images",
    )


def plot_precision_recall(
    scores: np.ndarray,
    y_true: np.ndarray,
    *,
    current: ThresholdResult | None = None,
    ax: Axes | None = None,
) -> Axes:
    """The precision-recall curve, with the current operating point marked."""
    scores, y = check_binary(scores, y_true)
    ax = new_ax(ax)
    precision, recall, _ = precision_recall_curve(y, scores)
    ax.plot(recall, precision, color=color_for("baseline"), lw=1.5)
    if current is not None and not np.isnan(current.precision):
        ax.plot(current.recall, current.precision, "o", ms=9, color=color_for("wrong"))
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.05)
    return label_axes(
        ax, title="Precision vs recall", xlabel="recall", ylabel="precision"
    )
