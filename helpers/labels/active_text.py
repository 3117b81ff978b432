"""Active learning on text (lesson 07): the same loop on support tickets.

The tickets of :mod:`helpers.labels.tickets` become TF-IDF vectors
(:func:`ticket_pool`); the unlabelled *train* tickets are the pool, their hidden
labels the simulated oracle, and the test tickets are scored after every batch.
:func:`text_curves` runs :func:`helpers.labels.active_loop.run_active_learning` for
a few strategies and seeds and returns the same
:class:`~helpers.labels.active_loop.Curves` as the digits grid, so the lesson's
tables and plots read them unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np

from helpers.core.cache import cached
from helpers.core.data import labelled_subset
from helpers.core.validation import (
    check_array,
    check_int,
    check_labels,
    check_real,
    check_same_length,
    check_seeds,
)
from helpers.labels.active_loop import (
    DEFAULT_C,
    MAX_BUDGET,
    Curves,
    run_active_learning,
)
from helpers.labels.strategies import check_names
from helpers.labels.tickets import make_tickets, ticket_vectorizer

MAX_TEXT_POOL = 20_000
"""Most pool tickets :func:`ticket_pool` writes (about 0.1 ms each)."""


@dataclass(frozen=True)
class TextPool:
    """TF-IDF rows of the pool and test tickets, and their (hidden) labels."""

    X_pool: np.ndarray  # (n_pool, n_words) float32, rows of unit length
    y_pool: np.ndarray  # (n_pool,) the oracle's answers
    X_test: np.ndarray  # (n_test, n_words)
    y_test: np.ndarray  # (n_test,)
    words: tuple[str, ...]  # the vocabulary, one per column
    classes: tuple[str, ...]

    def __post_init__(self) -> None:
        X_pool = check_array("X_pool", self.X_pool, ndim=2, dtype=None)
        X_test = check_array("X_test", self.X_test, ndim=2, dtype=None)
        check_labels("y_pool", self.y_pool)
        check_labels("y_test", self.y_test)
        check_same_length(X_pool=X_pool, y_pool=self.y_pool)
        check_same_length(X_test=X_test, y_test=self.y_test)
        if X_test.shape[1] != X_pool.shape[1] or len(self.words) != X_pool.shape[1]:
            raise ValueError(
                f"X_pool, X_test and words must agree on the number of words, got "
                f"{X_pool.shape[1]}, {X_test.shape[1]} and {len(self.words)}"
            )


def ticket_pool(*, n_pool: int = 1000, n_test: int = 1000, seed: int = 0) -> TextPool:
    """Tickets as TF-IDF features: the vocabulary is fitted on the pool's texts
    (unlabelled text may be used freely), never on the test tickets."""
    n_pool = check_int("n_pool", n_pool, low=20, high=MAX_TEXT_POOL)
    n_test = check_int("n_test", n_test, low=4, high=MAX_TEXT_POOL)
    seed = check_int("seed", seed, low=0)
    data = make_tickets(n_train=n_pool, n_test=n_test, seed=seed)
    vec = ticket_vectorizer(data.train_text)
    return TextPool(
        X_pool=vec.transform(data.train_text).toarray().astype(np.float32),
        y_pool=data.truth("train"),
        X_test=vec.transform(data.test_text).toarray().astype(np.float32),
        y_test=data.truth("test"),
        words=tuple(vec.get_feature_names_out()),
        classes=tuple(data.classes),
    )


@dataclass(frozen=True)
class TextConfig:
    """One text experiment: strategies x seeds on the same pool and budget."""

    strategies: tuple[str, ...] = ("random", "margin", "hybrid")
    seeds: tuple[int, ...] = (0, 1, 2)
    n_pool: int = 1000
    start_per_class: int = 2
    batch_size: int = 10
    budget: int = 80
    C: float = DEFAULT_C  # the digits loop's C: not tuned for text

    def __post_init__(self) -> None:
        check_names(list(self.strategies))
        check_seeds(self.seeds)
        check_int("n_pool", self.n_pool, low=20, high=MAX_TEXT_POOL)
        check_int("start_per_class", self.start_per_class, low=1, high=100)
        budget = check_int("budget", self.budget, low=1, high=MAX_BUDGET)
        check_int("batch_size", self.batch_size, low=1, high=budget)
        check_real("C", self.C, low=0, open_low=True)


def run_text_curves(config: TextConfig) -> Curves:
    """Run every strategy and seed of ``config`` on the ticket pool (seconds)."""
    if not isinstance(config, TextConfig):
        raise TypeError(f"config must be a TextConfig, got {type(config).__name__}")
    pool = ticket_pool(n_pool=config.n_pool)
    acc: dict[str, np.ndarray] = {}
    secs: dict[str, float] = {}
    n_labels = np.array([])
    for name in config.strategies:
        runs = []
        for seed in config.seeds:
            start = labelled_subset(
                pool.y_pool, per_class=config.start_per_class, seed=seed
            )
            runs.append(
                run_active_learning(
                    pool.X_pool,
                    pool.y_pool,
                    pool.X_test,
                    pool.y_test,
                    strategy=name,
                    start=start,
                    batch_size=config.batch_size,
                    budget=config.budget,
                    seed=seed,
                    C=config.C,
                )
            )
        n_labels = runs[0].n_labels
        acc[name] = np.stack([r.accuracy for r in runs])
        secs[name] = float(np.mean([r.train_seconds + r.query_seconds for r in runs]))
    return Curves(n_labels, acc, secs)


def text_curves(config: TextConfig | None = None, *, verbose: bool = True) -> Curves:
    """:func:`run_text_curves` for ``config`` (default :class:`TextConfig`), cached."""
    config = TextConfig() if config is None else config
    if not isinstance(config, TextConfig):
        raise TypeError(f"config must be a TextConfig, got {type(config).__name__}")
    params = {
        k: list(v) if isinstance(v, tuple) else v for k, v in asdict(config).items()
    }
    return cached(
        "active_text_curves",
        lambda: run_text_curves(config),
        params=params,
        verbose=verbose,
    )


def mean_gain(curves: Curves, name: str, *, over: str = "random") -> float:
    """Mean accuracy gain of ``name`` over ``over`` across the curve, in points
    (medians over seeds at each budget; the shared start point is left out)."""
    if not isinstance(curves, Curves):
        raise TypeError(f"curves must be Curves, got {type(curves).__name__}")
    for n in (name, over):
        if not isinstance(n, str):
            raise TypeError(f"strategy names must be strings, got {n!r}")
        if n not in curves.accuracy:
            raise ValueError(f"{n!r} is not in the curves: {sorted(curves.accuracy)}")
    diff = curves.median(name)[1:] - curves.median(over)[1:]
    return float(100 * diff.mean())


__all__: Sequence[str] = (
    "MAX_TEXT_POOL",
    "TextConfig",
    "TextPool",
    "mean_gain",
    "run_text_curves",
    "text_curves",
    "ticket_pool",
)
