"""Tests of evaluate.solutions_00 against scikit-learn's metrics."""

import numpy as np
import pytest
from sklearn.metrics import f1_score, precision_score, recall_score

from helpers.evaluate import solutions_00 as sol
from helpers.evaluate.threshold import DigitScores

RNG = np.random.default_rng(0)
Y = RNG.integers(0, 2, size=300).astype(bool)
SCORES = np.clip(0.35 * Y + RNG.uniform(0, 0.7, size=300), 0, 1)


def _proba() -> DigitScores:
    rng = np.random.default_rng(1)
    y = np.arange(60) % 3
    raw = rng.uniform(size=(60, 3)) + 1.5 * np.eye(3)[y]
    return DigitScores(raw / raw.sum(axis=1, keepdims=True), y)


def test_smallest_threshold_matches_sklearn_precision():
    t = sol.smallest_threshold(SCORES, Y, min_precision=0.9)
    precision = [
        precision_score(Y, SCORES >= g, zero_division=0) if (SCORES >= g).any() else 0
        for g in sol.GRID
    ]
    first = next(g for g, p in zip(sol.GRID, precision, strict=True) if p >= 0.9)
    assert t == first
    assert precision_score(Y, SCORES >= t) >= 0.9


def test_smallest_threshold_nan_when_unreachable():
    y = np.array([1, 0, 1, 0], bool)
    s = np.array([0.1, 0.9, 0.2, 0.8])  # the positives score lowest
    assert np.isnan(sol.smallest_threshold(s, y, min_precision=0.99))


def test_hardest_digit_counts_misses():
    scores = _proba()
    misses = [
        int(np.sum((scores.proba[:, d] < 0.5) & (scores.y_test == d))) for d in range(3)
    ]
    assert sol.hardest_digit(scores) == int(np.argmax(misses))


def test_f1_direction_matches_sklearn():
    f_low = f1_score(Y, SCORES >= 0.5)
    f_high = f1_score(Y, SCORES >= 0.9)
    expected = "a" if f_high > f_low + 0.005 else "b" if f_high < f_low - 0.005 else "c"
    assert sol.f1_direction(SCORES, Y, low=0.5, high=0.9) == expected
    assert set(sol.F1_CHOICES) == {"a", "b", "c"}
    with pytest.raises(ValueError, match="low must be below high"):
        sol.f1_direction(SCORES, Y, low=0.9, high=0.5)


def test_best_f1_threshold_is_the_argmax():
    scores = _proba()
    s, y = scores.detector(1)
    f1 = [f1_score(y, s >= g) if (s >= g).any() else -1 for g in sol.GRID]
    t = sol.best_f1_threshold(scores, digit=1)
    assert t == sol.GRID[int(np.argmax(f1))]
    assert recall_score(y, s >= t) > 0
