"""Tests of labels.curves_plots: the labels-worth figure."""

import numpy as np
import pytest

from helpers.labels.curves import LabelCurve
from helpers.labels.curves_plots import plot_labels_worth


def test_figure_marks_where_the_curve_reaches_each_reference():
    curve = LabelCurve(np.array([10, 20, 40]), np.array([[0.5, 0.7, 0.9]] * 3))
    ax = plot_labels_worth(
        curve,
        {"self-training": (0.7, "self_training"), "unreachable": (0.95, "wrong")},
        logx=True,
    )
    assert ax.get_title() and "log scale" in ax.get_xlabel()
    assert ax.get_ylabel() == "test accuracy"
    markers = [
        ln for ln in ax.lines if ln.get_marker() == "o" and len(ln.get_xdata()) == 1
    ]
    assert [(m.get_xdata()[0], m.get_ydata()[0]) for m in markers] == [(20.0, 0.7)]
    labels = ax.get_legend_handles_labels()[1]
    assert labels == ["supervised", "self-training", "unreachable"]


def test_references_must_be_a_mapping():
    curve = LabelCurve(np.array([10, 20]), np.array([[0.5, 0.7]]))
    with pytest.raises(TypeError, match="references must map a legend label"):
        plot_labels_worth(curve, [(0.7, "self_training")])
