"""The splitting widget of lesson 04: split ratios, k and strategy, over seeds.

:func:`build_splitting_widget` loads (or computes) the
:class:`~helpers.prepare.splitting_grid.SplitGrid` once; moving a control only
selects a precomputed view and redraws it with :mod:`helpers.prepare.splitting_plots`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from helpers.core.cache import cached
from helpers.core.config import pick
from helpers.core.validation import check_int
from helpers.prepare.splitting import STRATEGIES
from helpers.prepare.splitting_grid import MAX_SEEDS, split_grid, split_view
from helpers.prepare.splitting_plots import plot_class_balance, plot_estimates
from helpers.ui.widgets import (
    DEFAULT_ADJUST,
    InteractiveFigure,
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
    )
