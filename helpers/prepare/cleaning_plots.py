"""Lesson 02's figures: before/after histograms, outlier detection, downstream score.

Plot functions take what :mod:`helpers.prepare.cleaning_grid` computed and draw it on
``ax`` (a new one when ``None``); they return the axes and never show the figure.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from helpers.core.validation import (
    check_array,
    check_choice,
    check_frame,
    check_real,
)
from helpers.prepare.cleaning import OUTLIER_RULES
from helpers.prepare.cleaning_grid import CleaningGrid
from helpers.prepare.dirty import LABELS
from helpers.ui.plots import OKABE_ITO, color_for, label_axes, new_ax

RULE_COLORS = {
    "z-score": OKABE_ITO["purple"],
    "IQR": OKABE_ITO["orange"],
    "isolation forest": OKABE_ITO["green"],
    "none": color_for("baseline"),
    "real": color_for("real"),
    "before": color_for("before"),
    "after": color_for("after"),
}
"""Colours of the lesson's rules (not yet in :data:`helpers.ui.plots.PALETTE`)."""


def plot_before_after(
    before: np.ndarray,
    after: np.ndarray,
    truth: np.ndarray,
    *,
    column: str,
    ax: Axes | None = None,
) -> Axes:
    """Histograms of a column: dirty, cleaned and true values (range of the truth).

    ``after`` may be empty (the cleaning dropped the column): the panel says so.
    """
    before = check_array("before", before, ndim=1)
    after = check_array("after", after, ndim=1, min_len=0)
    truth = check_array("truth", truth, ndim=1)
    ax = new_ax(ax)
    bins = truth_bins(truth)
    top = 1
    for name, label, x in (("before", "dirty", before), ("after", "cleaned", after)):
        counts = np.histogram(x, bins=bins)[0]
        top = max(top, counts.max())
        off = x.size - counts.sum()
        label = f"{label} ({off} off chart)" if off else label
        ax.stairs(
            counts, bins, fill=True, alpha=0.5, color=RULE_COLORS[name], label=label
        )
    if len(after) == 0:
        ax.text(0.5, 0.5, "column dropped", transform=ax.transAxes, ha="center")
    counts = np.histogram(truth, bins=bins)[0]
    ax.stairs(counts, bins, lw=1.5, color=RULE_COLORS["real"], label="truth")
    ax.set_ylim(0, 1.45 * max(top, counts.max()))
    _few_ticks(ax)
    ax.legend(loc="upper right", fontsize="x-small")
    return label_axes(
        ax,
        title=f"{column}: before and after cleaning",
        xlabel=LABELS.get(column, column),
        ylabel="apartments per bin",
    )


def truth_bins(truth: np.ndarray) -> np.ndarray:
    """The 30 bins of :func:`plot_before_after`: the true values' range (0 to 99.5th
    percentile), widened 5 % on the left and 15 % on the right."""
    truth = check_array("truth", truth, ndim=1)
    lo, hi = np.percentile(truth, [0, 99.5])
    lo, hi = lo - 0.05 * (hi - lo), hi + 0.15 * (hi - lo)
    return np.linspace(lo, hi, 31)


def plot_imputations(
    before: np.ndarray,
    filled: dict[str, np.ndarray],
    truth: np.ndarray,
    *,
    column: str,
    axes: np.ndarray,
) -> np.ndarray:
    """One :func:`plot_before_after` panel per imputation of ``filled`` (``{strategy:
    values}``), on ``axes``, with the same x and y scales so the panels compare."""
    if not isinstance(filled, dict) or not filled:
        raise TypeError("filled must be a non-empty dict {strategy: filled values}")
    axes = np.asarray(axes).ravel()
    if axes.size != len(filled):
        raise ValueError(f"need one axes per strategy: {len(filled)}, got {axes.size}")
    for ax, (strategy, values) in zip(axes, filled.items(), strict=True):
        plot_before_after(before, values, truth, column=column, ax=ax)
        ax.set_title(f"{column}: {strategy} imputation")
    top = max(ax.get_ylim()[1] for ax in axes)
    for ax in axes:
        ax.set_ylim(0, top)
        ax.set_xlim(axes[0].get_xlim())
    return axes


def plot_detection(curves: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Precision (solid) and recall (dashed) of each rule as the threshold moves.

    ``curves`` is :func:`helpers.prepare.cleaning_grid.detection_curves`'s table.
    """
    check_frame(curves, ["rule", "threshold", "precision", "recall"], name="curves")
    ax = new_ax(ax)
    for rule, rows in curves.groupby("rule", sort=False):
        color = RULE_COLORS[check_choice("outlier rule", rule, OUTLIER_RULES)]
        ax.plot(rows["threshold"], rows["precision"], color=color, label=f"{rule}")
        ax.plot(rows["threshold"], rows["recall"], color=color, ls="--")
    ax.set_ylim(0, 1.05)
    ax.legend(loc="lower right", fontsize="small")
    return label_axes(
        ax,
        title="Outlier rules against the injected outliers",
        xlabel="threshold t (z, IQRs or robust z of the forest's score)",
        ylabel="precision (solid), recall (dashed)",
    )


def plot_score_curves(
    grid: CleaningGrid,
    *,
    imputation: str,
    rule: str,
    threshold: float,
    floor: float = 0.5,
    ax: Axes | None = None,
) -> Axes:
    """Validation R² against the outlier threshold, one line per rule; scores below
    ``floor`` (< 1) are drawn at the floor."""
    if not isinstance(grid, CleaningGrid):
        raise TypeError(f"grid must be a CleaningGrid, got {type(grid).__name__}")
    grid.point(imputation, rule, threshold)  # checks the three choices
    floor = check_real("floor", floor, high=1, open_high=True)
    ax = new_ax(ax)
    for r in OUTLIER_RULES[1:]:
        y = np.maximum(grid.curve(imputation, r), floor)
        chosen = r == rule
        ax.plot(
            grid.thresholds,
            y,
            color=RULE_COLORS[r],
            lw=3 if chosen else 1.2,
            zorder=3 if chosen else 2,
            label=r,
        )
    none = grid.point(imputation, "none", grid.thresholds[0]).r2
    ax.axhline(max(none, floor), color=RULE_COLORS["none"], ls=":", label="no rule")
    ax.axhline(grid.r2_clean, color=RULE_COLORS["real"], ls="--", label="clean truth")
    if rule != "none":
        r2 = grid.point(imputation, rule, threshold).r2
        ax.plot([threshold], [max(r2, floor)], "o", ms=9, color=RULE_COLORS[rule])
    ax.set_ylim(floor - 0.02, 1.0)
    _few_ticks(ax)
    ax.legend(loc="lower right", fontsize="small")
    return label_axes(
        ax,
        title=f"Downstream score, imputation: {imputation}",
        xlabel="outlier threshold t",
        ylabel=f"validation R² (floored at {floor})",
    )


def _few_ticks(ax: Axes) -> None:
    # Tick labels are most of a redraw's cost: four or five per axis read fine.
    ax.xaxis.set_major_locator(MaxNLocator(5))
    ax.yaxis.set_major_locator(MaxNLocator(4))
