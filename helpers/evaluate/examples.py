"""The data lesson 12 measures its metrics on: the email example, an imbalanced
breast-cancer detector, and a diabetes regression with one outlier added.

All scores come from small scikit-learn models trained once (well under a second).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.datasets import load_breast_cancer, load_diabetes
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from helpers.core.validation import (
    check_array,
    check_int,
    check_real,
    check_same_length,
)
from helpers.evaluate.metrics import (
    check_binary_proba,
    confusion_matrix,
    precision_recall_f1,
    regression_errors,
)

# ------------------------------------------------------------------ the email example


@dataclass(frozen=True)
class Inbox:
    """Emails ranked by a model: ``scores`` in [0, 1] and whether each is important."""

    scores: np.ndarray
    important: np.ndarray

    def __post_init__(self) -> None:
        check_binary_proba(self.important, self.scores)


def email_inbox(
    *, n_emails: int = 1000, n_important: int = 100, hits_in_top_100: int = 80
) -> Inbox:
    """An inbox whose model ranks emails so that its top 100 hold ``hits_in_top_100``
    important ones, and its top 10 only important ones.

    The scores are made, not learnt: the example is about counting, not modelling.
    """
    n_emails = check_int("n_emails", n_emails, low=200, high=10**6)
    n_important = check_int("n_important", n_important, low=10, high=n_emails - 100)
    hits = check_int("hits_in_top_100", hits_in_top_100, low=10, high=100)
    if hits > n_important:
        raise ValueError(
            f"hits_in_top_100 must be at most n_important={n_important}, got {hits}"
        )
    rng = np.random.default_rng(0)
    top = np.r_[
        np.ones(10),
        rng.permutation(np.r_[np.ones(hits - 10), np.zeros(90 - hits + 10)]),
    ]
    rest = rng.permutation(
        np.r_[
            np.ones(n_important - hits), np.zeros(n_emails - 100 - n_important + hits)
        ]
    )
    important = np.r_[top, rest].astype(int)  # ranked: best score first
    scores = np.linspace(0.99, 0.01, n_emails)
    return Inbox(scores, important)


def flag_top(scores: np.ndarray, k: int) -> np.ndarray:
    """0/1 predictions that flag the ``k`` highest scores."""
    scores = check_array("scores", scores, ndim=1)
    k = check_int("k", k, low=0, high=len(scores))
    flags = np.zeros(len(scores), dtype=int)
    flags[np.argsort(-scores, kind="mergesort")[:k]] = 1
    return flags


# ------------------------------------------------------------------ classification


@dataclass(frozen=True)
class BinaryScores:
    """Probabilities that test examples are positive, and their true labels."""

    proba: np.ndarray
    y_true: np.ndarray

    def __post_init__(self) -> None:
        check_binary_proba(self.y_true, self.proba)

    @property
    def positive_share(self) -> float:
        return float(np.mean(self.y_true))


def cancer_scores(*, positive_share: float = 0.1, seed: int = 0) -> BinaryScores:
    """A made-imbalanced breast-cancer set (malignant kept at ``positive_share`` of
    the examples), a weak logistic regression, its test probabilities.

    Half the examples train, half test (stratified). ``C = 0.01`` keeps the
    probabilities soft so that the threshold has something to trade.
    """
    share = check_real("positive_share", positive_share, low=0.02, high=0.5)
    seed = check_int("seed", seed, low=0)
    X, y = load_breast_cancer(return_X_y=True)
    y = 1 - y  # scikit-learn codes benign as 1: positive = malignant
    rng = np.random.default_rng(seed)
    neg, pos = np.flatnonzero(y == 0), np.flatnonzero(y == 1)
    n_pos = round(share * len(neg) / (1 - share))
    keep = np.r_[neg, rng.choice(pos, size=min(n_pos, len(pos)), replace=False)]
    X_tr, X_te, y_tr, y_te = train_test_split(
        X[keep], y[keep], test_size=0.5, stratify=y[keep], random_state=seed
    )
    scaler = StandardScaler().fit(X_tr)
    model = LogisticRegression(C=0.01, max_iter=1000)
    model.fit(scaler.transform(X_tr), y_tr)
    return BinaryScores(model.predict_proba(scaler.transform(X_te))[:, 1], y_te)


def metrics_by_threshold(
    y_true: np.ndarray, proba: np.ndarray, *, thresholds: np.ndarray
) -> pd.DataFrame:
    """One row per threshold: TP, FP, FN, TN, accuracy, precision, recall, F1 and
    the false positive rate of the rule ``proba >= threshold``."""
    y_true, proba = check_binary_proba(y_true, proba)
    thresholds = check_array("thresholds", thresholds, ndim=1)
    if thresholds.min() < 0 or thresholds.max() > 1 or len(thresholds) > 10_000:
        raise ValueError("thresholds must be at most 10000 values in [0, 1]")
    rows = []
    for t in thresholds:
        pred = (proba >= t).astype(int)
        (tn, fp), (fn, tp) = confusion_matrix(y_true, pred, labels=[0, 1])
        prf = precision_recall_f1(y_true, pred)
        rows.append(
            {
                "threshold": float(t),
                "tp": int(tp),
                "fp": int(fp),
                "fn": int(fn),
                "tn": int(tn),
                "accuracy": (tp + tn) / len(y_true),
                "precision": prf.precision,
                "recall": prf.recall,
                "f1": prf.f1,
                "fpr": fp / (fp + tn),
            }
        )
    return pd.DataFrame(rows)


# ------------------------------------------------------------------ regression


@dataclass(frozen=True)
class RegressionRun:
    """Test targets and a model's predictions (diabetes: disease progression)."""

    y_true: np.ndarray
    y_pred: np.ndarray

    def __post_init__(self) -> None:
        check_array("y_true", self.y_true, ndim=1)
        check_array("y_pred", self.y_pred, ndim=1)
        check_same_length(y_true=self.y_true, y_pred=self.y_pred)


def diabetes_predictions(*, seed: int = 0) -> RegressionRun:
    """Linear regression on scikit-learn's diabetes set; predictions on a 30 % test
    split."""
    seed = check_int("seed", seed, low=0)
    X, y = load_diabetes(return_X_y=True)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.3, random_state=seed)
    model = LinearRegression().fit(X_tr, y_tr)
    return RegressionRun(y_te, model.predict(X_te))


def outlier_sweep(
    y_true: np.ndarray, y_pred: np.ndarray, *, sizes: np.ndarray
) -> pd.DataFrame:
    """MSE, RMSE and MAE after moving ONE test target by ``size`` (for each size).

    The first test example gets ``y + size``: the model's prediction stays, so its
    error grows by ``size``. One row per size.
    """
    y_true = check_array("y_true", y_true, ndim=1, min_len=2)
    y_pred = check_array("y_pred", y_pred, ndim=1, min_len=2)
    check_same_length(y_true=y_true, y_pred=y_pred)
    sizes = check_array("sizes", sizes, ndim=1)
    if len(sizes) > 10_000:
        raise ValueError(f"sizes must hold at most 10000 values, got {len(sizes)}")
    rows = []
    for size in sizes:
        moved = y_true.copy()
        moved[0] += size
        e = regression_errors(moved, y_pred)
        rows.append({"size": float(size), "mse": e.mse, "rmse": e.rmse, "mae": e.mae})
    return pd.DataFrame(rows)
