"""Lesson 00's widget: a decision threshold trades precision for recall."""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.metrics import precision_recall_curve

from helpers.core.validation import check_int
from helpers.evaluate.threshold import digit_detector_scores, threshold_metrics
from helpers.evaluate.threshold_plots import (
    SCORE_BINS,
    plot_precision_recall,
    plot_score_histogram,
)
from helpers.ui.plots import color_for
from helpers.ui.widgets import InteractiveFigure, dropdown, set_step_heights, slider


def build_threshold_widget(*, digit: int = 8) -> InteractiveFigure:
    """Lesson 00's widget: a decision threshold trades precision for recall.

    A logistic regression is trained once on the digits pool; each test image gets the
    probability that it shows a chosen digit. Moving the threshold only recounts.
    The first draw plots both panels; later draws move the threshold line and the
    operating point and, for a new digit, reshape the bars and the curve.
    """
    digit = check_int("digit", digit, low=0, high=9)
    scores = digit_detector_scores()  # heavy part, once: (n_test, 10)
    live: dict[str, Any] = {}  # artists the first draw made; later draws move them

    def draw(axes: np.ndarray, p: dict[str, Any]) -> str:
        s, y = scores.detector(p["digit"])
        result = threshold_metrics(s, y, threshold=p["threshold"])
        hist_ax, pr_ax = axes[0]
        if not live:
            plot_score_histogram(s, y, threshold=p["threshold"], ax=hist_ax)
            plot_precision_recall(s, y, current=result, ax=pr_ax)
            if len(pr_ax.lines) < 2:  # no operating point yet (precision undefined)
                pr_ax.plot([], [], "o", ms=9, color=color_for("wrong"))
            live.update(
                digit=p["digit"],
                bars=list(hist_ax.patches),  # other digits, positive
                line=hist_ax.lines[-1],
                curve=pr_ax.lines[0],
                point=pr_ax.lines[1],
            )
        if p["digit"] != live["digit"]:
            for bars, mask in zip(live["bars"], (~y, y), strict=True):
                counts = np.histogram(s[mask], bins=SCORE_BINS)[0]
                set_step_heights(bars, counts / max(mask.sum(), 1))
            hist_ax.relim()
            hist_ax.autoscale_view()
            precision, recall, _ = precision_recall_curve(y, s)
            live["curve"].set_data(recall, precision)
            live["digit"] = p["digit"]
        live["line"].set_xdata([p["threshold"]] * 2)
        live["point"].set_data([result.recall], [result.precision])
        return result.to_html()

    controls = {
        "threshold": slider("threshold", min=0.0, max=1.0, step=0.01, value=0.5),
        "digit": dropdown("positive class: digit", list(range(10)), value=digit),
    }
    return InteractiveFigure(controls, draw, ncols=2, state=scores, clear=False)
