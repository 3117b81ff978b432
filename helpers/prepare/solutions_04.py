"""Expected answers of lesson 04's exercises, computed from the lesson's data.

The check cells call these, so no expected value is typed in or printed before the
student answers.
"""

from __future__ import annotations

import numpy as np
from sklearn.model_selection import KFold, TimeSeriesSplit, cross_val_score
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor

from helpers.core.validation import (
    check_array,
    check_int,
    check_real,
    check_same_length,
    check_seeds,
)
from helpers.prepare import splitting

LETTERS = ("a", "b", "c")
"""04.4's choices: with a moving average of past demand as the feature, the honest
error comes from (a) random k-fold, since the day number is gone; (b) the
time-ordered split, since the model still forecasts later days; (c) either: they
now agree."""


def ex1_test_size(n: int, ratios: tuple[float, float, float]) -> int:
    """04.1: rows in the test part of a three-way split of ``n`` rows."""
    return splitting.split_sizes(n, ratios)[2]


def ex2_error_bar(accuracy: float, n_test: int) -> float:
    """04.2: the standard deviation of an accuracy measured on ``n_test`` samples."""
    accuracy = check_real("accuracy", accuracy, low=0, high=1)
    n_test = check_int("n_test", n_test, low=1, high=10**9)
    return float(np.sqrt(accuracy * (1 - accuracy) / n_test))


def ex3_shared_patients(groups: np.ndarray, *, k: int, seed: int) -> int:
    """04.3: patients with recordings on both sides of fold 0 of a shuffled k-fold."""
    groups = check_array("groups", groups, ndim=1, dtype=None)
    k = check_int("k", k, low=2, high=min(20, len(groups)))
    seed = check_int("seed", seed, low=0)
    train, test = next(KFold(k, shuffle=True, random_state=seed).split(groups))
    return int(len(set(groups[train].tolist()) & set(groups[test].tolist())))


def moving_average_feature(y: np.ndarray, *, window: int = 7) -> np.ndarray:
    """The mean of the ``window`` previous days' demand, for each day after the
    first ``window`` (shape ``(n - window, 1)``): a feature that uses only the past."""
    y = check_array("y", y, ndim=1)
    window = check_int("window", window, low=1, high=len(y) - 2)
    past = np.convolve(y, np.ones(window) / window, mode="valid")[:-1]  # (n - w,)
    return past[:, None]


def ex4_letter(y: np.ndarray, *, window: int = 7, seeds: range = range(2)) -> str:
    """04.4: which split gives the honest error once the feature is a moving average
    of past demand: the letter follows from the two measured errors."""
    y = check_array("y", y, ndim=1)
    X = moving_average_feature(y, window=window)
    target = y[window:]
    model = KNeighborsRegressor(n_neighbors=5)
    time_mae = -cross_val_score(
        model, X, target, cv=TimeSeriesSplit(5), scoring="neg_mean_absolute_error"
    ).mean()
    random_mae = np.median(
        [
            -cross_val_score(
                model,
                X,
                target,
                cv=KFold(5, shuffle=True, random_state=s),
                scoring="neg_mean_absolute_error",
            ).mean()
            for s in check_seeds(seeds)
        ]
    )
    if abs(time_mae - random_mae) < 0.05 * time_mae:
        return "c"
    return "b" if random_mae < time_mae else "a"


def ex5_optimism(
    X: np.ndarray,
    y: np.ndarray,
    groups: np.ndarray,
    *,
    n_neighbors: int = 15,
    seeds: range = range(2),
) -> float:
    """04.5: median optimism (random k-fold minus grouped k-fold accuracy) of a
    ``n_neighbors``-nearest-neighbour classifier on the patients."""
    groups = check_array("groups", groups, ndim=1, dtype=None)
    check_same_length(X=X, groups=groups)
    n_neighbors = check_int("n_neighbors", n_neighbors, low=1, high=100)
    table = splitting.split_optimism(
        X,
        y,
        KNeighborsClassifier(n_neighbors=n_neighbors),
        honest=splitting.make_cv("group", k=5),
        groups=groups,
        seeds=seeds,
    )
    return float((table["random_kfold"] - table["honest"]).median())
