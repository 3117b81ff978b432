"""Hyper-parameter search at equal trial budgets: grid, random and Optuna's TPE
(lesson 12).

The model is an RBF support-vector classifier on PCA features of the digits pool,
with four hyper-parameters: ``C`` and ``gamma`` (log scale), the number of PCA
components and whether PCA whitens. A trial fits on a training part of the pool and
returns the error rate on the rest (the validation part); the digits test set is
never touched. Every method is an Optuna sampler driving the same objective, so only
the choice of the next point differs.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sklearn.decomposition import PCA
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.svm import SVC

from helpers.core import config
from helpers.core.artefacts import shipped
from helpers.core.data import load_digits_split
from helpers.core.progress import progress
from helpers.core.validation import (
    check_array,
    check_choice,
    check_int,
    check_labels,
    check_real,
    check_same_length,
    check_seeds,
)

METHODS = ("grid", "random", "tpe")
"""The search methods compared, each an Optuna sampler."""

SPACE: dict[str, tuple] = {
    "C": ("float", 1e-2, 1e3),  # log scale
    "gamma": ("float", 1e-4, 1e1),  # log scale
    "n_components": ("int", 2, 64),
    "whiten": ("bool", False, True),
}
"""The four hyper-parameters and their ranges."""

MAX_BUDGET = 500


@dataclass(frozen=True)
class SearchData:
    """Training and validation parts of the digits pool."""

    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray

    def __post_init__(self) -> None:
        check_array("X_train", self.X_train, ndim=2)
        check_array("X_val", self.X_val, ndim=2)
        check_same_length(
            X_train=self.X_train, y_train=check_labels("y_train", self.y_train)
        )
        check_same_length(X_val=self.X_val, y_val=check_labels("y_val", self.y_val))


def search_data(*, n_train: int = 500) -> SearchData:
    """``n_train`` pool images to fit on (stratified, fixed seed), the rest to
    validate on."""
    split = load_digits_split()
    n_train = check_int("n_train", n_train, low=50, high=len(split.y_pool) - 50)
    X_tr, X_val, y_tr, y_val = train_test_split(
        split.X_pool,
        split.y_pool,
        train_size=n_train,
        stratify=split.y_pool,
        random_state=0,
    )
    return SearchData(X_tr, y_tr, X_val, y_val)


def validation_error(params: dict[str, Any], data: SearchData) -> float:
    """Error rate on the validation part of an SVC fitted with ``params``."""
    if not isinstance(data, SearchData):
        raise TypeError(f"data must be a SearchData, got {type(data).__name__}")
    missing = set(SPACE) - set(params)
    if missing:
        raise ValueError(f"params lacks {sorted(missing)}")
    n_comp = min(int(params["n_components"]), data.X_train.shape[1])
    model = make_pipeline(
        PCA(n_components=n_comp, whiten=bool(params["whiten"]), random_state=0),
        SVC(C=float(params["C"]), gamma=float(params["gamma"])),
    )
    model.fit(data.X_train, data.y_train)
    return float(np.mean(model.predict(data.X_val) != data.y_val))


def suggest(trial: Any) -> dict[str, Any]:
    """The trial's point in :data:`SPACE` (Optuna's ``suggest_*`` calls)."""
    if not hasattr(trial, "suggest_float"):
        raise TypeError(f"trial must be an Optuna trial, got {type(trial).__name__}")
    return {
        "C": trial.suggest_float("C", *SPACE["C"][1:], log=True),
        "gamma": trial.suggest_float("gamma", *SPACE["gamma"][1:], log=True),
        "n_components": trial.suggest_int("n_components", *SPACE["n_components"][1:]),
        "whiten": trial.suggest_categorical("whiten", [False, True]),
    }


def grid_levels(budget: int) -> dict[str, list]:
    """An even grid over :data:`SPACE` with at most ``budget`` points: levels are
    added one dimension at a time, fewest first; values sit at the centres of equal
    bins (log bins for ``C`` and ``gamma``), never on the range's edges."""
    budget = check_int("budget", budget, low=1, high=MAX_BUDGET)
    names = list(SPACE)
    top = {n: 2 if SPACE[n][0] == "bool" else budget for n in names}
    levels = dict.fromkeys(names, 1)
    while True:
        order = sorted(
            (n for n in names if levels[n] < top[n]), key=lambda n: levels[n]
        )
        grown = False
        for n in order:
            if math.prod(levels.values()) // levels[n] * (levels[n] + 1) <= budget:
                levels[n] += 1
                grown = True
                break
        if not grown:
            break
    grid: dict[str, list] = {}
    for n, k in levels.items():
        kind, lo, hi = SPACE[n]
        centres = (np.arange(k) + 0.5) / k
        if kind == "bool":
            grid[n] = [False, True] if k == 2 else [True]
        elif kind == "int":
            grid[n] = sorted({int(round(lo + c * (hi - lo))) for c in centres})
        else:
            grid[n] = [
                float(10 ** (np.log10(lo) + c * np.log10(hi / lo))) for c in centres
            ]
    return grid


def make_sampler(name: str, *, seed: int, budget: int = 36) -> Any:
    """The Optuna sampler called ``name`` (one of :data:`METHODS`)."""
    check_choice("sampler", name, METHODS)
    seed = check_int("seed", seed, low=0)
    budget = check_int("budget", budget, low=1, high=MAX_BUDGET)
    import optuna

    if name == "grid":
        return optuna.samplers.GridSampler(grid_levels(budget), seed=seed)
    if name == "random":
        return optuna.samplers.RandomSampler(seed=seed)
    startup = min(10, max(2, budget // 3))
    return optuna.samplers.TPESampler(seed=seed, n_startup_trials=startup)


def run_search(
    method: str,
    *,
    seed: int,
    budget: int,
    data: SearchData,
    objective: Callable[[dict[str, Any]], float] | None = None,
) -> np.ndarray:
    """Validation errors of the ``budget`` trials of one search, in trial order.

    A grid smaller than the budget stops early; its missing trials are NaN.
    """
    import optuna

    sampler = make_sampler(method, seed=seed, budget=budget)
    if not isinstance(data, SearchData):
        raise TypeError(f"data must be a SearchData, got {type(data).__name__}")
    if objective is not None and not callable(objective):
        raise TypeError(f"objective must be callable, got {type(objective).__name__}")
    objective = objective or (lambda p: validation_error(p, data))
    previous = optuna.logging.get_verbosity()
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    try:
        study = optuna.create_study(direction="minimize", sampler=sampler)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            study.optimize(lambda t: objective(suggest(t)), n_trials=budget)
    finally:
        optuna.logging.set_verbosity(previous)
    errors = np.full(budget, np.nan)
    done = [t.value for t in study.trials if t.value is not None][:budget]
    errors[: len(done)] = done
    return errors


@dataclass(frozen=True)
class SearchCurves:
    """Validation errors of every trial: ``errors[method, seed, trial]``."""

    methods: tuple[str, ...]
    seeds: tuple[int, ...]
    errors: np.ndarray  # (n_methods, n_seeds, budget)
    seconds: float

    def __post_init__(self) -> None:
        errors = check_array("errors", self.errors, ndim=3, finite=False)
        check_real("seconds", self.seconds, low=0.0)
        if errors.shape[:2] != (len(self.methods), len(self.seeds)):
            raise ValueError(
                f"errors must have shape ({len(self.methods)}, {len(self.seeds)}, "
                f"budget), got {errors.shape}"
            )

    @property
    def budget(self) -> int:
        return int(self.errors.shape[2])

    def best_so_far(self, method: str) -> np.ndarray:
        """Lowest error seen after each trial, per seed: ``(n_seeds, budget)``."""
        check_choice("method", method, self.methods)
        runs = self.errors[self.methods.index(method)]  # (n_seeds, budget)
        filled = pd.DataFrame(
            np.fmin.accumulate(np.nan_to_num(runs, nan=np.inf), axis=1)
        )
        return filled.replace(np.inf, np.nan).to_numpy()

    def winners(self, budgets: Iterable[int]) -> pd.DataFrame:
        """Median best-so-far error of each method after each of ``budgets`` trials,
        and the method with the lowest (ties: all of them, joined by ' = ')."""
        rows = []
        for b in budgets:
            b = check_int("budget", b, low=1, high=self.budget)
            med = {
                m: float(np.nanmedian(self.best_so_far(m)[:, b - 1]))
                for m in self.methods
            }
            best = min(med.values())
            win = " = ".join(m for m in self.methods if np.isclose(med[m], best))
            rows.append({"trials": b, **med, "winner": win})
        return pd.DataFrame(rows).set_index("trials")


def _search_curves(budget: int, seeds: list[int], n_train: int) -> SearchCurves:
    import time

    start = time.perf_counter()
    data = search_data(n_train=n_train)
    memo: dict[tuple, float] = {}

    def objective(p: dict[str, Any]) -> float:
        key = tuple(round(float(p[n]), 10) for n in SPACE)
        if key not in memo:
            memo[key] = validation_error(p, data)
        return memo[key]

    runs = [(m, s) for m in METHODS for s in seeds]
    errors = np.full((len(METHODS), len(seeds), budget), np.nan)
    for m, s in progress(runs, desc="searches"):
        errors[METHODS.index(m), seeds.index(s)] = run_search(
            m, seed=s, budget=budget, data=data, objective=objective
        )
    return SearchCurves(METHODS, tuple(seeds), errors, time.perf_counter() - start)


def search_comparison(
    *,
    budget: int | None = None,
    seeds: Iterable[int] | None = None,
    n_train: int | None = None,
) -> SearchCurves:
    """Grid, random and TPE at the same budget over several seeds (the lesson's run:
    36 trials, 5 seeds, 500 training images; in fast mode 12 trials, 2 seeds, 200
    images). Shipped as an artefact in normal mode."""
    budget = config.pick(36, 12) if budget is None else budget
    budget = check_int("budget", budget, low=2, high=MAX_BUDGET)
    seeds = check_seeds(
        config.pick(range(5), range(2)) if seeds is None else seeds, max_seeds=50
    )
    n_train = config.pick(500, 200) if n_train is None else n_train
    n_train = check_int("n_train", n_train, low=50, high=1200)
    params = {"budget": budget, "seeds": seeds, "n_train": n_train}
    return shipped(
        "search_comparison",
        lambda: _search_curves(budget, seeds, n_train),
        params=params,
    )
