"""Bad-input cases of helpers.evaluate (see tests/bad_input.py)."""

import numpy as np
from bad_input import Case

from helpers.evaluate import threshold, threshold_plots, threshold_widget

SCORES = np.array([0.9, 0.6, 0.4, 0.2])
Y = np.array([1, 0, 1, 0])


def _result():
    return threshold.threshold_metrics(SCORES, Y, threshold=0.5)


CASES = [
    Case(
        threshold.threshold_metrics,
        lambda: {"scores": SCORES, "y_true": Y, "threshold": 0.5},
        {"scores": "array", "y_true": "labels", "threshold": "prob"},
    ),
    Case(
        threshold.check_binary,
        lambda: {"scores": SCORES, "y_true": Y},
        {"scores": "array", "y_true": "labels"},
    ),
    Case(
        threshold.ThresholdResult,
        lambda: {"threshold": 0.5, "tp": 1, "fp": 1, "fn": 1, "tn": 1},
        {"threshold": "prob", "tp": "index", "fp": "index", "fn": "index"},
    ),
    Case(
        threshold.DigitScores,
        lambda: {"proba": np.full((2, 2), 0.5), "y_test": np.array([0, 1])},
        {"proba": "array", "y_test": "labels"},
    ),
    Case(threshold.digit_detector_scores, lambda: {"C": 0.3}, {"C": "positive"}),
    Case(
        threshold_plots.plot_score_histogram,
        lambda: {"scores": SCORES, "y_true": Y, "threshold": 0.5},
        {"scores": "array", "y_true": "labels", "threshold": "prob"},
    ),
    Case(
        threshold_plots.plot_precision_recall,
        lambda: {"scores": SCORES, "y_true": Y, "current": _result()},
        {"scores": "array", "y_true": "labels"},
    ),
    Case(
        threshold_widget.build_threshold_widget,
        lambda: {"digit": 8},
        {"digit": "index"},
    ),
]

EXEMPT: dict[str, str] = {}
