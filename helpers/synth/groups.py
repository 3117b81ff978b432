"""Bias in data: a minority group the model barely sees, and rebalancing (lesson 10).

Two groups share a feature space but not the labelling rule, and group B is rare in
the training data (20 rows against 400). Accuracy measured *per group* shows the gap
that the overall accuracy hides; synthetic rows for group B (SMOTE within each
(group, class) cell, or plain copies) change what the model attends to.

* :func:`make_group_data` -- the two groups, with their own rules
  (:func:`group_rule`);
* :func:`group_features` -- the features a model sees: group-blind, or with
  group-specific terms (the group flag and its products with the features);
* :func:`rebalance_groups` -- oversample every (group, class) cell to the largest;
* :func:`group_bias_experiment` -- accuracy per group, per model, per balancing.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from helpers.core.validation import (
    check_array,
    check_choice,
    check_int,
    check_labels,
    check_same_length,
    check_seeds,
)
from helpers.synth.synthetic import random_oversample, smote

GROUPS = ("A (majority)", "B (minority)")
MODELS = ("group-blind", "with group terms")
BALANCING = ("none", "copies", "SMOTE")
MAX_ROWS = 1_000_000
B_SHIFT = np.array([2.0, 1.0])
"""Group B sits here in feature space, around which its own rule turns."""


def make_group_data(
    n_major: int, n_minor: int, *, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(X, y, group)``: ``n_major`` rows of group 0 and ``n_minor`` of group 1.

    Group 0: ``x ~ N(0, I)``, label ``x1 + x2 > 0``. Group 1: ``x ~ N(B_SHIFT, I)``,
    label ``(x1 - 2) - 1.5 (x2 - 1) > 0``. Both with a little label noise (normal
    noise of sd 0.3 added before the threshold).
    """
    n_major = check_int("n_major", n_major, low=1, high=MAX_ROWS)
    n_minor = check_int("n_minor", n_minor, low=1, high=MAX_ROWS)
    rng = np.random.default_rng(check_int("seed", seed, low=0))
    group = np.r_[np.zeros(n_major, int), np.ones(n_minor, int)]
    X = rng.normal(size=(len(group), 2)) + np.outer(group, B_SHIFT)  # (n, 2)
    y = (_score(X, group) + 0.3 * rng.normal(size=len(group)) > 0).astype(int)
    return X, y, group


def _score(X: np.ndarray, group: np.ndarray) -> np.ndarray:
    d = X - B_SHIFT  # (n, 2) position relative to group B's centre
    return np.where(group == 0, X[:, 0] + X[:, 1], d[:, 0] - 1.5 * d[:, 1])


def group_rule(X: np.ndarray, group: np.ndarray) -> np.ndarray:
    """The noiseless label of each row under its own group's rule, ``(n,)``: what a
    synthetic row *should* be labelled."""
    X, group = _check_rows(X, group)
    if X.shape[1] != 2:
        raise ValueError(f"X must have 2 columns, got {X.shape[1]}")
    return (_score(X, group) > 0).astype(int)


def _check_rows(X: np.ndarray, group: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    X = check_array("X", X, ndim=2)
    group = check_labels("group", group, n_classes=2)
    check_same_length(X=X, group=group)
    return X, group


def group_features(X: np.ndarray, group: np.ndarray, *, model: str) -> np.ndarray:
    """``group-blind``: the features alone, ``(n, d)``; ``with group terms``: the
    features, the group flag and their products, ``(n, 2 d + 1)``."""
    X, group = _check_rows(X, group)
    check_choice("model", model, MODELS)
    if model == "group-blind":
        return X
    g = group[:, None].astype(float)  # (n, 1)
    return np.hstack([X, g, X * g])  # (n, 2 d + 1)


def rebalance_groups(
    X: np.ndarray, y: np.ndarray, group: np.ndarray, *, method: str, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Oversample every (group, class) cell to the size of the largest, by plain
    ``copies`` of its rows or ``SMOTE`` rows (5 nearest neighbours in the cell);
    ``none`` returns the data unchanged. Originals come first."""
    X, group = _check_rows(X, group)
    y = check_labels("y", y, n_classes=2)
    check_same_length(X=X, y=y)
    check_choice("method", method, BALANCING)
    seed = check_int("seed", seed, low=0)
    if method == "none":
        return X, y, group
    cell = 2 * group + y  # (n,) one label per (group, class) cell
    if method == "copies":
        X_new, cell_new = random_oversample(X, cell, seed=seed)
    else:
        X_new, cell_new = smote(X, cell, k=5, seed=seed)
    return X_new, cell_new % 2, cell_new // 2


def group_bias_experiment(
    *,
    n_major: int = 400,
    n_minor: int = 20,
    n_test: int = 1000,
    seeds: Sequence[int] = range(5),
) -> pd.DataFrame:
    """Test accuracy per group (``n_test`` rows of each), one row per (seed, model,
    balancing, group); logistic regression with scikit-learn's defaults."""
    from sklearn.linear_model import LogisticRegression

    n_test = check_int("n_test", n_test, low=1, high=MAX_ROWS)
    seeds = check_seeds(seeds)
    X_test, y_test, g_test = make_group_data(n_test, n_test, seed=10_000)
    rows = []
    for seed in seeds:
        X, y, g = make_group_data(n_major, n_minor, seed=seed)
        for balancing in BALANCING:
            Xb, yb, gb = rebalance_groups(X, y, g, method=balancing, seed=seed)
            for model in MODELS:
                clf = LogisticRegression().fit(group_features(Xb, gb, model=model), yb)
                pred = clf.predict(group_features(X_test, g_test, model=model))
                for k, name in enumerate(GROUPS):
                    mask = g_test == k
                    rows.append(
                        {
                            "seed": seed,
                            "model": model,
                            "balancing": balancing,
                            "group": name,
                            "accuracy": float((pred[mask] == y_test[mask]).mean()),
                        }
                    )
    return pd.DataFrame(rows)
