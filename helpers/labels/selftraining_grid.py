"""Lesson 06's grid of self-training runs, precomputed once for the threshold widget.

:func:`run_grid` runs every (base model, threshold, selection rule, seed) of a
:class:`GridConfig` through :func:`helpers.labels.selftraining.self_train` and keeps
the per-round results as arrays; :func:`selftraining_grid` caches them. Every fit is
scored on a validation set cut from the test set
(:func:`helpers.labels.selftraining.hold_out_validation`) and on the rest of the test
set: :meth:`SelfTrainingGrid.best_on_validation` chooses a setting on the first, so the
second stays an honest estimate.
:meth:`SelfTrainingGrid.select` is the widget's pure ``params -> result`` function: it
returns one :class:`GridCell` (the runs of one setting over seeds), which the plots
in :mod:`helpers.labels.selftraining_plots` draw.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from helpers.core.artefacts import shipped
from helpers.core.config import pick
from helpers.core.data import DigitsSplit, load_digits_split
from helpers.core.validation import (
    check_array,
    check_choice,
    check_int,
    check_real,
    check_seeds,
)
from helpers.labels.selftraining import (
    BASE_MODELS,
    MAX_K,
    MAX_ROUNDS,
    hold_out_validation,
    partial_labels,
    self_train,
)

MODES = ("plain", "class-balanced")
"""Selection rules in the grid: the top ``k * n_classes`` overall, or top ``k`` per
class (both add at most the same number of pseudo-labels per round)."""
MAX_PER_CLASS = 1000
"""Most given labels per class a grid may start from."""


def _check_list(name: str, value: Any) -> Sequence[Any]:
    """``value`` if it is a non-empty list, tuple or array (not a single string)."""
    if isinstance(value, str) or not isinstance(value, Sequence | np.ndarray):
        raise TypeError(f"{name} must be a tuple, got {type(value).__name__}")
    if len(value) == 0:
        raise ValueError(f"{name} must not be empty")
    return value


def _check_shape(name: str, value: Any, shape: tuple[int, ...]) -> np.ndarray:
    """``value`` as a finite array of exactly ``shape``."""
    arr = check_array(name, value, ndim=len(shape))
    if arr.shape != shape:
        raise ValueError(f"{name} must have shape {shape}, got {arr.shape}")
    return arr


@dataclass(frozen=True)
class GridConfig:
    """What :func:`selftraining_grid` runs: every model x threshold x mode x seed."""

    models: tuple[str, ...] = ("logistic regression", "3-NN")
    thresholds: tuple[float, ...] = (0.5, 0.7, 0.9, 0.95, 0.99)
    seeds: tuple[int, ...] = (0, 1, 2, 3, 4)
    per_class: int = 5  # given labels per class
    k: int = 10  # pseudo-labels per class and round (x n_classes when plain)
    max_rounds: int = 12
    val_per_class: int = 10  # validation images per digit, cut from the test set

    def __post_init__(self) -> None:
        for t in _check_list("thresholds", self.thresholds):
            check_real("threshold", t, low=0, high=1)
        for name in _check_list("models", self.models):
            check_choice("base model", name, list(BASE_MODELS))
        check_seeds(_check_list("seeds", self.seeds))
        check_int("per_class", self.per_class, low=1, high=MAX_PER_CLASS)
        check_int("k", self.k, low=1, high=MAX_K)
        check_int("max_rounds", self.max_rounds, low=1, high=MAX_ROUNDS)
        check_int("val_per_class", self.val_per_class, low=1, high=MAX_PER_CLASS)


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
    val_accuracy: np.ndarray | None = None  # (n_seeds, max_rounds + 1) validation

    def __post_init__(self) -> None:
        check_real("threshold", self.threshold, low=0, high=1)
        check_choice("mode", self.mode, MODES)
        added = check_array("added", self.added, ndim=2)
        n_seeds, n_rounds = added.shape
        _check_shape("wrong", self.wrong, added.shape)
        counts = check_array("class_counts", self.class_counts, ndim=3)
        if counts.shape[:2] != added.shape:
            raise ValueError(
                f"class_counts must have shape ({n_seeds}, {n_rounds}, n_classes), "
                f"got {counts.shape}"
            )
        _check_shape("accuracy", self.accuracy, (n_seeds, n_rounds + 1))
        _check_shape("n_fits", self.n_fits, (n_seeds,))
        _check_shape("seconds", self.seconds, (n_seeds,))
        if self.val_accuracy is not None:
            _check_shape("val_accuracy", self.val_accuracy, (n_seeds, n_rounds + 1))

    @property
    def baseline(self) -> float:
        """Median test accuracy of the supervised-only model (round 0)."""
        return float(np.median(self.accuracy[:, 0]))

    @property
    def final(self) -> float:
        """Median test accuracy after the last round."""
        return float(np.median(self.accuracy[:, -1]))

    @property
    def val_final(self) -> float:
        """Median validation accuracy after the last round (NaN without one)."""
        if self.val_accuracy is None:
            return float("nan")
        return float(np.median(self.val_accuracy[:, -1]))

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
    val_accuracy: np.ndarray | None = None  # like accuracy, on the validation set

    def __post_init__(self) -> None:
        cfg = _check_config(self.config)
        shape = (len(cfg.models), len(cfg.thresholds), len(MODES), len(cfg.seeds))
        rounds = (*shape, cfg.max_rounds)
        _check_shape("added", self.added, rounds)
        _check_shape("wrong", self.wrong, rounds)
        counts = check_array("class_counts", self.class_counts, ndim=len(rounds) + 1)
        if counts.shape[:-1] != rounds:
            raise ValueError(
                f"class_counts must have shape {(*rounds, 'n_classes')}, got "
                f"{counts.shape}"
            )
        _check_shape("accuracy", self.accuracy, (*shape, cfg.max_rounds + 1))
        _check_shape("n_fits", self.n_fits, shape)
        _check_shape("seconds", self.seconds, shape)
        if self.val_accuracy is not None:
            _check_shape(
                "val_accuracy", self.val_accuracy, (*shape, cfg.max_rounds + 1)
            )

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
            val_accuracy=None if self.val_accuracy is None else self.val_accuracy[at],
        )

    def final_accuracy(
        self, *, model: str, balanced: bool, on: str = "test"
    ) -> np.ndarray:
        """Median final accuracy for each threshold, shape ``(thresholds,)``, on the
        test set or (``on="validation"``) on the validation set."""
        on = check_choice("on", on, ("test", "validation"))
        if on == "validation" and self.val_accuracy is None:
            raise ValueError("this grid has no validation scores")
        cells = [
            self.select(model=model, threshold=t, balanced=balanced)
            for t in self.config.thresholds
        ]
        return np.array([c.final if on == "test" else c.val_final for c in cells])

    def best_on_validation(self) -> tuple[str, float, bool]:
        """The (base model, threshold, balanced) with the highest median final
        validation accuracy; ties go to the first in the config's order."""
        if self.val_accuracy is None:
            raise ValueError("this grid has no validation scores")
        cfg = self.config
        finals = np.median(self.val_accuracy[..., -1], axis=-1)  # (models, t, modes)
        m, t, b = np.unravel_index(int(np.argmax(finals)), finals.shape)
        return cfg.models[m], float(cfg.thresholds[t]), bool(b)


def _check_config(config: Any) -> GridConfig:
    if not isinstance(config, GridConfig):
        raise TypeError(f"config must be a GridConfig, got {type(config).__name__}")
    return config


def run_grid(config: GridConfig, split: DigitsSplit | None = None) -> SelfTrainingGrid:
    """Run every self-training setting of ``config`` on the digits split (slow).

    ``config.val_per_class`` images per digit of the split's test set become the
    validation set; ``accuracy`` is measured on the rest of the test set.
    """
    cfg = _check_config(config)
    if split is not None and not isinstance(split, DigitsSplit):
        raise TypeError(f"split must be a DigitsSplit, got {type(split).__name__}")
    split = split or load_digits_split()
    split, X_val, y_val = hold_out_validation(split, per_class=cfg.val_per_class)
    n_classes = int(np.unique(split.y_pool).size)
    shape = (len(cfg.models), len(cfg.thresholds), len(MODES), len(cfg.seeds))
    added = np.zeros((*shape, cfg.max_rounds), dtype=int)
    wrong = np.zeros_like(added)
    class_counts = np.zeros((*shape, cfg.max_rounds, n_classes), dtype=int)
    accuracy = np.zeros((*shape, cfg.max_rounds + 1))
    val_accuracy = np.zeros_like(accuracy)
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
                        X_val=X_val,
                        y_val=y_val,
                    )
                    at = (m, t, b, s)
                    r = run.n_rounds
                    added[at][:r] = run.added
                    wrong[at][:r] = run.wrong
                    class_counts[at][:r] = run.class_counts
                    accuracy[at][: r + 1] = run.test_accuracy
                    accuracy[at][r + 1 :] = run.final_accuracy
                    val_accuracy[at][: r + 1] = run.val_accuracy
                    val_accuracy[at][r + 1 :] = run.val_accuracy[-1]
                    n_fits[at] = run.n_fits
                    seconds[at] = run.seconds
    return SelfTrainingGrid(
        cfg, added, wrong, class_counts, accuracy, n_fits, seconds, val_accuracy
    )


def selftraining_grid(
    config: GridConfig | None = None, *, verbose: bool = True
) -> SelfTrainingGrid:
    """The widget's grid of runs: the shipped artefact (``make artefacts``) when it
    is current, else from the cache or computed once."""
    config = default_grid_config() if config is None else _check_config(config)
    return shipped(
        "selftraining_grid",
        lambda: run_grid(config),
        params=asdict(config),
        verbose=verbose,
    )
