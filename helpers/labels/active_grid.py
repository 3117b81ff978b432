"""The precomputed learning curves behind lesson 07's strategy comparison widget.

:func:`strategy_grid` runs every strategy x start size x batch size of a
:class:`GridConfig` over seeds once (:func:`helpers.labels.active_loop.learning_curves`)
and caches the result; :func:`helpers.labels.active_widget.build_strategy_widget` only
selects from it.
"""

from __future__ import annotations

from dataclasses import dataclass

from helpers.core.artefacts import shipped
from helpers.core.config import pick
from helpers.core.validation import check_int, check_real
from helpers.labels.active_loop import DEFAULT_C, MAX_BUDGET, Curves, learning_curves
from helpers.labels.sources import MAX_MEMBERS
from helpers.labels.strategies import check_names

MAX_SEEDS = 100
"""Most seeds a grid may run."""


@dataclass(frozen=True)
class GridConfig:
    """Which learning curves the comparison widget can show (all are precomputed).

    ``n_seeds`` is 1 to :data:`MAX_SEEDS`, ``budget`` at most
    :data:`helpers.labels.active_loop.MAX_BUDGET` and larger than every start set
    (10 labels per ``start_per_class``), ``n_members`` 2 to
    :data:`helpers.labels.sources.MAX_MEMBERS`.
    """

    # The nine strategies of the shipped grid (typiclust came later: the artefact
    # and its hash stay valid; pass it explicitly to include it).
    strategies: tuple[str, ...] = (
        "random",
        "least_confidence",
        "margin",
        "entropy",
        "qbc_vote_entropy",
        "qbc_consensus_kl",
        "kmeans",
        "coreset",
        "hybrid",
    )
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
        check_int("n_seeds", self.n_seeds, low=1, high=MAX_SEEDS)
        check_int("budget", self.budget, low=1, high=MAX_BUDGET)
        check_real("C", self.C, low=0, open_low=True)
        check_int("n_members", self.n_members, low=2, high=MAX_MEMBERS)
        for name in ("start_per_class", "batch_sizes"):
            sizes = getattr(self, name)
            if isinstance(sizes, str) or not isinstance(sizes, tuple | list):
                raise TypeError(f"{name} must be a tuple of integers, got {sizes!r}")
            if not sizes:
                raise ValueError("give at least one start size and one batch size")
            for size in sizes:
                check_int(name, size, low=1, high=self.budget)
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

    The shipped artefact (``make artefacts``) when it is current, else computed once
    and cached (``helpers.core.cache.cached``); seeds are
    ``0..n_seeds-1``.
    """
    if config is not None and not isinstance(config, GridConfig):
        raise TypeError(f"config must be a GridConfig, got {type(config).__name__}")
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

    params = dict(config.__dict__)
    return shipped("active_strategy_grid", compute, params=params, verbose=verbose)
