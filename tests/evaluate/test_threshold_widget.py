"""Tests of evaluate.threshold_widget: lesson 00's widget, driven like a student."""

import numpy as np
from widget_checks import fresh_image, set_and_check_redraw

from helpers.evaluate.threshold import digit_detector_scores, threshold_metrics
from helpers.evaluate.threshold_widget import build_threshold_widget


def test_threshold_widget_shows_the_measured_numbers():
    widget = build_threshold_widget()
    scores = digit_detector_scores()
    state = set_and_check_redraw(widget, "threshold", 0.7)
    expected = threshold_metrics(*scores.detector(8), threshold=0.7)
    assert f"recall <b>{expected.recall:.3f}</b>" in state["summary"]
    state = set_and_check_redraw(widget, "digit", 1)
    expected = threshold_metrics(*scores.detector(1), threshold=0.7)
    assert f"TP {expected.tp}," in state["summary"]


def test_threshold_widget_axes_are_labelled():
    widget = build_threshold_widget()
    left, right = widget.axes.flat
    assert left.get_title() and left.get_xlabel() and left.get_ylabel()
    assert right.get_xlabel() == "recall" and right.get_ylabel() == "precision"
    assert np.isclose(left.lines[-1].get_xdata()[0], 0.5)  # the threshold line


def test_in_place_redraws_look_like_a_full_draw():
    widget = build_threshold_widget()
    set_and_check_redraw(widget, "digit", 3)
    set_and_check_redraw(widget, "threshold", 0.93)
    set_and_check_redraw(widget, "digit", 0)
    assert widget.image.value == fresh_image(build_threshold_widget, widget)
