"""Active learning, part 3 (lesson 07): the precomputed strategy grid, plots and widget.

:func:`strategy_grid` runs every strategy x start size x batch size over seeds once
(cached); :func:`build_strategy_widget` only selects curves from it and redraws.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from helpers.core.cache import cached
from helpers.core.config import pick
from helpers.labels.active_loop import (
    DEFAULT_C,
    Curves,
    gain_over_random,
    labels_to_reach,
    learning_curves,
)
from helpers.labels.strategies import (
    STRATEGIES,
    check_names,
)
from helpers.ui.plots import color_for, label_axes, median_band, new_ax

# ------------------------------------------------------------------------ grid


@dataclass(frozen=True)
class GridConfig:
    """Which learning curves the comparison widget can show (all are precomputed)."""

    strategies: tuple[str, ...] = tuple(STRATEGIES)
    start_per_class: tuple[int, ...] = (1, 2)
    batch_sizes: tuple[int, ...] = (10, 20)
    n_seeds: int = 5
    budget: int = 150
    C: float = DEFAULT_C
    n_members: int = 5

    def __post_init__(self) -> None:
        check_names(self.strategies)
        if "random" not in self.strategies:
            raise ValueError("strategies must include the 'random' baseline")
        if self.n_seeds < 1:
            raise ValueError(f"n_seeds must be at least 1, got {self.n_seeds}")
        if not self.start_per_class or not self.batch_sizes:
            raise ValueError("give at least one start size and one batch size")
        if 10 * max(self.start_per_class) >= self.budget:
            raise ValueError(
                f"budget ({self.budget}) must exceed the largest start set "
                f"({10 * max(self.start_per_class)} labels)"
            )


def default_grid_config() -> GridConfig:
    """The notebook's grid: smaller in fast mode (tests, CI)."""
    return pick(
        normal=GridConfig(),
        fast=GridConfig(batch_sizes=(10,), n_seeds=3, budget=120),
    )


def strategy_grid(
    config: GridConfig | None = None, *, verbose: bool = True
) -> dict[tuple[int, int], Curves]:
    """Learning curves for every ``(start_per_class, batch_size)`` in ``config``.

    Computed once and cached (``helpers.core.cache.cached``); seeds are
    ``0..n_seeds-1``.
    """
    config = config or default_grid_config()

    def compute() -> dict[tuple[int, int], Curves]:
        return {
            (start, batch): learning_curves(
                config.strategies,
                seeds=range(config.n_seeds),
                start_per_class=start,
                batch_size=batch,
                budget=config.budget,
                C=config.C,
                n_members=config.n_members,
            )
            for start in config.start_per_class
            for batch in config.batch_sizes
        }

    params = {**config.__dict__, "version": 2}
    return cached("active_strategy_grid", compute, params=params, verbose=verbose)


# ----------------------------------------------------------------------- plots


def plot_learning_curves(
    curves: Curves,
    *,
    names: Sequence[str] | None = None,
    ax: Axes | None = None,
    title: str = "Test accuracy as labels are bought",
    thresholds: Sequence[float] = (0.90, 0.95),
) -> Axes:
    """Median test accuracy over seeds with an inter-quartile band, per strategy."""
    ax = new_ax(ax)
    names = list(names or curves.accuracy)
    for name in names:
        if name not in curves.accuracy:
            raise ValueError(f"no curves for {name!r}; have {list(curves.accuracy)}")
        median_band(curves.n_labels, curves.accuracy[name], label=name, ax=ax)
    for t in thresholds:
        ax.axhline(t, color="#999999", lw=0.8, ls="--")
    lowest = min(curves.median(name).min() for name in names)
    ax.set_xlim(curves.n_labels[0], curves.n_labels[-1])
    ax.set_ylim(np.floor((lowest - 0.02) * 20) / 20, 1.0)
    ax.legend(loc="lower right", fontsize="small", ncol=2)
    return label_axes(
        ax,
        title=title,
        xlabel="labels bought (start set included)",
        ylabel="test accuracy",
    )


def plot_gain_over_random(
    curves: Curves,
    *,
    names: Sequence[str],
    ax: Axes | None = None,
    title: str = "What each label buys compared with random sampling",
) -> Axes:
    """Median accuracy minus random's, in percentage points, against labels bought."""
    ax = new_ax(ax)
    ax.axhline(0.0, color=color_for("random"), lw=1.2, label="random (reference)")
    for name in names:
        ax.plot(
            curves.n_labels,
            100 * gain_over_random(curves, name),
            color=color_for(name),
            label=name,
        )
    ax.legend(loc="lower right", fontsize="small", ncol=2)
    return label_axes(
        ax,
        title=title,
        xlabel="labels bought (start set included)",
        ylabel="accuracy above random (points)",
    )


def reach_html(table: pd.DataFrame, *, budget: int) -> str:
    """The labels-to-reach table as compact HTML (NaN shown as "> budget")."""
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
) -> Any:
    """Compare strategies: choose them, the start size and the batch size.

    All curves come precomputed from :func:`strategy_grid`; a change only selects
    and redraws.
    """
    import ipywidgets as w

    from helpers.ui.widgets import InteractiveFigure, dropdown

    grid = dict(grid) if grid is not None else strategy_grid(verbose=False)
    if not grid:
        raise ValueError("grid must hold at least one (start, batch) cell")
    starts = sorted({s for s, _ in grid})
    batches = sorted({b for _, b in grid})
    first = next(iter(grid.values()))
    names = list(first.accuracy)
    tables = {key: labels_to_reach(c) for key, c in grid.items()}
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
        return reach_html(tables[key].loc[chosen], budget=budget)

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
    )
