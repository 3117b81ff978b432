"""Does lesson 06's advice travel? Self-training on data sets it was not tuned on.

On breast cancer (20 labels), wine (9 labels) and a synthetic 5-class set (25 labels),
three families are compared, each with its setting chosen on a validation set cut
from the test split (the rest of the test split is scored once): supervised only
(logistic regression or 3-NN), the lesson's self-training (base model x selection
rule x threshold) and scikit-learn's ``SelfTrainingClassifier`` (threshold).
:func:`travel_table` returns the chosen setting and its accuracies per data set and
family (shipped as the artefact ``selftraining_travel`` in normal mode).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.core.artefacts import shipped
from helpers.core.config import pick
from helpers.core.data import labelled_subset
from helpers.core.validation import check_choice, check_int, check_real
from helpers.labels.active_travel import DATASETS, travel_data
from helpers.labels.selftraining import (
    BASE_MODELS,
    partial_labels,
    self_train,
    sklearn_self_training,
)

FAMILIES = ("supervised only", "self-training (lesson 06)", "scikit-learn")
"""The rows of :func:`travel_table` for each data set."""
LABELS_PER_CLASS = {"digits": 5, "breast_cancer": 10, "wine": 3, "synthetic5": 5}
"""Given labels per class on each data set."""
VAL_PER_CLASS = {"digits": 10, "breast_cancer": 10, "wine": 3, "synthetic5": 10}
"""Validation examples per class, cut from the test split."""
MAX_SEEDS = 100
"""Most seeds a :class:`TravelConfig` may run."""


@dataclass(frozen=True)
class TravelConfig:
    """What :func:`travel_table` runs: data sets x settings x seeds."""

    datasets: tuple[str, ...] = ("breast_cancer", "wine", "synthetic5")
    thresholds: tuple[float, ...] = (0.5, 0.7, 0.9)
    sklearn_thresholds: tuple[float, ...] = (0.7, 0.8, 0.9, 0.95)
    n_seeds: int = 5
    max_rounds: int = 12

    def __post_init__(self) -> None:
        if isinstance(self.datasets, str) or not self.datasets:
            raise TypeError(f"datasets must be a tuple of names, got {self.datasets!r}")
        for name in self.datasets:
            check_choice("dataset", name, DATASETS)
        for name in ("thresholds", "sklearn_thresholds"):
            values = getattr(self, name)
            if isinstance(values, str) or not values:
                raise TypeError(f"{name} must be a tuple of numbers, got {values!r}")
            for t in values:
                check_real("threshold", t, low=0, high=1)
        check_int("n_seeds", self.n_seeds, low=1, high=MAX_SEEDS)
        check_int("max_rounds", self.max_rounds, low=1, high=100)


def default_travel_config() -> TravelConfig:
    """Five seeds; in fast mode two seeds, one threshold each and no synthetic set
    (tests, CI)."""
    return pick(
        normal=TravelConfig(),
        fast=TravelConfig(
            datasets=("breast_cancer", "wine"),
            thresholds=(0.5,),
            sklearn_thresholds=(0.9,),
            n_seeds=2,
        ),
    )


def _settings(config: TravelConfig) -> list[tuple[str, str, str, float | None, bool]]:
    """(family, description, model, threshold, balanced) for every setting."""
    out = [(FAMILIES[0], model, model, None, False) for model in BASE_MODELS]
    for model in BASE_MODELS:
        for balanced in (False, True):
            rule = "class-balanced" if balanced else "plain"
            for t in config.thresholds:
                out.append((FAMILIES[1], f"{model}, {rule}, {t}", model, t, balanced))
    for t in config.sklearn_thresholds:
        out.append(
            (FAMILIES[2], f"logistic regression, {t}", "logistic regression", t, False)
        )
    return out


def _scores(name: str, config: TravelConfig) -> dict[str, np.ndarray]:
    """(validation, test) accuracy per setting, ``(n_seeds, 2)`` each."""
    Xp, yp, Xt, yt = travel_data(name)
    val = labelled_subset(yt, per_class=VAL_PER_CLASS[name], seed=0)
    test = np.setdiff1d(np.arange(len(yt)), val)
    k = 10 if len(np.unique(yp)) > 3 else 5  # pseudo-labels per class and round
    out: dict[str, list] = {}
    for seed in range(config.n_seeds):
        y = partial_labels(yp, per_class=LABELS_PER_CLASS[name], seed=seed)
        for family, what, model, t, balanced in _settings(config):
            factory = BASE_MODELS[model]
            if family == FAMILIES[0]:
                fitted = factory().fit(Xp[y >= 0], y[y >= 0])
            elif family == FAMILIES[1]:
                fitted = self_train(
                    Xp,
                    y,
                    threshold=t,
                    k=k,
                    balanced=balanced,
                    max_rounds=config.max_rounds,
                    make_model=factory,
                ).model
            else:
                fitted = sklearn_self_training(
                    Xp, y, threshold=t, max_rounds=config.max_rounds, make_model=factory
                )
            scores = (fitted.score(Xt[val], yt[val]), fitted.score(Xt[test], yt[test]))
            out.setdefault(f"{family}|{what}", []).append(scores)
    return {key: np.array(v) for key, v in out.items()}


def travel_scores(
    config: TravelConfig | None = None, *, verbose: bool = True
) -> dict[str, dict[str, np.ndarray]]:
    """Per data set, ``"family|setting"`` -> (validation, test) accuracy per seed
    (the shipped artefact when current, else computed once and cached)."""
    if config is not None and not isinstance(config, TravelConfig):
        raise TypeError(f"config must be a TravelConfig, got {type(config).__name__}")
    config = config or default_travel_config()

    def compute() -> dict[str, dict[str, np.ndarray]]:
        return {name: _scores(name, config) for name in config.datasets}

    return shipped(
        "selftraining_travel", compute, params=dict(config.__dict__), verbose=verbose
    )


def travel_table(scores: dict[str, dict[str, np.ndarray]]) -> pd.DataFrame:
    """The setting of each family with the best median validation accuracy (ties:
    the first listed) and its median validation and test accuracy, per data set."""
    if not isinstance(scores, dict) or not scores:
        raise TypeError(f"scores must map data set names to scores, got {scores!r:.60}")
    rows = []
    for name, by_setting in scores.items():
        for family in FAMILIES:
            keys = [k for k in by_setting if k.split("|")[0] == family]
            if not keys:
                raise ValueError(f"scores[{name!r}] has no setting of {family!r}")
            med = {k: np.median(by_setting[k], axis=0) for k in keys}
            best = max(keys, key=lambda k: (med[k][0], -keys.index(k)))
            rows.append(
                {
                    "data set": name,
                    "family": family,
                    "chosen on validation": best.split("|")[1],
                    "validation accuracy": float(med[best][0]),
                    "test accuracy": float(med[best][1]),
                }
            )
    return pd.DataFrame(rows).set_index(["data set", "family"])
