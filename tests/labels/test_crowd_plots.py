"""Tests of labels.crowd_plots: the figures of lesson 05's crowd."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers.labels import crowd, crowd_budget, crowd_plots


@pytest.fixture(scope="module")
def outcome():
    y = np.arange(10).repeat(30)
    return crowd_budget.crowd_outcome(crowd_budget.CrowdSetting(), y)


def test_confusions_show_one_column_per_annotator():
    conf = crowd.annotator_confusions([0.6, 0.8], n_classes=3, style="systematic")
    axes = crowd_plots.plot_confusions(conf, conf, accuracies=[0.6, 0.8])
    assert axes.shape == (2, 2)
    assert axes[0, 0].get_title() == "annotator 0 (acc 0.60)"
    assert axes[1, 0].get_xlabel() == "label given"
    np.testing.assert_allclose(axes[1, 1].images[0].get_array(), conf[1])
    plt.close("all")


def test_confusions_refuse_mismatched_shapes():
    conf = crowd.annotator_confusions([0.6, 0.8], n_classes=3)
    with pytest.raises(ValueError, match="must both be"):
        crowd_plots.plot_confusions(conf, conf[:1])
    with pytest.raises(ValueError, match="3-D"):
        crowd_plots.plot_confusions(conf[0], conf[0])


def test_budget_outcome_bars_add_up_to_every_item(outcome):
    _, ax = plt.subplots()
    assert crowd_plots.plot_budget_outcome(outcome, ax=ax) is ax
    widths = [p.get_width() for p in ax.patches]
    assert sum(widths[:3]) == sum(widths[3:]) == outcome.n_items
    assert widths[0] == outcome.mv_correct and widths[3] == outcome.ds_correct
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    plt.close("all")


def test_annotator_accuracy_draws_one_bar_per_annotator(outcome):
    ax = crowd_plots.plot_annotator_accuracy(outcome)
    heights = [p.get_height() for p in ax.patches]
    np.testing.assert_allclose(heights, outcome.annotator_accuracy)
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    plt.close("all")


def test_redundancy_draws_each_curve_and_marks_the_current_point():
    per_item = [1, 3, 5]
    curves = {
        "majority vote": np.array([[0.5, 0.6, 0.7], [0.5, 0.62, 0.72]]),
        "oracle": np.array([[0.6, 0.7, 0.8], [0.6, 0.7, 0.8]]),
    }
    ax = crowd_plots.plot_redundancy(per_item, curves, current=(3, 0.6))
    labels = [line.get_label() for line in ax.get_lines()]
    assert "majority vote" in labels and "oracle" in labels
    assert list(ax.get_xticks()) == per_item
    assert ax.get_xlabel() == "annotators per item"
    plt.close("all")


def test_plots_refuse_data_that_does_not_fit():
    conf = crowd.annotator_confusions([0.6, 0.8], n_classes=3)
    with pytest.raises(ValueError, match="one entry per annotator"):
        crowd_plots.plot_confusions(conf, conf, accuracies=[0.6])
    with pytest.raises(ValueError, match="3 columns"):
        crowd_plots.plot_redundancy([1, 2, 3], {"oracle": np.zeros((2, 2))})
    with pytest.raises(ValueError, match="per_item must hold finite"):
        crowd_plots.plot_redundancy([1, np.nan], {"oracle": np.zeros((2, 2))})
    with pytest.raises(TypeError, match="outcome must be a CrowdOutcome"):
        crowd_plots.plot_budget_outcome(None)
    with pytest.raises(TypeError, match="outcome must be a CrowdOutcome"):
        crowd_plots.plot_annotator_accuracy({"n_items": 3})


def _colorbars(fig):
    return [ax for ax in fig.axes if ax.get_label() == "<colorbar>"]


def test_confusion_figures_carry_a_colour_bar():
    conf = crowd.annotator_confusions([0.6, 0.8], n_classes=3, style="systematic")
    axes = crowd_plots.plot_confusions(conf, conf)
    bars = _colorbars(axes[0, 0].figure)
    assert len(bars) == 1 and "P(label given" in bars[0].get_ylabel()
    plt.close("all")


def test_error_styles_side_by_side_share_one_scale():
    styles = {
        s: crowd.annotator_confusions([0.65], n_classes=4, style=s)[0]
        for s in crowd.STYLES
    }
    axes = crowd_plots.plot_error_styles(styles)
    assert [ax.get_title() for ax in axes] == list(crowd.STYLES)
    for ax, s in zip(axes, crowd.STYLES, strict=True):
        np.testing.assert_allclose(ax.images[0].get_array(), styles[s])
        assert ax.images[0].get_clim() == (0, 1)
    assert len(_colorbars(axes[0].figure)) == 1
    with pytest.raises(ValueError, match="square"):
        crowd_plots.plot_error_styles({"uniform": np.ones((2, 3)) / 3})
    plt.close("all")
