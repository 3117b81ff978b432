"""The cleaning widget of lesson 02: pick a plan, see what it does to the data.

:func:`build_cleaning_widget` loads (or computes) the
:class:`~helpers.prepare.cleaning_grid.CleaningGrid` once; moving a control only
selects a precomputed plan and redraws it with :mod:`helpers.prepare.cleaning_plots`.
"""

from __future__ import annotations

import numpy as np

from helpers.core.validation import check_int
from helpers.prepare.cleaning import IMPUTERS, OUTLIER_RULES
from helpers.prepare.cleaning_grid import SHOWN, CleaningGrid, lesson_grid
from helpers.prepare.cleaning_plots import plot_before_after, plot_score_curves
from helpers.ui.widgets import (
    DEFAULT_ADJUST,
    InteractiveFigure,
    dropdown,
    slider,
)


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
        adjust={**DEFAULT_ADJUST, "top": 0.9, "wspace": 0.25},
        state=grid,
    )
