"""The active-learning loop and its learning curves (lesson 07).

The loop: start from a few labels, train, let a strategy from
:mod:`helpers.labels.strategies` pick ``batch_size`` pool examples, reveal their labels
(the simulated oracle), retrain, and record test accuracy after every round, until the
label ``budget`` is spent. :func:`learning_curves` runs it for several strategies and
seeds; :func:`labels_to_reach_table` and :func:`cost_table` summarise the curves. The
cached grid of curves behind the comparison widget is in
:mod:`helpers.labels.active_grid`, the timing of one query on a large pool in
:mod:`helpers.labels.active_timing`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression

from helpers.core.data import labelled_subset, load_digits_split
from helpers.core.validation import (
    check_array,
    check_choice,
    check_int,
    check_labels,
    check_real,
    check_same_length,
    check_seeds,
)
from helpers.labels.curves import LabelCurve, labels_to_reach
from helpers.labels.sources import MAX_MEMBERS, Committee
from helpers.labels.strategies import check_names, get_strategy, query_source

DEFAULT_C = 5.0
"""Inverse regularisation of the logistic regression (tuned on the pool; see 07)."""
MAX_BUDGET = 100_000
"""Most labels one run of the loop may buy (start set included)."""


def make_model(
    *, C: float = DEFAULT_C, warm_start: bool = True, tol: float = 1e-3
) -> LogisticRegression:
    """The lesson's classifier: multinomial logistic regression on the 64 pixels.

    ``warm_start`` makes each refit start from the previous round's weights, and the
    loose ``tol`` stops it once the weights barely move: retraining after every batch
    then costs a few milliseconds.
    """
    C = check_real("C", C, low=0, open_low=True)
    tol = check_real("tol", tol, low=0, open_low=True)
    return LogisticRegression(C=C, max_iter=1000, warm_start=warm_start, tol=tol)


# ------------------------------------------------------------------------ loop


@dataclass(frozen=True)
class LoopResult:
    """One run of the loop: test accuracy after each round, and what was asked."""

    strategy: str
    n_labels: np.ndarray  # (n_rounds + 1,) labels held when accuracy was measured
    accuracy: np.ndarray  # (n_rounds + 1,) test accuracy at those points
    labeled: np.ndarray  # pool indices: the start set, then each query in order
    train_seconds: float
    query_seconds: float

    def __post_init__(self) -> None:
        n_labels = check_array("n_labels", self.n_labels, ndim=1)
        if np.any(np.diff(n_labels) <= 0) or n_labels[0] < 1:
            raise ValueError(f"n_labels must increase from 1 up, got {n_labels}")
        accuracy = check_array("accuracy", self.accuracy, ndim=1)
        check_same_length(n_labels=n_labels, accuracy=accuracy)
        if np.any((accuracy < 0) | (accuracy > 1)):
            raise ValueError("accuracy must lie in [0, 1]")
        check_labels("labeled", self.labeled)
        check_real("train_seconds", self.train_seconds, low=0)
        check_real("query_seconds", self.query_seconds, low=0)


def _check_start(start: np.ndarray, n_pool: int) -> np.ndarray:
    """The start set as distinct integer pool indices (validation.py has no check for
    distinct indices)."""
    start = check_array("start", start, ndim=1, dtype=None)
    if not np.issubdtype(start.dtype, np.integer):
        raise TypeError(f"start must hold integer pool indices, got {start.dtype}")
    if start.min() < 0 or start.max() >= n_pool:
        raise ValueError(
            f"start indices must be in [0, {n_pool}), got values from {start.min()} "
            f"to {start.max()}"
        )
    if len(np.unique(start)) != len(start):
        raise ValueError("start indices must be distinct")
    return start.astype(int)


def run_active_learning(
    X_pool: np.ndarray,
    y_pool: np.ndarray,
    X_test: np.ndarray,
    y_test: np.ndarray,
    *,
    strategy: str | Callable[..., np.ndarray],
    start: np.ndarray,
    batch_size: int,
    budget: int,
    seed: int,
    C: float = DEFAULT_C,
    n_members: int = 5,
) -> LoopResult:
    """Run pool-based active learning with a simulated oracle (the true labels).

    Parameters
    ----------
    strategy : a name in :data:`helpers.labels.strategies.STRATEGIES`, or any callable
        with the strategy signature (it gets the fitted model as ``source``).
    start : pool indices labelled before the first round (e.g. from
        :func:`helpers.core.data.labelled_subset`).
    batch_size : labels bought per round, at most the pool; the last round is
        smaller if the budget says so.
    budget : total labels, start set included (at most the pool and
        :data:`MAX_BUDGET`).
    seed : seeds the strategy's and the committee's random draws.
    C, n_members : the logistic regression and the committee size (QBC only; 2 to
        :data:`helpers.labels.sources.MAX_MEMBERS`).

    The same classifier (one logistic regression on all labels so far) is scored
    for every strategy, so the curves compare what the labels are worth, not models.
    """
    if callable(strategy):
        query, strategy = strategy, getattr(strategy, "__name__", "custom")
    else:
        query = get_strategy(strategy)
    X_pool = check_array("X_pool", X_pool, ndim=2, dtype=None)
    y_pool = check_labels("y_pool", y_pool)
    check_same_length(X_pool=X_pool, y_pool=y_pool)
    X_test = check_array("X_test", X_test, ndim=2, dtype=None)
    y_test = check_labels("y_test", y_test)
    check_same_length(X_test=X_test, y_test=y_test)
    if X_test.shape[1] != X_pool.shape[1]:
        raise ValueError(
            f"X_test must have the {X_pool.shape[1]} columns of X_pool, got "
            f"{X_test.shape[1]}"
        )
    start = _check_start(start, len(y_pool))
    batch_size = check_int("batch_size", batch_size, low=1, high=len(y_pool))
    budget = check_int(
        "budget", budget, low=len(start), high=min(len(y_pool), MAX_BUDGET)
    )
    n_members = check_int("n_members", n_members, low=2, high=MAX_MEMBERS)
    rng = np.random.default_rng(check_int("seed", seed, low=0))
    model = make_model(C=C)
    # Each member's bootstrap weight for every pool example, fixed for the run.
    member_weights = rng.exponential(1.0, size=(n_members, len(y_pool)))
    committee: Committee | None = None
    is_labeled = np.zeros(len(y_pool), dtype=bool)
    is_labeled[start] = True
    labeled = list(start)
    n_labels, accuracy = [], []
    t_train = t_query = 0.0
    while True:
        t0 = time.perf_counter()
        model.fit(X_pool[labeled], y_pool[labeled])
        t_train += time.perf_counter() - t0
        n_labels.append(len(labeled))
        accuracy.append(model.score(X_test, y_test))
        if len(labeled) >= budget:
            break
        t0 = time.perf_counter()
        unlabeled = np.flatnonzero(~is_labeled)
        source = query_source(
            strategy,
            model,
            X_pool[labeled],
            y_pool[labeled],
            n_members=n_members,
            weights=member_weights[:, labeled],
            previous=committee,
        )
        if isinstance(source, Committee):
            committee = source  # warm-starts next round's members
        picked = unlabeled[
            query(
                source,
                X_pool[unlabeled],
                batch_size=min(batch_size, budget - len(labeled)),
                rng=rng,
                X_labeled=X_pool[labeled],
            )
        ]
        is_labeled[picked] = True
        labeled.extend(picked.tolist())
        t_query += time.perf_counter() - t0
    return LoopResult(
        strategy,
        np.array(n_labels),
        np.array(accuracy),
        np.array(labeled),
        t_train,
        t_query,
    )


# ---------------------------------------------------------------------- curves


@dataclass(frozen=True)
class Curves:
    """Learning curves of several strategies over the same seeds and label counts."""

    n_labels: np.ndarray  # (n_points,)
    accuracy: dict[str, np.ndarray]  # name -> (n_seeds, n_points)
    seconds: dict[str, float] = field(default_factory=dict)  # name -> compute per run

    def __post_init__(self) -> None:
        n_labels = check_array("n_labels", self.n_labels, ndim=1)
        if np.any(np.diff(n_labels) <= 0):
            raise ValueError(f"n_labels must increase, got {n_labels.tolist()}")
        for what in ("accuracy", "seconds"):
            if not isinstance(getattr(self, what), Mapping):
                raise TypeError(
                    f"{what} must map strategy names to values, got "
                    f"{type(getattr(self, what)).__name__}"
                )
        if not self.accuracy:
            raise ValueError("accuracy must hold the curves of at least one strategy")
        for name, acc in self.accuracy.items():
            acc = check_array(f"accuracy[{name!r}]", acc, ndim=2)
            if acc.shape[1] != len(n_labels):
                raise ValueError(
                    f"accuracy[{name!r}] must have shape (n_seeds, {len(n_labels)}), "
                    f"got {acc.shape}"
                )
        for name, secs in self.seconds.items():
            check_real(f"seconds[{name!r}]", secs, low=0)

    def curve(self, name: str) -> LabelCurve:
        """One strategy's runs as a :class:`~helpers.labels.curves.LabelCurve`."""
        if name not in self.accuracy:
            raise ValueError(f"no curves for {name!r}; have {list(self.accuracy)}")
        return LabelCurve(self.n_labels, self.accuracy[name])

    def median(self, name: str) -> np.ndarray:
        """The median accuracy over seeds of one strategy, ``(n_points,)``."""
        return self.curve(name).median()


def learning_curves(
    strategies: Sequence[str],
    *,
    seeds: Sequence[int],
    start_per_class: int = 2,
    batch_size: int = 10,
    budget: int = 300,
    C: float = DEFAULT_C,
    n_members: int = 5,
) -> Curves:
    """Run the loop on the digits split for every strategy and seed.

    ``budget`` is at most the pool and :data:`MAX_BUDGET`, ``batch_size`` at most the
    budget; ``start_per_class`` at most the smallest class of the pool.
    """
    names = check_names(strategies)
    seeds = check_seeds(seeds)
    check_int("start_per_class", start_per_class, low=1)
    budget = check_int("budget", budget, low=1, high=MAX_BUDGET)
    check_int("batch_size", batch_size, low=1, high=budget)
    check_real("C", C, low=0, open_low=True)
    check_int("n_members", n_members, low=2, high=MAX_MEMBERS)
    d = load_digits_split()
    acc: dict[str, np.ndarray] = {}
    secs: dict[str, float] = {}
    n_labels = np.array([])
    for name in names:
        runs = []
        for seed in seeds:
            start = labelled_subset(d.y_pool, per_class=start_per_class, seed=seed)
            r = run_active_learning(
                d.X_pool,
                d.y_pool,
                d.X_test,
                d.y_test,
                strategy=name,
                start=start,
                batch_size=batch_size,
                budget=budget,
                seed=seed,
                C=C,
                n_members=n_members,
            )
            runs.append(r)
        n_labels = runs[0].n_labels
        acc[name] = np.stack([r.accuracy for r in runs])
        secs[name] = float(np.mean([r.train_seconds + r.query_seconds for r in runs]))
    return Curves(n_labels, acc, secs)


def labels_to_reach_table(
    curves: Curves, *, thresholds: Sequence[float] = (0.90, 0.95)
) -> pd.DataFrame:
    """:func:`helpers.labels.curves.labels_to_reach` for every strategy and threshold:
    the labels at which the median curve first reaches it, on the measured grid.

    NaN means "not reached within the budget". Columns are named like ``"90 %"``.
    """
    _check_curves("curves", curves)
    thresholds = check_array("thresholds", thresholds, ndim=1)
    for t in thresholds:
        check_real("threshold", t, low=0, high=1)
    rows = {
        name: {
            f"{100 * t:g} %": labels_to_reach(curves.curve(name), t) for t in thresholds
        }
        for name in curves.accuracy
    }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "strategy"
    return table


def _check_curves(name: str, curves: object) -> Curves:
    if not isinstance(curves, Curves):
        raise TypeError(f"{name} must be Curves, got {type(curves).__name__}")
    return curves


def gain_over_random(curves: Curves, name: str) -> np.ndarray:
    """Median accuracy of ``name`` minus that of ``random``, per label count."""
    _check_curves("curves", curves)
    if "random" not in curves.accuracy:
        raise ValueError("the curves must include the 'random' baseline")
    check_choice("strategy", name, list(curves.accuracy))
    return curves.median(name) - curves.median("random")


def cost_table(
    grid: Mapping[tuple[int, int], Curves],
    *,
    names: Sequence[str] = ("margin", "hybrid"),
    early: int = 40,
) -> pd.DataFrame:
    """What the labels buy, per ``(start, batch)`` cell of a grid and strategy.

    Columns: labels to reach 90 % (the strategy's and random's), the mean accuracy
    gain over random in the first ``early`` labels bought and over the whole budget
    (percentage points), and the compute per run (training plus queries, seconds).
    ``early`` is at most the labels bought in the grid's longest run.
    """
    if not isinstance(grid, Mapping) or not grid:
        raise TypeError(f"grid must map (start, batch) to Curves, got {grid!r:.80}")
    for c in grid.values():
        _check_curves("every grid value", c)
    names = check_names(names)  # strategy names; each must have curves
    bought = max(int(c.n_labels[-1] - c.n_labels[0]) for c in grid.values())
    early = check_int("early", early, low=1, high=max(bought, 1))
    rows = []
    for (_, batch), c in grid.items():
        reach = labels_to_reach_table(c, thresholds=(0.9,))["90 %"]
        bought = c.n_labels - c.n_labels[0]
        first = (bought > 0) & (bought <= early)
        for name in names:
            gain = 100 * gain_over_random(c, name)
            rows.append(
                {
                    "start labels": int(c.n_labels[0]),
                    "batch": batch,
                    "strategy": name,
                    "labels to 90 %": reach[name],
                    "random to 90 %": reach["random"],
                    f"gain, first {early} labels (points)": gain[first].mean(),
                    "gain, whole budget (points)": gain[1:].mean(),
                    "compute per run (s)": c.seconds.get(name, np.nan),
                }
            )
    return pd.DataFrame(rows).set_index(["start labels", "batch", "strategy"])
