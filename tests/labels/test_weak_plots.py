"""Tests of labels.weak_plots: the figures of lesson 08."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from helpers.labels import weak_plots
from helpers.labels.weak_experiment import WeakResult
from helpers.ui.plots import color_for


def test_bars_write_each_value_and_use_the_palette():
    values = {"dev labels only": 0.6, "weak supervision": 0.8}
    ax = weak_plots.plot_bars(
        values, title="End model", xlabel="test accuracy", colors=weak_plots.BAR_COLORS
    )
    widths = [p.get_width() for p in ax.patches]
    assert widths == [0.6, 0.8]
    assert {t.get_text() for t in ax.texts} == {"0.600", "0.800"}
    face = ax.patches[1].get_facecolor()
    assert np.allclose(face[:3], plt.matplotlib.colors.to_rgb(color_for("label_model")))
    assert ax.get_title() == "End model" and ax.get_xlabel() == "test accuracy"
    plt.close("all")


def test_lf_summary_plot_has_one_row_per_function():
    table = pd.DataFrame(
        {"coverage": [0.1, 0.3], "accuracy": [0.9, 0.7]}, index=["kw_a", "kw_b"]
    )
    _, ax = plt.subplots()
    assert weak_plots.plot_lf_summary(table, ax=ax) is ax
    assert [t.get_text() for t in ax.get_yticklabels()] == ["kw_a", "kw_b"]
    offsets = ax.collections[0].get_offsets()
    np.testing.assert_allclose(offsets[:, 0], [0.1, 0.3])
    with pytest.raises(ValueError, match="lacks columns"):
        weak_plots.plot_lf_summary(table, columns=["coverage", "dev accuracy"])
    plt.close("all")


def test_accuracy_estimates_scatter_against_the_truth():
    true = np.array([0.9, 0.6])
    ax = weak_plots.plot_accuracy_estimates(
        true, {"label model": np.array([0.85, 0.65])}, names=["a", "b"]
    )
    np.testing.assert_allclose(
        ax.collections[0].get_offsets(), [[0.9, 0.85], [0.6, 0.65]]
    )
    assert [t.get_text() for t in ax.texts] == ["a", "b"]
    plt.close("all")


def test_weak_result_puts_train_bars_above_test_bars():
    result = WeakResult(
        active=("a",), coverage=0.7, mv_accuracy=0.8, lm_accuracy=0.85, end_accuracy=0.9
    )
    ax = weak_plots.plot_weak_result(result, {"dev only": 0.6, "supervised": 0.95})
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[:3] == [
        "coverage (train)",
        "labels: majority vote",
        "labels: label model",
    ]
    assert [p.get_width() for p in ax.patches] == [0.7, 0.8, 0.85, 0.6, 0.9, 0.95]
    with pytest.raises(ValueError, match="baselines lacks"):
        weak_plots.plot_weak_result(result, {"dev only": 0.6})
    plt.close("all")


def test_plots_refuse_values_that_are_no_shares():
    with pytest.raises(ValueError, match=r"values\['a'\] must be in \[0, 1\]"):
        weak_plots.plot_bars({"a": 1.5}, title="t", xlabel="x")
    table = pd.DataFrame({"coverage": [0.2]}, index=["lf"])
    with pytest.raises(ValueError, match="columns must hold at least one"):
        weak_plots.plot_lf_summary(table, columns=())
    with pytest.raises(ValueError, match="table lacks columns"):
        weak_plots.plot_lf_summary(table, columns=["accuracy"])
    with pytest.raises(ValueError, match="got 1 names for 2 accuracies"):
        weak_plots.plot_accuracy_estimates(
            np.array([0.8, 0.6]), {"label model": np.array([0.7, 0.6])}, names=["a"]
        )
    with pytest.raises(ValueError, match="has 1 entries for 2"):
        weak_plots.plot_accuracy_estimates(
            np.array([0.8, 0.6]), {"label model": np.array([0.7])}, names=["a", "b"]
        )
    with pytest.raises(TypeError, match="result must be a WeakResult"):
        weak_plots.plot_weak_result(None, {"dev only": 0.5, "supervised": 0.9})
