"""The cleaning widget of lesson 02: pick a plan, see what it does to the data.

:func:`build_cleaning_widget` loads (or computes) the
:class:`~helpers.prepare.cleaning_grid.CleaningGrid` once; moving a control only
selects a precomputed plan and redraws it with :mod:`helpers.prepare.cleaning_plots`
(the first draw plots both panels; later draws update them in place).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes

from helpers.core.validation import check_int
from helpers.prepare.cleaning import IMPUTERS, OUTLIER_RULES
from helpers.prepare.cleaning_grid import SHOWN, CleaningGrid, lesson_grid
from helpers.prepare.cleaning_plots import (
    RULE_COLORS,
    plot_before_after,
    plot_score_curves,
    truth_bins,
)
from helpers.prepare.dirty import LABELS
from helpers.ui.widgets import (
    DEFAULT_ADJUST,
    InteractiveFigure,
    dropdown,
    slider,
)

RULES = OUTLIER_RULES[1:]
"""The rules :func:`plot_score_curves` draws a curve for (all but "none")."""


def build_cleaning_widget(
    *, seed: int = 0, grid: CleaningGrid | None = None
) -> InteractiveFigure:
    """Pick an imputation strategy and an outlier rule/threshold; see the effect.

    The grid of every plan is computed once (or loaded from the cache; pass ``grid``
    to reuse one); moving a control only selects a precomputed result and redraws.
    The grid is the widget's :attr:`~helpers.ui.widgets.LessonWidget.state`.
    """
    seed = check_int("seed", seed, low=0)
    if grid is None:
        grid = lesson_grid(seed=seed)
    elif not isinstance(grid, CleaningGrid):
        raise TypeError(f"grid must be a CleaningGrid, got {type(grid).__name__}")
    step = (
        float(grid.thresholds[1] - grid.thresholds[0])
        if grid.thresholds.size > 1
        else 1.0
    )
    live: dict[str, Any] = {}  # artists the first draw made; later draws move them

    def draw(axes: np.ndarray, p: dict) -> str:
        t = float(grid.thresholds[grid.snap(p["threshold t"])])
        imputation, rule = p["imputation"], p["outlier rule"]
        pt = grid.point(imputation, rule, t)
        col = p["show column"]
        if live:
            _move_before_after(
                axes[0, 0], live, grid.before[col], pt.values[col], grid.truth[col]
            )
            axes[0, 0].set_title(f"{col}: before and after cleaning")
            axes[0, 0].set_xlabel(LABELS.get(col, col))
            _move_score_curves(axes[0, 1], live, grid, imputation, rule, t)
        else:
            before, truth = grid.before[col], grid.truth[col]
            plot_before_after(before, pt.values[col], truth, column=col, ax=axes[0, 0])
            plot_score_curves(
                grid, imputation=imputation, rule=rule, threshold=t, ax=axes[0, 1]
            )
            live.update(_find_artists(axes[0, 0], axes[0, 1]))
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
        adjust={**DEFAULT_ADJUST, "top": 0.9, "wspace": 0.25},
        state=grid,
        clear=False,
    )


def _find_artists(hist_ax: Axes, score_ax: Axes) -> dict[str, Any]:
    """The artists of the first draw that later draws update, by role."""
    if hist_ax.texts:
        dropped = hist_ax.texts[0]
    else:  # the first plan kept the column: make the note now, hidden
        dropped = hist_ax.text(
            0.5, 0.5, "column dropped", transform=hist_ax.transAxes, ha="center"
        )
        dropped.set_visible(False)
    lines = score_ax.lines  # a curve per rule, "no rule", "clean truth", the point
    if len(lines) == len(RULES) + 2:  # the first plan had no rule: no point yet
        score_ax.plot([], [], "o", ms=9)
    return {
        "stairs": list(hist_ax.patches),  # dirty, cleaned, truth
        "dropped": dropped,
        "curves": lines[: len(RULES)],
        "keys": score_ax.get_legend().legend_handles[: len(RULES)],
        "no rule": lines[len(RULES)],
        "point": lines[len(RULES) + 2],
    }


def _move_before_after(
    ax: Axes,
    live: dict[str, Any],
    before: np.ndarray,
    after: np.ndarray,
    truth: np.ndarray,
) -> None:
    """Redraw :func:`plot_before_after`'s bars in place for another plan or column
    (title and x label are the caller's)."""
    bins = truth_bins(truth)
    texts = ax.get_legend().get_texts()  # dirty, cleaned, truth
    top = 1
    after = np.asarray(after, dtype=float)  # may be an empty list: column dropped
    for i, (label, x) in enumerate((("dirty", before), ("cleaned", after))):
        counts = np.histogram(x, bins=bins)[0]
        top = max(top, counts.max())
        off = x.size - counts.sum()
        live["stairs"][i].set_data(counts, bins)
        texts[i].set_text(f"{label} ({off} off chart)" if off else label)
    live["dropped"].set_visible(len(after) == 0)
    counts = np.histogram(truth, bins=bins)[0]
    live["stairs"][2].set_data(counts, bins)
    ax.set_ylim(0, 1.45 * max(top, counts.max()))
    ax.relim()
    ax.autoscale_view(scaley=False)


def _move_score_curves(
    ax: Axes,
    live: dict[str, Any],
    grid: CleaningGrid,
    imputation: str,
    rule: str,
    threshold: float,
    floor: float = 0.5,
) -> None:
    """Redraw :func:`plot_score_curves` in place: the imputation's curves, the chosen
    rule in bold (in the legend too) and its point."""
    for r, line, key in zip(RULES, live["curves"], live["keys"], strict=True):
        line.set_ydata(np.maximum(grid.curve(imputation, r), floor))
        line.set_linewidth(3 if r == rule else 1.2)
        line.set_zorder(3 if r == rule else 2)
        key.set_linewidth(3 if r == rule else 1.2)
    none = grid.point(imputation, "none", grid.thresholds[0]).r2
    live["no rule"].set_ydata([max(none, floor)] * 2)
    point = live["point"]
    point.set_visible(rule != "none")
    if rule != "none":
        r2 = grid.point(imputation, rule, threshold).r2
        point.set_data([threshold], [max(r2, floor)])
        point.set_color(RULE_COLORS[rule])
    ax.set_title(f"Downstream score, imputation: {imputation}")
