"""Tests of labels.active_plots: learning curves, gains and the labeling panels."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.labels import active_loop as L
from helpers.labels import active_plots as P

CURVES = L.Curves(
    n_labels=np.array([10, 20, 30, 40]),
    accuracy={
        "margin": np.array([[0.8, 0.91, 0.96, 0.97], [0.7, 0.89, 0.94, 0.95]]),
        "random": np.array([[0.8, 0.85, 0.88, 0.90], [0.8, 0.84, 0.86, 0.89]]),
    },
)


def _line(ax, label):
    return next(ln for ln in ax.lines if ln.get_label() == label)


def test_learning_curves_draw_each_median_and_the_thresholds():
    ax = P.plot_learning_curves(CURVES, thresholds=(0.9,))
    for name in CURVES.accuracy:
        np.testing.assert_allclose(_line(ax, name).get_ydata(), CURVES.median(name))
    dashed = [ln for ln in ax.lines if ln.get_linestyle() == "--"]
    assert [ln.get_ydata()[0] for ln in dashed] == [0.9]
    assert ax.get_xlim() == (10, 40) and ax.get_ylim()[1] == 1.0
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    with pytest.raises(ValueError, match="no curves for 'entropy'"):
        P.plot_learning_curves(CURVES, names=["entropy"])


def test_gain_over_random_is_in_points():
    ax = P.plot_gain_over_random(CURVES, names=["margin"])
    np.testing.assert_allclose(
        _line(ax, "margin").get_ydata(), [-5.0, 5.5, 8.0, 6.5], atol=1e-9
    )
    assert _line(ax, "random (reference)").get_ydata()[0] == 0.0
    assert "points" in ax.get_ylabel()


def test_gain_legend_sits_below_the_axes_not_on_the_lines():
    ax = P.plot_gain_over_random(CURVES, names=["margin"])
    fig = ax.figure
    fig.canvas.draw()
    legend = ax.get_legend().get_window_extent()
    axes_box = ax.get_window_extent()
    assert legend.y1 <= axes_box.y0  # wholly under the plotting area


def test_query_image_and_labeling_history():
    image = np.linspace(0, 1, 64)
    ax = P.plot_query_image(image, done=1, total=5)
    np.testing.assert_allclose(ax.images[0].get_array(), image.reshape(8, 8))
    assert ax.get_title() == "which digit? (2 of 5)"
    blank = P.plot_query_image(None, done=0, total=0)
    assert not blank.images and not blank.get_title()
    ax = P.plot_labeling_history([(10, 0.5), (15, 0.6)], strategy="margin")
    np.testing.assert_allclose(ax.lines[0].get_xdata(), [10, 15])
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [0.5, 0.6])
    assert "margin" in ax.get_title()


def test_labeling_panels_refuse_what_they_cannot_draw():
    with pytest.raises(ValueError, match="image must hold the 64 pixels"):
        P.plot_query_image(np.zeros(63), done=0, total=2)
    with pytest.raises(ValueError, match=r"done must be an integer in \[0, 1\]"):
        P.plot_query_image(np.zeros(64), done=2, total=2)  # shown: one of the batch
    with pytest.raises(ValueError, match=r"total must be an integer in \[1, 1000\]"):
        P.plot_query_image(np.zeros(64), done=0, total=10**12)
    with pytest.raises(ValueError, match="history must hold \\(labels held, accuracy"):
        P.plot_labeling_history([(10, 0.5, 1)], strategy="margin")
    with pytest.raises(ValueError, match="unknown strategy 'smart'"):
        P.plot_labeling_history([(10, 0.5)], strategy="smart")
    with pytest.raises(TypeError, match="curves must be Curves"):
        P.plot_learning_curves({"margin": [0.5]})
    with pytest.raises(ValueError, match="thresholds must hold finite numbers"):
        P.plot_learning_curves(CURVES, thresholds=(np.nan,))
