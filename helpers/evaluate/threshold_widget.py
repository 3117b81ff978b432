"""Lesson 00's widget: a decision threshold trades precision for recall."""

from __future__ import annotations

from typing import Any

import numpy as np

from helpers.core.validation import check_int
from helpers.evaluate.threshold import digit_detector_scores, threshold_metrics
from helpers.evaluate.threshold_plots import (
    plot_precision_recall,
    plot_score_histogram,
)
from helpers.ui.widgets import InteractiveFigure, dropdown, slider


def build_threshold_widget(*, digit: int = 8) -> InteractiveFigure:
    """Lesson 00's widget: a decision threshold trades precision for recall.

    A logistic regression is trained once on the digits pool; each test image gets the
    probability that it shows a chosen digit. Moving the threshold only recounts.
    """
    digit = check_int("digit", digit, low=0, high=9)
    scores = digit_detector_scores()  # heavy part, once: (n_test, 10)

    def draw(axes: np.ndarray, p: dict[str, Any]) -> str:
        s, y = scores.detector(p["digit"])
        result = threshold_metrics(s, y, threshold=p["threshold"])
        plot_score_histogram(s, y, threshold=p["threshold"], ax=axes[0, 0])
        plot_precision_recall(s, y, current=result, ax=axes[0, 1])
        return result.to_html()

    controls = {
        "threshold": slider("threshold", min=0.0, max=1.0, step=0.01, value=0.5),
        "digit": dropdown("positive class: digit", list(range(10)), value=digit),
    }
    return InteractiveFigure(controls, draw, ncols=2, state=scores)
