"""Bad-input cases of lesson 00's solutions module (see tests/bad_input.py)."""

import numpy as np
from bad_input import Case

from helpers.evaluate import solutions_00
from helpers.evaluate.threshold import DigitScores

SCORES = np.array([0.9, 0.6, 0.4, 0.2])
Y = np.array([1, 0, 1, 0])


def _digits() -> DigitScores:
    proba = np.array([[0.8, 0.2], [0.3, 0.7], [0.6, 0.4]])
    return DigitScores(proba, np.array([0, 1, 1]))


CASES = [
    Case(
        solutions_00.smallest_threshold,
        lambda: {"scores": SCORES, "y_true": Y, "min_precision": 0.9},
        {"scores": "array", "y_true": "labels", "min_precision": "prob"},
    ),
    Case(
        solutions_00.hardest_digit,
        lambda: {"scores": _digits(), "threshold": 0.5},
        {"scores": "instance", "threshold": "prob"},
    ),
    Case(
        solutions_00.f1_direction,
        lambda: {"scores": SCORES, "y_true": Y, "low": 0.3, "high": 0.7},
        {"scores": "array", "y_true": "labels", "low": "prob", "high": "prob"},
    ),
    Case(
        solutions_00.best_f1_threshold,
        lambda: {"scores": _digits(), "digit": 1},
        {"scores": "instance", "digit": "index"},
    ),
]

EXEMPT: dict[str, str] = {}
