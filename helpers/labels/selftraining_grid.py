"""Lesson 06's grid of self-training runs, precomputed once for the threshold widget.

:func:`run_grid` runs every (base model, threshold, selection rule, seed) of a
:class:`GridConfig` through :func:`helpers.labels.selftraining.self_train` and keeps
the per-round results as arrays; :func:`selftraining_grid` caches them.
:meth:`SelfTrainingGrid.select` is the widget's pure ``params -> result`` function: it
returns one :class:`GridCell` (the runs of one setting over seeds), which the plots
in :mod:`helpers.labels.selftraining_plots` draw.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from helpers.core.cache import cached
from helpers.core.config import pick
from helpers.core.data import DigitsSplit, load_digits_split
from helpers.core.validation import check_choice, check_real, check_seeds
from helpers.labels.selftraining import BASE_MODELS, partial_labels, self_train

MODES = ("plain", "class-balanced")
"""Selection rules in the grid: the top ``k * n_classes`` overall, or top ``k`` per
class (both add at most the same number of pseudo-labels per round)."""


@dataclass(frozen=True)
class GridConfig:
    """What :func:`selftraining_grid` runs: every model x threshold x mode x seed."""

    models: tuple[str, ...] = ("logistic regression", "3-NN")
    thresholds: tuple[float, ...] = (0.5, 0.7, 0.9, 0.95, 0.99)
    seeds: tuple[int, ...] = (0, 1, 2, 3, 4)
    per_class: int = 5  # given labels per class
    k: int = 10  # pseudo-labels per class and round (x n_classes when plain)
    max_rounds: int = 12

    def __post_init__(self) -> None:
        if not self.models or not self.thresholds or not self.seeds:
            raise ValueError("models, thresholds and seeds must not be empty")
        for t in self.thresholds:
            check_real("threshold", t, low=0, high=1)
        for name in self.models:
            check_choice("base model", name, list(BASE_MODELS))
        check_seeds(self.seeds)


def default_grid_config() -> GridConfig:
    """The lesson's grid: five seeds and thresholds, or two and three in fast mode."""
    return GridConfig(
        thresholds=pick(normal=(0.5, 0.7, 0.9, 0.95, 0.99), fast=(0.5, 0.9, 0.99)),
        seeds=pick(normal=(0, 1, 2, 3, 4), fast=(0, 1)),
    )


@dataclass
class GridCell:
    """The runs of one (model, threshold, mode) over seeds; first axis = seed."""

    model: str
    threshold: float
    mode: str
    added: np.ndarray  # (n_seeds, max_rounds), 0 after a run stopped
    wrong: np.ndarray  # (n_seeds, max_rounds)
    class_counts: np.ndarray  # (n_seeds, max_rounds, n_classes)
    accuracy: np.ndarray  # (n_seeds, max_rounds + 1), last value carried forward
    n_fits: np.ndarray  # (n_seeds,)
    seconds: np.ndarray  # (n_seeds,)

    @property
    def baseline(self) -> float:
        """Median test accuracy of the supervised-only model (round 0)."""
        return float(np.median(self.accuracy[:, 0]))

    @property
    def final(self) -> float:
        """Median test accuracy after the last round."""
        return float(np.median(self.accuracy[:, -1]))

    @property
    def pseudo(self) -> float:
        """Median number of pseudo-labels added over all rounds."""
        return float(np.median(self.added.sum(axis=1)))

    @property
    def wrong_total(self) -> float:
        """Median number of wrong pseudo-labels over all rounds."""
        return float(np.median(self.wrong.sum(axis=1)))

    def class_share(self) -> np.ndarray:
        """Share of each round's pseudo-labels per class, pooled over seeds.

        Shape ``(max_rounds, n_classes)``; NaN for rounds that added nothing.
        """
        counts = self.class_counts.sum(axis=0).astype(float)  # (rounds, classes)
        totals = counts.sum(axis=1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(totals > 0, counts / totals, np.nan)

    def largest_share(self) -> float:
        """Median over seeds of the largest class's share of all pseudo-labels."""
        totals = self.class_counts.sum(axis=1).astype(float)  # (seeds, classes)
        n = totals.sum(axis=1)
        shares = np.divide(
            totals.max(axis=1), n, out=np.full(n.shape, np.nan), where=n > 0
        )
        return float(np.nanmedian(shares)) if np.any(n > 0) else float("nan")


@dataclass
class SelfTrainingGrid:
    """Every run of a :class:`GridConfig`, as arrays indexed [model, threshold, mode,
    seed, ...]. :meth:`select` is the widget's pure ``params -> result`` function."""

    config: GridConfig
    added: np.ndarray  # (models, thresholds, modes, seeds, rounds)
    wrong: np.ndarray  # (models, thresholds, modes, seeds, rounds)
    class_counts: np.ndarray  # (models, thresholds, modes, seeds, rounds, classes)
    accuracy: np.ndarray  # (models, thresholds, modes, seeds, rounds + 1)
    n_fits: np.ndarray  # (models, thresholds, modes, seeds)
    seconds: np.ndarray  # (models, thresholds, modes, seeds)

    def select(self, *, model: str, threshold: float, balanced: bool) -> GridCell:
        """The runs for one base model, threshold and selection rule."""
        cfg = self.config
        check_choice("model", model, cfg.models)
        threshold = check_real("threshold", threshold, low=0, high=1)
        hits = np.flatnonzero(np.isclose(cfg.thresholds, threshold))
        if hits.size == 0:
            raise ValueError(
                f"threshold {threshold} was not precomputed; choose one of "
                f"{list(cfg.thresholds)}"
            )
        at = (cfg.models.index(model), int(hits[0]), int(bool(balanced)))
        return GridCell(
            model=model,
            threshold=float(cfg.thresholds[at[1]]),
            mode=MODES[at[2]],
            added=self.added[at],
            wrong=self.wrong[at],
            class_counts=self.class_counts[at],
            accuracy=self.accuracy[at],
            n_fits=self.n_fits[at],
            seconds=self.seconds[at],
        )

    def final_accuracy(self, *, model: str, balanced: bool) -> np.ndarray:
        """Median final test accuracy for each threshold, shape ``(thresholds,)``."""
        return np.array(
            [
                self.select(model=model, threshold=t, balanced=balanced).final
                for t in self.config.thresholds
            ]
        )


def run_grid(config: GridConfig, split: DigitsSplit | None = None) -> SelfTrainingGrid:
    """Run every self-training setting of ``config`` on the digits split (slow)."""
    split = split or load_digits_split()
    cfg = config
    n_classes = int(np.unique(split.y_pool).size)
    shape = (len(cfg.models), len(cfg.thresholds), len(MODES), len(cfg.seeds))
    added = np.zeros((*shape, cfg.max_rounds), dtype=int)
    wrong = np.zeros_like(added)
    class_counts = np.zeros((*shape, cfg.max_rounds, n_classes), dtype=int)
    accuracy = np.zeros((*shape, cfg.max_rounds + 1))
    n_fits = np.zeros(shape, dtype=int)
    seconds = np.zeros(shape)
    for s, seed in enumerate(cfg.seeds):
        y = partial_labels(split.y_pool, per_class=cfg.per_class, seed=seed)
        for m, name in enumerate(cfg.models):
            for t, threshold in enumerate(cfg.thresholds):
                for b, balanced in enumerate((False, True)):
                    run = self_train(
                        split.X_pool,
                        y,
                        threshold=threshold,
                        k=cfg.k if balanced else cfg.k * n_classes,
                        balanced=balanced,
                        max_rounds=cfg.max_rounds,
                        make_model=BASE_MODELS[name],
                        y_true=split.y_pool,
                        X_test=split.X_test,
                        y_test=split.y_test,
                    )
                    at = (m, t, b, s)
                    r = run.n_rounds
                    added[at][:r] = run.added
                    wrong[at][:r] = run.wrong
                    class_counts[at][:r] = run.class_counts
                    accuracy[at][: r + 1] = run.test_accuracy
                    accuracy[at][r + 1 :] = run.final_accuracy
                    n_fits[at] = run.n_fits
                    seconds[at] = run.seconds
    return SelfTrainingGrid(cfg, added, wrong, class_counts, accuracy, n_fits, seconds)


GRID_VERSION = 1
"""Bump when the code that fills the grid changes, so cached grids are recomputed."""


def selftraining_grid(
    config: GridConfig | None = None, *, verbose: bool = True
) -> SelfTrainingGrid:
    """The widget's grid of runs, loaded from the cache or computed once."""
    config = config or default_grid_config()
    params = {"version": GRID_VERSION, **asdict(config)}
    return cached(
        "selftraining_grid", lambda: run_grid(config), params=params, verbose=verbose
    )
