"""Expected answers of lesson 00's exercises, computed from the lesson's scores.

The check cells call these, so no expected value is typed or shown in the notebook.
Each function takes the arrays the lesson made (detector scores, labels) and returns
the answer; ``tests/evaluate/test_solutions_00.py`` checks them against scikit-learn.
"""

from __future__ import annotations

import numpy as np

from helpers.core.validation import check_int, check_real
from helpers.evaluate.threshold import DigitScores, check_binary, threshold_metrics

GRID = np.round(np.arange(0, 1.001, 0.01), 2)
"""The thresholds the exercises scan: 0.00, 0.01, ..., 1.00."""


def smallest_threshold(
    scores: np.ndarray, y_true: np.ndarray, *, min_precision: float = 0.95
) -> float:
    """Exercise 00.1: the smallest threshold of :data:`GRID` whose precision reaches
    ``min_precision`` (an undefined precision, nothing flagged, never counts); NaN
    when none does."""
    min_precision = check_real("min_precision", min_precision, low=0.0, high=1.0)
    scores, y = check_binary(scores, y_true)
    for t in GRID:
        precision = threshold_metrics(scores, y, threshold=float(t)).precision
        if not np.isnan(precision) and precision >= min_precision:
            return float(t)
    return float("nan")


def hardest_digit(scores: DigitScores, *, threshold: float = 0.5) -> int:
    """Exercise 00.2: the digit whose one-vs-rest detector misses the most (largest
    FN at ``threshold``); the smallest such digit on a tie."""
    if not isinstance(scores, DigitScores):
        raise TypeError(f"scores must be DigitScores, got {type(scores).__name__}")
    threshold = check_real("threshold", threshold, low=0.0, high=1.0)
    misses = [
        threshold_metrics(*scores.detector(d), threshold=threshold).fn
        for d in range(scores.proba.shape[1])
    ]
    return int(np.argmax(misses))


F1_CHOICES = {
    "a": "F1 rises: precision gains more than recall loses",
    "b": "F1 falls: recall loses more than precision gains",
    "c": "F1 stays the same: the two changes cancel",
}
"""The choices of exercise 00.3 (what happens to F1 when the threshold rises)."""


def f1_direction(
    scores: np.ndarray, y_true: np.ndarray, *, low: float = 0.5, high: float = 0.9
) -> str:
    """Exercise 00.3: the letter of :data:`F1_CHOICES` that the measured F1 at
    ``low`` and ``high`` supports (equal within 0.005 counts as "the same")."""
    low = check_real("low", low, low=0.0, high=1.0)
    high = check_real("high", high, low=0.0, high=1.0)
    if not low < high:
        raise ValueError(f"low must be below high, got {low} and {high}")
    scores, y = check_binary(scores, y_true)
    f_low = threshold_metrics(scores, y, threshold=low).f1
    f_high = threshold_metrics(scores, y, threshold=high).f1
    if np.isnan(f_low) or np.isnan(f_high):
        raise ValueError("F1 is undefined at one of the thresholds")
    if abs(f_high - f_low) <= 0.005:
        return "c"
    return "a" if f_high > f_low else "b"


def best_f1_threshold(scores: DigitScores, *, digit: int) -> float:
    """Exercise 00.4: for the detector of ``digit``, the threshold of :data:`GRID`
    with the highest F1 (the smallest one on a tie)."""
    if not isinstance(scores, DigitScores):
        raise TypeError(f"scores must be DigitScores, got {type(scores).__name__}")
    digit = check_int("digit", digit, low=0, high=scores.proba.shape[1] - 1)
    s, y = scores.detector(digit)
    f1 = np.array([threshold_metrics(s, y, threshold=float(t)).f1 for t in GRID])
    f1 = np.where(np.isnan(f1), -1.0, f1)
    return float(GRID[int(np.argmax(f1))])
