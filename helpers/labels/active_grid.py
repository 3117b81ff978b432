"""The precomputed learning curves behind lesson 07's strategy comparison widget.

:func:`strategy_grid` runs every strategy x start size x batch size of a
:class:`GridConfig` over seeds once (:func:`helpers.labels.active_loop.learning_curves`)
and caches the result; :func:`helpers.labels.active_widget.build_strategy_widget` only
selects from it.
"""

from __future__ import annotations

from dataclasses import dataclass

from helpers.core.cache import cached
from helpers.core.config import pick
from helpers.core.validation import check_int
from helpers.labels.active_loop import DEFAULT_C, Curves, learning_curves
from helpers.labels.strategies import STRATEGIES, check_names


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
        check_int("n_seeds", self.n_seeds, low=1)
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
