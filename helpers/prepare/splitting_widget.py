"""The splitting widget of lesson 04: split ratios, k and strategy, over seeds.

:func:`build_splitting_widget` loads (or computes) the
:class:`~helpers.prepare.splitting_grid.SplitGrid` once; moving a control only
selects a precomputed view and redraws it with :mod:`helpers.prepare.splitting_plots`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes

from helpers.core.cache import cached
from helpers.core.config import pick
from helpers.core.validation import check_int
from helpers.prepare.splitting import SPLITS, STRATEGIES
from helpers.prepare.splitting_grid import MAX_SEEDS, SplitView, split_grid, split_view
from helpers.prepare.splitting_plots import (
    ESTIMATE_BINS,
    plot_class_balance,
    plot_estimates,
)
from helpers.ui.widgets import (
    DEFAULT_ADJUST,
    InteractiveFigure,
    set_step_heights,
    slider,
    toggle,
)


def build_splitting_widget(*, n_seeds: int | None = None) -> InteractiveFigure:
    """Split ratios, k and strategy: the estimate's spread and each split's balance.

    The grid (``n_seeds`` seeds; 20, or 8 in fast mode) is computed once or loaded
    from the cache and is the widget's :attr:`~helpers.ui.widgets.LessonWidget.state`.
    """
    if n_seeds is None:
        n_seeds = pick(normal=20, fast=8)
    n_seeds = check_int("n_seeds", n_seeds, low=2, high=MAX_SEEDS)
    grid = cached(
        "splitting_grid",
        lambda: split_grid(n_seeds=n_seeds),
        params={"n_seeds": n_seeds},
        verbose=False,
    )

    def draw(axes: np.ndarray, p: dict[str, Any]) -> str:
        view = split_view(
            grid,
            validation=round(p["validation"], 2),
            test=round(p["test"], 2),
            k=p["k"],
            strategy=p["strategy"],
        )
        if axes[0, 0].has_data():  # drawn before: update in place
            _move_estimates(axes[0, 0], view)
            _move_class_balance(axes[0, 1], view)
        else:
            plot_estimates(view, ax=axes[0, 0])
            plot_class_balance(view, ax=axes[0, 1])
        return view.to_html()

    controls = {
        "validation": slider(
            "validation fraction", min=0.10, max=0.20, step=0.05, value=0.15
        ),
        "test": slider("test fraction", min=0.10, max=0.20, step=0.05, value=0.15),
        "k": slider("k (folds)", min=2, max=10, step=1, value=5, integer=True),
        "strategy": toggle("split", list(STRATEGIES), value="random"),
    }
    return InteractiveFigure(
        controls,
        draw,
        ncols=2,
        figsize=(9.5, 3.6),
        adjust={**DEFAULT_ADJUST, "left": 0.08, "bottom": 0.2, "top": 0.88},
        state=grid,
        clear=False,
    )


def _move_estimates(ax: Axes, view: SplitView) -> None:
    """Redraw :func:`plot_estimates` in place: the two histograms and their legend."""
    entries = ax.get_legend().get_texts()  # one test split, k-fold CV
    for bars, entry, values, label in zip(
        ax.patches,
        entries,
        (view.test_acc, view.cv_acc),
        (
            f"one test split (std {view.test_std:.3f})",
            f"{view.k}-fold CV (std {view.cv_std:.3f})",
        ),
        strict=True,
    ):
        set_step_heights(bars, np.histogram(values, bins=ESTIMATE_BINS)[0])
        entry.set_text(label)
    ax.relim()
    ax.autoscale_view()


def _move_class_balance(ax: Axes, view: SplitView) -> None:
    """Redraw :func:`plot_class_balance` in place for another view."""
    for i, line in enumerate(ax.lines[: len(SPLITS)]):
        line.set_ydata(view.shares[:, i])
    ax.lines[len(SPLITS)].set_ydata([view.overall_share] * 2)
    ax.set_xticks(
        range(3), [f"{n}\n{r:.0%}" for n, r in zip(SPLITS, view.ratios, strict=True)]
    )
    ax.set_ylim(view.overall_share - 0.2, view.overall_share + 0.2)
    ax.set_title(f"Class balance per split ({view.strategy})")
