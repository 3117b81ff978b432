"""Feature selection as a method: filter, wrapper and embedded (lesson 03).

* **filter**: score each feature alone against the label (the ANOVA F statistic), keep
  the ``k`` best; cheap, blind to how features work together;
* **wrapper**: fit the model, drop the weakest feature, refit, repeat (recursive
  feature elimination); uses the model, costs many fits;
* **embedded**: the model selects while it trains (an L1 penalty drives the weights of
  useless features to exactly zero).

:func:`selection_comparison` hides real features among pure-noise columns and scores
each method by what it keeps (real vs noise) and by cross-validated accuracy, with the
selection fitted inside each fold (lesson 03, section 5: otherwise it leaks).
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
from sklearn.feature_selection import RFE, SelectFromModel, SelectKBest, f_classif
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from helpers.core.validation import check_array, check_int, check_labels, check_real

METHODS = ("all features", "filter", "wrapper", "embedded")
MAX_NOISE = 10_000


def with_noise(
    X: np.ndarray, *, n_noise: int, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """``X`` with ``n_noise`` standard-normal columns appended, and a boolean mask of
    the real columns, shapes ``(n, d + n_noise)`` and ``(d + n_noise,)``."""
    X = check_array("X", X, ndim=2)
    n_noise = check_int("n_noise", n_noise, low=0, high=MAX_NOISE)
    rng = np.random.default_rng(check_int("seed", seed, low=0))
    noise = rng.normal(size=(len(X), n_noise))  # (n, n_noise)
    real = np.r_[np.ones(X.shape[1], bool), np.zeros(n_noise, bool)]
    return np.hstack([X, noise]), real


def make_selector(method: str, *, k: int, C: float = 0.1, seed: int = 0) -> Pipeline:
    """A scaler, then the selection step of ``method`` (keeping ``k`` features for the
    filter and the wrapper; the wrapper drops 3 features per round), then logistic
    regression. ``seed`` seeds the L1 solver of the embedded method."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose one of {list(METHODS)}")
    k = check_int("k", k, low=1, high=MAX_NOISE)
    C = check_real("C", C, low=0, open_low=True)
    seed = check_int("seed", seed, low=0)
    model = LogisticRegression(max_iter=2000)
    steps = {
        "all features": [],
        "filter": [SelectKBest(f_classif, k=k)],
        "wrapper": [
            RFE(LogisticRegression(max_iter=2000), n_features_to_select=k, step=3)
        ],
        "embedded": [
            SelectFromModel(
                LogisticRegression(
                    l1_ratio=1.0, C=C, solver="saga", max_iter=5000, random_state=seed
                ),
                threshold=1e-8,  # keep every feature with a non-zero weight
            )
        ],
    }[method]
    return make_pipeline(StandardScaler(), *steps, model)


def selection_comparison(
    X: np.ndarray,
    y: np.ndarray,
    real: np.ndarray,
    *,
    k: int,
    C: float = 0.1,
    n_splits: int = 5,
    seed: int = 0,
) -> pd.DataFrame:
    """Per method of :data:`METHODS`: how many real and noise features it keeps when
    fitted on all rows, the cross-validated accuracy (selection refitted in every
    fold) and the seconds that took."""
    X = check_array("X", X, ndim=2)
    y = check_labels("y", y)
    real = np.asarray(real)
    if real.dtype != bool or real.shape != (X.shape[1],):
        raise ValueError(f"real must be a boolean mask of {X.shape[1]} columns")
    if y.size != len(X):
        raise ValueError(f"X and y must have the same length: {len(X)}, {y.size}")
    k = check_int("k", k, low=1, high=X.shape[1])
    n_splits = check_int("n_splits", n_splits, low=2, high=20)
    cv = StratifiedKFold(
        n_splits, shuffle=True, random_state=check_int("seed", seed, low=0)
    )
    rows = {}
    for method in METHODS:
        pipe = make_selector(method, k=k, C=C, seed=seed)
        start = time.perf_counter()
        accuracy = cross_val_score(pipe, X, y, cv=cv).mean()
        seconds = time.perf_counter() - start
        kept = np.ones(X.shape[1], bool)
        if method != "all features":
            kept = pipe.fit(X, y)[1].get_support()
        rows[method] = {
            "real kept": int((kept & real).sum()),
            "noise kept": int((kept & ~real).sum()),
            "accuracy": float(accuracy),
            "seconds": seconds,
        }
    return pd.DataFrame(rows).T.astype({"real kept": int, "noise kept": int})
