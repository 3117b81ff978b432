"""Tests of evaluate.threshold_plots."""

import pytest

from helpers.evaluate.threshold import digit_detector_scores, threshold_metrics
from helpers.evaluate.threshold_plots import (
    plot_precision_recall,
    plot_score_histogram,
)


@pytest.fixture(scope="module")
def scores():
    return digit_detector_scores()


def test_plots_draw_threshold_and_operating_point(scores):
    s, y = scores.detector(8)
    ax = plot_score_histogram(s, y, threshold=0.4)
    assert ax.get_xlabel() == "model score"
    current = threshold_metrics(s, y, threshold=0.4)
    ax = plot_precision_recall(s, y, current=current)
    point = ax.get_lines()[-1]
    assert point.get_xdata()[0] == pytest.approx(current.recall)
