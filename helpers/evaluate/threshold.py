"""Decision thresholds: precision and recall counted from scores (lesson 00).

Plots live in :mod:`helpers.evaluate.threshold_plots`, the widget in
:mod:`helpers.evaluate.threshold_widget`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression

from helpers.core.data import load_digits_split
from helpers.core.validation import (
    check_array,
    check_int,
    check_labels,
    check_probabilities,
    check_real,
    check_same_length,
)


@dataclass(frozen=True)
class ThresholdResult:
    """Counts and rates of a binary decision ``score >= threshold``."""

    threshold: float
    tp: int
    fp: int
    fn: int
    tn: int

    def __post_init__(self) -> None:
        check_real("threshold", self.threshold, low=0.0, high=1.0)
        for name in ("tp", "fp", "fn", "tn"):
            check_int(name, getattr(self, name), low=0)

    @property
    def precision(self) -> float:
        """TP / (TP + FP); NaN when nothing is predicted positive."""
        predicted = self.tp + self.fp
        return self.tp / predicted if predicted else float("nan")

    @property
    def recall(self) -> float:
        """TP / (TP + FN); NaN when there are no positives."""
        actual = self.tp + self.fn
        return self.tp / actual if actual else float("nan")

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        if np.isnan(p) or np.isnan(r) or p + r == 0:
            return float("nan")
        return 2 * p * r / (p + r)

    def to_html(self) -> str:
        def fmt(x: float) -> str:
            return "undefined" if np.isnan(x) else f"{x:.3f}"

        return (
            f"threshold <b>{self.threshold:.2f}</b>: precision <b>{fmt(self.precision)}"
            f"</b>, recall <b>{fmt(self.recall)}</b>, F1 {fmt(self.f1)} "
            f"&nbsp;|&nbsp; TP {self.tp}, FP {self.fp}, FN {self.fn}, TN {self.tn}"
        )


def check_binary(
    scores: np.ndarray, y_true: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``(scores, y_true as bool)`` after checking both: finite 1-D scores, 0/1 labels,
    the same length."""
    scores = check_array("scores", scores, ndim=1)
    y_true = np.asarray(y_true)
    check_same_length(scores=scores, y_true=y_true)
    if not np.isin(y_true, [0, 1, False, True]).all():
        raise ValueError("y_true must hold binary labels (0/1 or False/True)")
    return scores, y_true.astype(bool)


def threshold_metrics(
    scores: np.ndarray, y_true: np.ndarray, *, threshold: float
) -> ThresholdResult:
    """Confusion counts when predicting positive for ``scores >= threshold``."""
    threshold = check_real("threshold", threshold, low=0.0, high=1.0)
    scores, y = check_binary(scores, y_true)
    pred = scores >= threshold
    return ThresholdResult(
        threshold=float(threshold),
        tp=int(np.sum(pred & y)),
        fp=int(np.sum(pred & ~y)),
        fn=int(np.sum(~pred & y)),
        tn=int(np.sum(~pred & ~y)),
    )


@dataclass(frozen=True)
class DigitScores:
    """Predicted class probabilities on the digits test set, shape ``(n_test, 10)``."""

    proba: np.ndarray
    y_test: np.ndarray

    def __post_init__(self) -> None:
        proba = check_probabilities("proba", self.proba)
        y = check_labels("y_test", self.y_test, n_classes=proba.shape[1])
        check_same_length(proba=proba, y_test=y)

    def detector(self, digit: int) -> tuple[np.ndarray, np.ndarray]:
        """One-vs-rest view: (score that the image is ``digit``, is it really)."""
        check_int("digit", digit)
        if digit not in range(self.proba.shape[1]):
            raise ValueError(
                f"digit must be in 0..{self.proba.shape[1] - 1}, got {digit}"
            )
        return self.proba[:, digit], (self.y_test == digit)


def digit_detector_scores(*, C: float = 0.3) -> DigitScores:
    """Train a (deliberately weak) logistic regression on the digits pool once.

    A small ``C`` keeps the probabilities soft, so a threshold has something to trade.
    """
    C = check_real("C", C, low=0.0, open_low=True)
    split = load_digits_split()
    model = LogisticRegression(C=C, max_iter=2000).fit(split.X_pool, split.y_pool)
    return DigitScores(model.predict_proba(split.X_test), split.y_test)
