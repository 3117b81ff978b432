"""Plots of lesson 12's metrics: confusion matrix, ROC and PR curves, outlier sweep."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from helpers.core.validation import check_array, check_frame, check_real
from helpers.evaluate.metrics import Curve
from helpers.ui.plots import color_for, label_axes, new_ax


def _check_curve(curve: Curve, area: float | None) -> None:
    if not isinstance(curve, Curve):
        raise TypeError(f"curve must be a Curve, got {type(curve).__name__}")
    if area is not None:
        check_real("area", area, low=0.0, high=1.0)


def plot_confusion_matrix(
    counts: np.ndarray,
    *,
    names: tuple[str, ...] | None = None,
    ax: Axes | None = None,
    colorbar: bool = True,
) -> Axes:
    """Counts as a heat map (rows: true class, columns: predicted), numbers written."""
    counts = check_array("counts", counts, ndim=2)
    k = counts.shape[0]
    if counts.shape != (k, k):
        raise ValueError(f"counts must be square, got shape {counts.shape}")
    names = tuple(str(i) for i in range(k)) if names is None else tuple(names)
    if len(names) != k:
        raise ValueError(f"names must name {k} classes, got {len(names)}")
    ax = new_ax(ax, figsize=(4, 3.5))
    image = ax.imshow(counts, cmap="Blues", vmin=0)
    top = counts.max() if counts.size else 0
    for (i, j), n in np.ndenumerate(counts):
        colour = "white" if n > top / 2 else "black"
        ax.text(j, i, f"{n:g}", ha="center", va="center", color=colour)
    ax.set_xticks(range(k), names)
    ax.set_yticks(range(k), names)
    ax.grid(False)
    if colorbar:
        ax.figure.colorbar(image, ax=ax, label="examples")
    return label_axes(
        ax, title="Confusion matrix", xlabel="predicted class", ylabel="true class"
    )


def plot_roc(
    curve: Curve,
    *,
    area: float | None = None,
    point: tuple[float, float] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """A ROC curve, the diagonal of a random ranking, and an optional operating
    point ``(fpr, tpr)``."""
    _check_curve(curve, area)
    ax = new_ax(ax, figsize=(4, 3.5))
    label = "model" if area is None else f"model (AUC {area:.3f})"
    ax.plot(curve.x, curve.y, color=color_for("after"), lw=1.8, label=label)
    ax.plot([0, 1], [0, 1], ls="--", color=color_for("random"), label="random ranking")
    if point is not None:
        ax.plot(*point, "o", ms=8, color=color_for("wrong"), label="threshold")
    ax.set_xlim(-0.01, 1.01)
    ax.set_ylim(-0.01, 1.05)
    ax.legend(loc="lower right", fontsize="small")
    return label_axes(
        ax,
        title="ROC curve",
        xlabel="false positive rate (share of negatives flagged)",
        ylabel="true positive rate (recall)",
    )


def plot_pr(
    curve: Curve,
    *,
    base_rate: float,
    area: float | None = None,
    point: tuple[float, float] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """A precision-recall curve, the precision of a random ranking (``base_rate``,
    the share of positives) and an optional operating point ``(recall, precision)``."""
    base_rate = check_real("base_rate", base_rate, low=0.0, high=1.0)
    _check_curve(curve, area)
    ax = new_ax(ax, figsize=(4, 3.5))
    label = "model" if area is None else f"model (AP {area:.3f})"
    ax.step(
        curve.x, curve.y, where="post", color=color_for("after"), lw=1.8, label=label
    )
    ax.axhline(base_rate, ls="--", color=color_for("random"), label="random ranking")
    if point is not None:
        ax.plot(*point, "o", ms=8, color=color_for("wrong"), label="threshold")
    ax.set_xlim(-0.01, 1.01)
    ax.set_ylim(0, 1.05)
    ax.legend(loc="center left", fontsize="small")  # the curve runs along the top
    return label_axes(
        ax, title="Precision-recall curve", xlabel="recall", ylabel="precision"
    )


def plot_outlier_sweep(
    sweep: pd.DataFrame, *, size: float | None = None, ax: Axes | None = None
) -> Axes:
    """MSE, RMSE and MAE as one outlier grows, each relative to its value without
    the outlier (so the three share one axis)."""
    sweep = check_frame(sweep, ("size", "mse", "rmse", "mae"), name="sweep")
    if size is not None:
        check_real("size", size)
    ax = new_ax(ax)
    base = sweep.iloc[int(np.argmin(np.abs(sweep["size"].to_numpy())))]
    for name in ("mse", "rmse", "mae"):
        ratio = sweep[name] / base[name]
        ax.plot(sweep["size"], ratio, lw=2, label=name.upper(), color=color_for(name))
    if size is not None:
        ax.axvline(size, color=color_for("wrong"), ls=":", label="chosen outlier")
    ax.legend(loc="upper left", fontsize="small")
    return label_axes(
        ax,
        title="One outlier, three errors",
        xlabel="outlier size (added to one target, disease-progression units)",
        ylabel="error / error without the outlier",
    )
