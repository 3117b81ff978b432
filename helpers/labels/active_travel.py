"""Does lesson 07's advice travel? The same loop on data sets it was not tuned on.

The lesson's strategies and classifier (logistic regression, C = 5, chosen on the
digits pool) run unchanged on breast cancer (2 classes), wine (3 classes) and a
synthetic 5-class set, next to digits: 2 labels per class to start, batches of 10.
:func:`travel_curves` returns the learning curves per data set (shipped as the
artefact ``active_travel`` in normal mode); :func:`travel_table` reads them as the
mean gain over random, in points, per data set and strategy.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.datasets import make_classification
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from helpers.core.artefacts import shipped
from helpers.core.config import pick
from helpers.core.data import labelled_subset, load_digits_split, load_split
from helpers.core.validation import check_choice, check_int
from helpers.labels.active_loop import Curves, run_active_learning
from helpers.labels.strategies import check_names

DATASETS = ("digits", "breast_cancer", "wine", "synthetic5")
"""The data sets :func:`travel_data` knows."""
MAX_SEEDS = 100
"""Most seeds a :class:`TravelConfig` may run."""


def travel_data(name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(X_pool, y_pool, X_test, y_test)`` of one data set of :data:`DATASETS`.

    digits: the lessons' split (pixels in [0, 1]); breast cancer and wine: the fixed
    split of :func:`helpers.core.data.load_split`, standardised on the pool;
    synthetic5: 1,500 points of ``make_classification`` (5 classes, 20 features, 8
    informative), split 70/30 and standardised on the pool.
    """
    check_choice("dataset", name, DATASETS)
    if name == "digits":
        d = load_digits_split()
        return d.X_pool, d.y_pool, d.X_test, d.y_test
    if name == "synthetic5":
        X, y = make_classification(
            n_samples=1500,
            n_features=20,
            n_informative=8,
            n_redundant=4,
            n_classes=5,
            n_clusters_per_class=2,
            class_sep=1.5,
            random_state=0,
        )
        Xp, Xt, yp, yt = train_test_split(
            X, y, test_size=0.3, stratify=y, random_state=0
        )
    else:
        s = load_split(name)
        Xp, yp, Xt, yt = s.X_pool, s.y_pool, s.X_test, s.y_test
    scaler = StandardScaler().fit(Xp)
    return scaler.transform(Xp), yp, scaler.transform(Xt), yt


@dataclass(frozen=True)
class TravelConfig:
    """Which curves :func:`travel_curves` computes: every data set x strategy x seed.

    ``budgets`` gives the labels per data set (start set included), one per entry of
    ``datasets``; ``n_seeds`` is 1 to :data:`MAX_SEEDS`.
    """

    datasets: tuple[str, ...] = DATASETS
    budgets: tuple[int, ...] = (150, 60, 50, 150)
    strategies: tuple[str, ...] = ("random", "margin", "hybrid", "kmeans", "typiclust")
    n_seeds: int = 5

    def __post_init__(self) -> None:
        if isinstance(self.datasets, str) or not self.datasets:
            raise TypeError(f"datasets must be a tuple of names, got {self.datasets!r}")
        for name in self.datasets:
            check_choice("dataset", name, DATASETS)
        if isinstance(self.budgets, str) or len(self.budgets) != len(self.datasets):
            raise ValueError(
                f"budgets must give one budget per data set ({len(self.datasets)}), "
                f"got {self.budgets!r}"
            )
        for budget in self.budgets:
            check_int("budget", budget, low=20, high=1000)
        check_names(self.strategies)
        if "random" not in self.strategies:
            raise ValueError("strategies must include the 'random' baseline")
        check_int("n_seeds", self.n_seeds, low=1, high=MAX_SEEDS)


def default_travel_config() -> TravelConfig:
    """The lesson's runs: five seeds; in fast mode only breast cancer and wine (the
    lesson has its own digits curves), two seeds, three strategies and smaller
    budgets (tests, CI)."""
    return pick(
        normal=TravelConfig(),
        fast=TravelConfig(
            datasets=("breast_cancer", "wine"),
            budgets=(40, 40),
            strategies=("random", "margin", "hybrid"),
            n_seeds=2,
        ),
    )


def _curves_on(name: str, budget: int, config: TravelConfig) -> Curves:
    Xp, yp, Xt, yt = travel_data(name)
    acc = {}
    for strategy in config.strategies:
        runs = [
            run_active_learning(
                Xp,
                yp,
                Xt,
                yt,
                strategy=strategy,
                start=labelled_subset(yp, per_class=2, seed=seed),
                batch_size=10,
                budget=budget,
                seed=seed,
            )
            for seed in range(config.n_seeds)
        ]
        n_labels = runs[0].n_labels
        acc[strategy] = np.stack([r.accuracy for r in runs])  # (n_seeds, n_points)
    return Curves(n_labels, acc)


def travel_curves(
    config: TravelConfig | None = None, *, verbose: bool = True
) -> dict[str, Curves]:
    """Learning curves per data set (the shipped artefact when current, else
    computed once and cached); seeds ``0..n_seeds-1``."""
    if config is not None and not isinstance(config, TravelConfig):
        raise TypeError(f"config must be a TravelConfig, got {type(config).__name__}")
    config = config or default_travel_config()

    def compute() -> dict[str, Curves]:
        return {
            name: _curves_on(name, budget, config)
            for name, budget in zip(config.datasets, config.budgets, strict=True)
        }

    params = dict(config.__dict__)
    return shipped("active_travel", compute, params=params, verbose=verbose)


def travel_table(curves: Mapping[str, Curves]) -> pd.DataFrame:
    """Mean gain over random (percentage points, median curves, every point after
    the start set), one row per data set, one column per strategy but random."""
    if not isinstance(curves, Mapping) or not curves:
        raise TypeError(f"curves must map data set names to Curves, got {curves!r:.60}")
    rows = {}
    for name, c in curves.items():
        if not isinstance(c, Curves):
            raise TypeError(f"curves[{name!r}] must be Curves, got {type(c).__name__}")
        if "random" not in c.accuracy:
            raise ValueError(f"curves[{name!r}] must include the 'random' baseline")
        base = c.median("random")
        rows[name] = {
            s: float(100 * (c.median(s) - base)[1:].mean())
            for s in c.accuracy
            if s != "random"
        }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "data set"
    return table
