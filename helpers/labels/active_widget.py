"""Lesson 07's strategy comparison widget, over the precomputed grid of curves.

:func:`build_strategy_widget` takes the cached curves of
:func:`helpers.labels.active_grid.strategy_grid` and their labels-to-reach tables as
its state; a change of strategies, start size or batch size only selects and redraws
(:func:`helpers.labels.active_plots.plot_learning_curves`). The human-in-the-loop
labeling widget is in :mod:`helpers.labels.annotate_widget`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import ipywidgets as w
import numpy as np
import pandas as pd

from helpers.core.validation import check_frame, check_int
from helpers.labels.active_grid import strategy_grid
from helpers.labels.active_loop import MAX_BUDGET, Curves, labels_to_reach_table
from helpers.labels.active_plots import plot_learning_curves
from helpers.ui.widgets import InteractiveFigure, dropdown


@dataclass(frozen=True)
class ComparisonState:
    """What the comparison widget precomputed: the curves and, for every ``(start
    per class, batch)`` cell, its labels-to-reach table."""

    curves: dict[tuple[int, int], Curves]
    reach: dict[tuple[int, int], pd.DataFrame]

    def __post_init__(self) -> None:
        for name, kind in (("curves", Curves), ("reach", pd.DataFrame)):
            cells = getattr(self, name)
            if not isinstance(cells, Mapping) or not cells:
                raise TypeError(
                    f"{name} must map (start, batch) cells to {kind.__name__}, got "
                    f"{cells!r:.80}"
                )
            for value in cells.values():
                if not isinstance(value, kind):
                    raise TypeError(
                        f"{name} must hold {kind.__name__}, got {type(value).__name__}"
                    )
        if set(self.curves) != set(self.reach):
            raise ValueError("curves and reach must have the same (start, batch) cells")


def reach_html(table: pd.DataFrame, *, budget: int) -> str:
    """The labels-to-reach table as compact HTML (NaN shown as "> budget").

    ``budget`` is 1 to :data:`helpers.labels.active_loop.MAX_BUDGET`.
    """
    check_frame(table, name="table")  # no columns is empty too
    budget = check_int("budget", budget, low=1, high=MAX_BUDGET)
    shown = table.map(lambda v: f"&gt; {budget}" if np.isnan(v) else f"{v:.0f}")
    rows = "".join(
        f"<tr><td>{name}</td>" + "".join(f"<td>{v}</td>" for v in row) + "</tr>"
        for name, row in zip(shown.index, shown.to_numpy(), strict=True)
    )
    head = "".join(f"<th>{c}</th>" for c in shown.columns)
    return (
        "<table><tr><th>labels needed to reach</th>"
        f"{head}</tr>{rows}</table><small>median curve over seeds</small>"
    )


# ---------------------------------------------------------------------- widget


def build_strategy_widget(
    *, grid: Mapping[tuple[int, int], Curves] | None = None
) -> InteractiveFigure:
    """Compare strategies: choose them, the start size and the batch size.

    All curves come precomputed from :func:`~helpers.labels.active_grid.strategy_grid`
    (``state.curves``), with their labels-to-reach tables (``state.reach``); a change
    only selects and redraws. The strategy picker is an ipywidgets ``SelectMultiple``:
    the toolkit has no multiple-choice factory.
    """
    if grid is not None and not isinstance(grid, Mapping):
        raise TypeError(f"grid must map (start, batch) to Curves, got {grid!r:.80}")
    grid = dict(grid) if grid is not None else strategy_grid(verbose=False)
    if not grid:
        raise ValueError("grid must hold at least one (start, batch) cell")
    starts = sorted({s for s, _ in grid})
    batches = sorted({b for _, b in grid})
    first = next(iter(grid.values()))
    names = list(first.accuracy)
    state = ComparisonState(
        grid, {key: labels_to_reach_table(c) for key, c in grid.items()}
    )
    default = [n for n in ("random", "margin", "hybrid") if n in names] or names[:1]

    def draw(axes: np.ndarray, p: dict[str, Any]) -> str:
        chosen = list(p["strategies"])
        if not chosen:
            raise ValueError("choose at least one strategy")
        key = (p["start"], p["batch"])
        if key not in grid:
            raise ValueError(f"start {key[0]}/class with batch {key[1]} not computed")
        curves = grid[key]
        plot_learning_curves(
            curves,
            names=chosen,
            ax=axes[0, 0],
            title=f"Start {10 * key[0]} labels, batches of {key[1]}",
        )
        budget = int(curves.n_labels[-1])
        return reach_html(state.reach[key].loc[chosen], budget=budget)

    controls = {
        "strategies": w.SelectMultiple(
            options=names, value=tuple(default), rows=5, description="strategies"
        ),
        "start": dropdown(
            "start labels / class", starts, value=2 if 2 in starts else starts[0]
        ),
        "batch": dropdown("batch size", batches, value=batches[0]),
    }
    return InteractiveFigure(
        controls,
        draw,
        figsize=(7.5, 3.8),
        adjust={"left": 0.1, "right": 0.97, "bottom": 0.14, "top": 0.9},
        state=state,
    )
