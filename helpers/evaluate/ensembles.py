"""Ensembles against their single models, and L1 vs L2 regularisation paths
(lesson 12).

:func:`ensemble_table` cross-validates three single models and three ensembles on
the digits pool and times their fits; :func:`regularisation_paths` fits Lasso (L1)
and Ridge (L2) on the diabetes set over a range of penalties.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.datasets import load_diabetes
from sklearn.ensemble import AdaBoostClassifier, BaggingClassifier, VotingClassifier
from sklearn.linear_model import Lasso, Ridge
from sklearn.model_selection import StratifiedKFold
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier

from helpers.core import config
from helpers.core.artefacts import shipped
from helpers.core.data import load_digits_split
from helpers.core.progress import progress
from helpers.core.validation import check_array, check_choice, check_int

SINGLES = ("tree", "knn", "naive_bayes")
ENSEMBLES = ("voting", "bagging", "boosting")


def make_model(name: str, *, n_estimators: int = 30, seed: int = 0):
    """A fresh scikit-learn model: a single one of :data:`SINGLES` or an ensemble of
    :data:`ENSEMBLES` (soft vote of the three singles; bagged full trees; AdaBoost of
    depth-3 trees)."""
    check_choice("model", name, SINGLES + ENSEMBLES)
    n = check_int("n_estimators", n_estimators, low=1, high=1000)
    seed = check_int("seed", seed, low=0)
    tree = DecisionTreeClassifier(random_state=seed)
    singles = {
        "tree": tree,
        "knn": KNeighborsClassifier(3),
        "naive_bayes": GaussianNB(),
    }
    if name in singles:
        return singles[name]
    if name == "voting":
        return VotingClassifier(list(singles.items()), voting="soft")
    if name == "bagging":
        return BaggingClassifier(tree, n_estimators=n, random_state=seed)
    return AdaBoostClassifier(
        DecisionTreeClassifier(max_depth=3, random_state=seed),
        n_estimators=n,
        random_state=seed,
    )


@dataclass(frozen=True)
class CVScores:
    """Accuracy of every model on every cross-validation fold, and fit seconds."""

    models: tuple[str, ...]
    accuracy: np.ndarray  # (n_models, n_folds)
    fit_seconds: np.ndarray  # (n_models, n_folds)

    def __post_init__(self) -> None:
        acc = check_array("accuracy", self.accuracy, ndim=2)
        check_array("fit_seconds", self.fit_seconds, ndim=2)
        if acc.shape[0] != len(self.models) or acc.shape != np.shape(self.fit_seconds):
            raise ValueError("accuracy and fit_seconds must be (n_models, n_folds)")

    def table(self) -> pd.DataFrame:
        """Mean and standard deviation of accuracy over folds, mean fit seconds."""
        return pd.DataFrame(
            {
                "accuracy": self.accuracy.mean(axis=1),
                "sd": self.accuracy.std(axis=1, ddof=1),
                "fit s": self.fit_seconds.mean(axis=1),
            },
            index=pd.Index(self.models, name="model"),
        )

    def paired_difference(self, a: str, b: str) -> np.ndarray:
        """Per-fold accuracy of ``a`` minus that of ``b`` (same folds: paired)."""
        check_choice("model", a, self.models)
        check_choice("model", b, self.models)
        return self.accuracy[self.models.index(a)] - self.accuracy[self.models.index(b)]


def cross_validate_models(
    X: np.ndarray,
    y: np.ndarray,
    models: Iterable[str],
    *,
    n_folds: int = 5,
    n_estimators: int = 30,
    seed: int = 0,
) -> CVScores:
    """Fit and score every model on the same stratified folds, timing each fit."""
    X = check_array("X", X, ndim=2)
    y = check_array("y", y, ndim=1)
    if len(X) != len(y):
        raise ValueError(
            f"X and y must have the same length, got {len(X)} and {len(y)}"
        )
    models = tuple(check_choice("model", m, SINGLES + ENSEMBLES) for m in models)
    if not models:
        raise ValueError("models must name at least one model")
    n_folds = check_int("n_folds", n_folds, low=2, high=20)
    folds = list(StratifiedKFold(n_folds, shuffle=True, random_state=seed).split(X, y))
    acc = np.zeros((len(models), n_folds))
    secs = np.zeros((len(models), n_folds))
    for i, name in enumerate(progress(models, desc="models")):
        for j, (tr, te) in enumerate(folds):
            model = clone(make_model(name, n_estimators=n_estimators, seed=seed))
            start = time.perf_counter()
            model.fit(X[tr], y[tr])
            secs[i, j] = time.perf_counter() - start
            acc[i, j] = np.mean(model.predict(X[te]) == y[te])
    return CVScores(models, acc, secs)


def _digits_ensembles(n_folds: int, n_estimators: int) -> CVScores:
    split = load_digits_split()
    return cross_validate_models(
        split.X_pool,
        split.y_pool,
        SINGLES + ENSEMBLES,
        n_folds=n_folds,
        n_estimators=n_estimators,
    )


def ensemble_table() -> CVScores:
    """The lesson's run: 5-fold CV on the digits pool, 30 members per ensemble (fast
    mode: 3 folds, 20 members). Shipped as an artefact in normal mode."""
    n_folds, n_estimators = config.pick((5, 30), (3, 20))
    return shipped(
        "ensemble_table",
        lambda: _digits_ensembles(n_folds, n_estimators),
        params={"n_folds": n_folds, "n_estimators": n_estimators},
    )


# ------------------------------------------------------------------ regularisation


@dataclass(frozen=True)
class Paths:
    """Coefficients of L1- and L2-penalised linear regressions, one row per alpha."""

    alphas: np.ndarray  # (n_alphas,)
    l1: np.ndarray  # (n_alphas, n_features)
    l2: np.ndarray  # (n_alphas, n_features)
    features: tuple[str, ...]

    def __post_init__(self) -> None:
        alphas = check_array("alphas", self.alphas, ndim=1)
        for name in ("l1", "l2"):
            coefs = check_array(name, getattr(self, name), ndim=2)
            if coefs.shape != (len(alphas), len(self.features)):
                raise ValueError(f"{name} must be (n_alphas, n_features)")

    def nonzero(self, kind: str, *, tol: float = 1e-8) -> np.ndarray:
        """Number of coefficients with ``|w| > tol`` at each alpha."""
        check_choice("kind", kind, ("l1", "l2"))
        return (np.abs(getattr(self, kind)) > tol).sum(axis=1)


def regularisation_paths(alphas: np.ndarray) -> Paths:
    """Lasso and Ridge coefficients on the standardised diabetes features.

    Both fit on centred targets; Lasso minimises ``||y - Xw||^2 / (2n) + alpha |w|_1``
    and Ridge ``||y - Xw||^2 + alpha ||w||^2`` (scikit-learn's scalings differ, so
    compare shapes, not the alphas at which things happen).
    """
    alphas = check_array("alphas", alphas, ndim=1)
    if alphas.min() <= 0 or len(alphas) > 200:
        raise ValueError("alphas must be at most 200 positive values")
    data = load_diabetes()
    X = StandardScaler().fit_transform(data.data)
    y = data.target - data.target.mean()
    l1 = np.array([Lasso(alpha=a, max_iter=10_000).fit(X, y).coef_ for a in alphas])
    l2 = np.array([Ridge(alpha=a).fit(X, y).coef_ for a in alphas])
    return Paths(alphas, l1, l2, tuple(data.feature_names))
