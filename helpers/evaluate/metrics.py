"""Classification and regression metrics written out in NumPy (lesson 12).

Each function mirrors a scikit-learn metric (``tests/evaluate/test_metrics.py`` checks
them against it on random inputs): the confusion matrix, accuracy, precision, recall
and F1 with binary, macro, micro and weighted averages, ROC and precision-recall
curves with their areas, and MSE, RMSE and MAE. A division by zero (no predicted
positives, no actual positives) counts as 0, like scikit-learn's ``zero_division=0``.

>>> prf = precision_recall_f1([1, 1, 0, 0], [1, 0, 0, 0])
>>> prf.precision, prf.recall, round(prf.f1, 3)
(1.0, 0.5, 0.667)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from helpers.core.validation import (
    check_array,
    check_choice,
    check_int,
    check_labels,
    check_real,
    check_same_length,
)

AVERAGES = ("binary", "macro", "micro", "weighted")
"""How per-class precision, recall and F1 are combined into one number."""


def _pair(y_true, y_pred) -> tuple[np.ndarray, np.ndarray]:
    y_true = check_labels("y_true", y_true)
    y_pred = check_labels("y_pred", y_pred)
    check_same_length(y_true=y_true, y_pred=y_pred)
    return y_true, y_pred


def confusion_matrix(
    y_true: np.ndarray, y_pred: np.ndarray, *, labels: np.ndarray | None = None
) -> np.ndarray:
    """Counts ``C[i, j]`` of examples of class ``labels[i]`` predicted as ``labels[j]``.

    ``labels`` defaults to the sorted classes seen in either array.
    """
    y_true, y_pred = _pair(y_true, y_pred)
    if labels is None:
        labels = np.union1d(y_true, y_pred)
    labels = check_labels("labels", labels)
    if len(np.unique(labels)) != len(labels):
        raise ValueError("labels must not repeat a class")
    index = {int(c): i for i, c in enumerate(labels)}
    k = len(labels)
    keep = np.isin(y_true, labels) & np.isin(y_pred, labels)
    rows = np.array([index[int(c)] for c in y_true[keep]], dtype=int)
    cols = np.array([index[int(c)] for c in y_pred[keep]], dtype=int)
    counts = np.zeros((k, k), dtype=int)  # (true class, predicted class)
    np.add.at(counts, (rows, cols), 1)
    return counts


def accuracy(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """Share of examples whose predicted label equals the true one."""
    y_true, y_pred = _pair(y_true, y_pred)
    return float(np.mean(y_true == y_pred))


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1 (one number each, after averaging)."""

    precision: float
    recall: float
    f1: float

    def __post_init__(self) -> None:
        for name in ("precision", "recall", "f1"):
            check_real(name, getattr(self, name), low=0.0, high=1.0)


def _divide(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    num, den = np.asarray(num, float), np.asarray(den, float)
    return np.divide(num, den, out=np.zeros_like(num), where=den > 0)


def precision_recall_f1(
    y_true: np.ndarray,
    y_pred: np.ndarray,
    *,
    average: str = "binary",
    positive: int = 1,
) -> PRF:
    """Precision, recall and F1, per class from the confusion matrix, then averaged.

    ``binary``: the scores of class ``positive`` only; ``macro``: the plain mean over
    classes; ``weighted``: the mean weighted by each class's number of true examples;
    ``micro``: from the summed counts (equal to accuracy for single-label data).
    F1 per class is ``2 P R / (P + R)``; macro F1 averages those, it is not the F1 of
    the averaged P and R.
    """
    check_choice("average", average, AVERAGES)
    y_true, y_pred = _pair(y_true, y_pred)
    labels = np.union1d(y_true, y_pred)
    if average == "binary":
        positive = check_int("positive", positive, low=0)
        if len(labels) > 2:
            raise ValueError(
                f"average='binary' needs two classes, got {len(labels)}; "
                "choose 'macro', 'micro' or 'weighted'"
            )
        labels = np.union1d(labels, [positive])
        if len(labels) > 2:
            raise ValueError(f"positive={positive} is not one of the classes")
    counts = confusion_matrix(y_true, y_pred, labels=labels)
    tp = np.diag(counts).astype(float)  # (k,)
    predicted = counts.sum(axis=0)  # (k,)
    actual = counts.sum(axis=1)  # (k,)
    if average == "micro":
        p = r = float(_divide(tp.sum(), predicted.sum()))
        f = float(_divide(2 * p * r, p + r))
        return PRF(p, r, f)
    precision = _divide(tp, predicted)
    recall = _divide(tp, actual)
    f1 = _divide(2 * precision * recall, precision + recall)
    if average == "binary":
        i = int(np.flatnonzero(labels == positive)[0])
        return PRF(float(precision[i]), float(recall[i]), float(f1[i]))
    weights = np.ones_like(tp) if average == "macro" else actual.astype(float)
    weights = weights / weights.sum()
    return PRF(
        float(np.clip(weights @ precision, 0, 1)),
        float(np.clip(weights @ recall, 0, 1)),
        float(np.clip(weights @ f1, 0, 1)),
    )


# ------------------------------------------------------------------ curves


def check_binary_proba(
    y_true: np.ndarray, proba: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``(y_true as 0/1 ints, proba)`` for the curves: both classes present, the
    probabilities in [0, 1], the same length."""
    y_true = check_labels("y_true", y_true)
    proba = check_array("proba", proba, ndim=1)
    check_same_length(y_true=y_true, proba=proba)
    if not np.isin(y_true, [0, 1]).all():
        raise ValueError("y_true must hold binary labels 0 and 1")
    if len(np.unique(y_true)) < 2:
        raise ValueError(
            "y_true holds a single class; ROC and precision-recall need both 0 and 1"
        )
    if proba.min() < 0 or proba.max() > 1:
        raise ValueError(
            "proba must hold probabilities in [0, 1], got values in "
            f"[{proba.min():.3g}, {proba.max():.3g}]"
        )
    return y_true, proba


@dataclass(frozen=True)
class Curve:
    """Points of a ROC or precision-recall curve, one per distinct threshold.

    ROC: ``x`` is the false positive rate, ``y`` the true positive rate, starting at
    (0, 0) with threshold ``inf``. PR: ``x`` is recall, ``y`` precision, ordered by
    decreasing threshold (increasing recall).
    """

    x: np.ndarray
    y: np.ndarray
    thresholds: np.ndarray

    def __post_init__(self) -> None:
        check_array("x", self.x, ndim=1)
        check_array("y", self.y, ndim=1)
        check_array("thresholds", self.thresholds, ndim=1, finite=False)
        check_same_length(x=self.x, y=self.y, thresholds=self.thresholds)


def _cumulative_counts(y_true, proba):
    """True and false positives when flagging everything scored >= each distinct
    threshold, highest threshold first."""
    order = np.argsort(-proba, kind="mergesort")
    s, y = proba[order], y_true[order]
    last = np.r_[np.flatnonzero(np.diff(s)), len(s) - 1]  # last index of each score
    tps = np.cumsum(y)[last]
    fps = (last + 1) - tps
    return tps.astype(float), fps.astype(float), s[last]


def roc_curve(y_true: np.ndarray, proba: np.ndarray) -> Curve:
    """False and true positive rates at every distinct threshold."""
    y_true, proba = check_binary_proba(y_true, proba)
    tps, fps, thresholds = _cumulative_counts(y_true, proba)
    fpr = np.r_[0.0, fps / fps[-1]]
    tpr = np.r_[0.0, tps / tps[-1]]
    return Curve(fpr, tpr, np.r_[np.inf, thresholds])


def pr_curve(y_true: np.ndarray, proba: np.ndarray) -> Curve:
    """Recall and precision at every distinct threshold (decreasing)."""
    y_true, proba = check_binary_proba(y_true, proba)
    tps, fps, thresholds = _cumulative_counts(y_true, proba)
    precision = tps / (tps + fps)
    recall = tps / tps[-1]
    return Curve(recall, precision, thresholds)


def auc(x: np.ndarray, y: np.ndarray) -> float:
    """Area under a curve by the trapezoidal rule; ``x`` must be monotonic."""
    x = check_array("x", x, ndim=1, min_len=2)
    y = check_array("y", y, ndim=1, min_len=2)
    check_same_length(x=x, y=y)
    dx = np.diff(x)
    if np.any(dx < 0) and np.any(dx > 0):
        raise ValueError("x must be monotonic (all steps up or all down)")
    area = float(np.sum(dx * (y[1:] + y[:-1]) / 2))
    return abs(area)


def roc_auc(y_true: np.ndarray, proba: np.ndarray) -> float:
    """Area under the ROC curve: the chance that a random positive is scored above a
    random negative (ties count half)."""
    curve = roc_curve(y_true, proba)
    return auc(curve.x, curve.y)


def average_precision(y_true: np.ndarray, proba: np.ndarray) -> float:
    """Area under the precision-recall curve as a step sum:
    ``sum_n (R_n - R_{n-1}) P_n`` (no interpolation, like scikit-learn)."""
    curve = pr_curve(y_true, proba)
    recall = np.r_[0.0, curve.x]
    return float(np.sum(np.diff(recall) * curve.y))


# ------------------------------------------------------------------ regression


@dataclass(frozen=True)
class RegressionErrors:
    """Mean squared error, its square root, and mean absolute error."""

    mse: float
    rmse: float
    mae: float

    def __post_init__(self) -> None:
        for name in ("mse", "rmse", "mae"):
            check_real(name, getattr(self, name), low=0.0)


def regression_errors(y_true: np.ndarray, y_pred: np.ndarray) -> RegressionErrors:
    """MSE ``mean((y - yhat)^2)``, RMSE ``sqrt(MSE)`` (in the target's units) and MAE
    ``mean(|y - yhat|)``."""
    y_true = check_array("y_true", y_true, ndim=1)
    y_pred = check_array("y_pred", y_pred, ndim=1)
    check_same_length(y_true=y_true, y_pred=y_pred)
    err = y_true - y_pred
    mse = float(np.mean(err**2))
    return RegressionErrors(mse, float(np.sqrt(mse)), float(np.mean(np.abs(err))))
