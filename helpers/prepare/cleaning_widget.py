"""Data cleaning, part 2 (lesson 02): the widget's precomputed grid, plots and widget.

:func:`cleaning_grid` runs every imputation strategy x outlier rule x threshold once;
the plot functions draw one grid point; :func:`build_cleaning_widget` only selects a
precomputed point and redraws.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from helpers.core.cache import cached
from helpers.core.config import pick
from helpers.core.validation import check_choice
from helpers.prepare.cleaning import (
    IMPUTERS,
    OUTLIER_RULES,
    find_duplicates,
    finish,
    outlier_scores,
    standardise,
)
from helpers.prepare.dirty import (
    LABELS,
    DirtyData,
    lesson_tables,
    minimal_fix,
    precision_recall,
    validation_score,
)
from helpers.ui.plots import OKABE_ITO, color_for, label_axes, new_ax
from helpers.ui.widgets import InteractiveFigure, dropdown, slider

# ------------------------------------------------- the widget's precomputed grid


@dataclass(frozen=True)
class GridPoint:
    """What one plan (imputation x outlier rule x threshold) did, and its score."""

    r2: float
    rows_kept: int
    rows_changed: int
    outliers: int
    precision: float
    recall: float
    values: dict[str, np.ndarray]


@dataclass(frozen=True)
class CleaningGrid:
    """Every plan the widget offers, computed once (duplicates: near, tol 0.02)."""

    thresholds: np.ndarray
    points: dict[tuple[str, str, int], GridPoint]
    before: dict[str, np.ndarray]
    truth: dict[str, np.ndarray]
    r2_dirty: float
    r2_clean: float
    duplicates: int

    def snap(self, threshold: float) -> int:
        """Index of the grid threshold nearest to ``threshold`` (within the range)."""
        t = self.thresholds
        half = (t[-1] - t[0]) / max(len(t) - 1, 1) / 2
        if not t[0] - half - 1e-9 <= threshold <= t[-1] + half + 1e-9:
            raise ValueError(f"threshold must be in [{t[0]}, {t[-1]}], got {threshold}")
        return int(np.abs(t - threshold).argmin())

    def point(self, imputation: str, rule: str, threshold: float) -> GridPoint:
        """The plan's result at the grid threshold nearest to ``threshold``."""
        check_choice("imputation strategy", imputation, IMPUTERS)
        check_choice("outlier rule", rule, OUTLIER_RULES)
        i = self.snap(threshold)
        return self.points[(imputation, rule, 0 if rule == "none" else i)]

    def curve(self, imputation: str, rule: str) -> np.ndarray:
        """Validation R² over :attr:`thresholds`, shape ``(n_thresholds,)``."""
        return np.array([self.point(imputation, rule, t).r2 for t in self.thresholds])


SHOWN = ("area_m2", "age_years", "price_k")
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


def cleaning_grid(
    data: DirtyData,
    valid: pd.DataFrame,
    *,
    thresholds: Sequence[float] | None = None,
    seed: int = 0,
) -> CleaningGrid:
    """Run :func:`clean`'s steps for every imputation, rule and threshold.

    The shared steps (standardise, near duplicates, outlier scores) run once; each
    distinct set of outlier rows is imputed and scored once per strategy.
    """
    grid = np.asarray(
        pick(normal=np.arange(1, 5.01, 0.25), fast=np.arange(1, 5.01, 0.5))
        if thresholds is None
        else thresholds,
        dtype=float,
    )
    if grid.ndim != 1 or grid.size == 0 or not np.all(grid > 0):
        raise ValueError(f"thresholds must be positive numbers, got {grid.tolist()}")
    typed = standardise(data.dirty)
    dups = typed.index[find_duplicates(typed, method="near")]
    df = typed.drop(index=dups)
    scores = {r: outlier_scores(df, rule=r, seed=seed) for r in OUTLIER_RULES[1:]}
    done: dict[bytes, dict[str, GridPoint]] = {}
    points = {}
    for rule in OUTLIER_RULES:
        for i, t in enumerate(grid[:1] if rule == "none" else grid):
            flags = scores[rule] > t if rule in scores else df.index.isna()
            flags = pd.Series(flags, index=df.index)
            key = flags.to_numpy().tobytes()
            if key not in done:
                p, r = precision_recall(flags, data.outlier_rows)
                done[key] = {}
                for s in IMPUTERS:
                    res = finish(df[~flags], s, dups, df.index[flags])
                    done[key][s] = GridPoint(
                        r2=validation_score(res.frame, valid),
                        rows_kept=len(res.frame),
                        rows_changed=res.rows_changed,
                        outliers=int(flags.sum()),
                        precision=p,
                        recall=r,
                        values={
                            c: res.frame[c].to_numpy(float) if c in res.frame else []
                            for c in SHOWN
                        },
                    )
            for s in IMPUTERS:
                points[(s, rule, i)] = done[key][s]
    originals = data.clean[~data.is_duplicate]
    return CleaningGrid(
        thresholds=grid,
        points=points,
        before={c: typed[c].dropna().to_numpy(float) for c in SHOWN},
        truth={c: originals[c].to_numpy(float) for c in SHOWN},
        r2_dirty=validation_score(minimal_fix(data.dirty), valid),
        r2_clean=validation_score(originals, valid),
        duplicates=len(dups),
    )


def lesson_grid(*, seed: int = 0) -> CleaningGrid:
    """:func:`cleaning_grid` of :func:`helpers.prepare.dirty.lesson_tables`, cached."""
    data, valid = lesson_tables(seed=seed)
    return cached(
        "cleaning_grid",
        lambda: cleaning_grid(data, valid, seed=seed),
        params={"seed": seed, "version": 2},
    )


# ----------------------------------------------------------------------- plots


def plot_before_after(
    before: np.ndarray,
    after: np.ndarray,
    truth: np.ndarray,
    *,
    column: str,
    ax: Axes | None = None,
) -> Axes:
    """Histograms of a column: dirty, cleaned and true values (range of the truth)."""
    ax = new_ax(ax)
    lo, hi = np.percentile(truth, [0, 99.5])
    lo, hi = lo - 0.05 * (hi - lo), hi + 0.15 * (hi - lo)
    bins = np.linspace(lo, hi, 31)
    top = 1
    for name, label, x in (("before", "dirty", before), ("after", "cleaned", after)):
        x = np.asarray(x, dtype=float)
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


def plot_detection(
    scores: Mapping[str, pd.Series],
    actual: pd.Series,
    thresholds: Sequence[float],
    *,
    ax: Axes | None = None,
) -> Axes:
    """Precision (solid) and recall (dashed) of each rule as the threshold moves."""
    ax = new_ax(ax)
    for rule, score in scores.items():
        pr = np.array([precision_recall(score > t, actual) for t in thresholds])
        ax.plot(thresholds, pr[:, 0], color=RULE_COLORS[rule], label=f"{rule}")
        ax.plot(thresholds, pr[:, 1], color=RULE_COLORS[rule], ls="--")
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
    """Validation R² against the outlier threshold, one line per rule."""
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


# ----------------------------------------------------------------------- widget


def build_cleaning_widget(
    *, seed: int = 0, grid: CleaningGrid | None = None
) -> InteractiveFigure:
    """Pick an imputation strategy and an outlier rule/threshold; see the effect.

    The grid of every plan is computed once (or loaded from the cache); moving a
    control only selects a precomputed result and redraws.
    """
    grid = grid or lesson_grid(seed=seed)
    step = (
        float(grid.thresholds[1] - grid.thresholds[0])
        if grid.thresholds.size > 1
        else 1.0
    )

    def draw(axes: np.ndarray, p: dict) -> str:
        t = float(grid.thresholds[grid.snap(p["threshold t"])])
        pt = grid.point(p["imputation"], p["outlier rule"], t)
        col = p["show column"]
        plot_before_after(
            grid.before[col], pt.values[col], grid.truth[col], column=col, ax=axes[0, 0]
        )
        plot_score_curves(
            grid,
            imputation=p["imputation"],
            rule=p["outlier rule"],
            threshold=t,
            ax=axes[0, 1],
        )
        detect = (
            f"t = {t:g}: precision {pt.precision:.2f}, recall {pt.recall:.2f}"
            if pt.outliers
            else "none flagged"
        )
        return (
            f"dropped <b>{grid.duplicates}</b> duplicates and <b>{pt.outliers}</b> "
            f"outlier rows ({detect}); <b>{pt.rows_changed}</b> rows changed in all, "
            f"{pt.rows_kept} kept &nbsp;|&nbsp; validation R² <b>{pt.r2:.3f}</b> "
            f"(no cleaning {grid.r2_dirty:.1f}, clean truth {grid.r2_clean:.3f})"
        )

    controls = {
        "imputation": dropdown("imputation", list(IMPUTERS), value="model"),
        "outlier rule": dropdown("outlier rule", list(OUTLIER_RULES), value="IQR"),
        "threshold t": slider(
            "threshold t",
            min=float(grid.thresholds[0]),
            max=float(grid.thresholds[-1]),
            step=step,
            value=float(grid.thresholds[np.abs(grid.thresholds - 3).argmin()]),
        ),
        "show column": dropdown("show column", list(SHOWN), value="area_m2"),
    }
    return InteractiveFigure(
        controls,
        draw,
        ncols=2,
        figsize=(10.5, 3.8),
        adjust={
            "left": 0.07,
            "right": 0.98,
            "bottom": 0.15,
            "top": 0.9,
            "wspace": 0.25,
        },
    )
