"""Tests of prepare.splitting_plots: titles, labels and what each figure draws."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.prepare import splitting_grid, splitting_plots


@pytest.fixture(scope="module")
def view(split_grid) -> splitting_grid.SplitView:
    return splitting_grid.split_view(
        split_grid, validation=0.15, test=0.15, k=5, strategy="random"
    )


def test_estimates_draw_two_histograms_over_seeds(view):
    ax = splitting_plots.plot_estimates(view)
    assert ax.get_title() == "Accuracy estimate across seeds"
    assert ax.get_xlabel() == "estimated accuracy"
    assert ax.get_ylabel() == "number of seeds"
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[0].startswith("one test split") and labels[1].startswith("5-fold")
    with pytest.raises(TypeError, match="view must be a SplitView"):
        splitting_plots.plot_estimates({"test_acc": [0.9]})


def test_class_balance_draws_a_dot_per_seed_and_split(view):
    ax = splitting_plots.plot_class_balance(view)
    assert "random" in ax.get_title() and "malignant" in ax.get_ylabel()
    dots = [ln for ln in ax.get_lines() if ln.get_marker() == "o"]
    assert len(dots) == 3 and all(len(d.get_ydata()) == 4 for d in dots)
    np.testing.assert_allclose(dots[2].get_ydata(), view.shares[:, 2])
    assert [t.get_text() for t in ax.get_xticklabels()][0].startswith("train")


def test_balance_gaps_one_row_per_strategy():
    balance = pd.DataFrame(
        {
            "strategy": ["random"] * 3 + ["stratified"] * 3,
            "max_share_gap": [0.05, 0.03, 0.04, 0.002, 0.001, 0.0],
        }
    )
    ax = splitting_plots.plot_balance_gaps(balance)
    assert "Class balance" in ax.get_title() and ax.get_ylabel() == "split strategy"
    lines = ax.get_lines()
    assert len(lines) == 2
    np.testing.assert_allclose(lines[0].get_xdata(), [0.05, 0.03, 0.04])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["random", "stratified"]
    with pytest.raises(ValueError, match="lacks columns"):
        splitting_plots.plot_balance_gaps(balance.drop(columns="max_share_gap"))


def test_spread_vs_size_draws_measured_and_formula():
    by_size = pd.DataFrame(
        {"std": [0.03, 0.02, 0.01], "formula": [0.032, 0.021, 0.012]},
        index=pd.Index([57, 114, 285], name="n_test"),
    )
    ax = splitting_plots.plot_spread_vs_size(by_size)
    assert "test-set size" in ax.get_title() and ax.get_xlabel() == "test samples n"
    measured, formula = ax.get_lines()
    np.testing.assert_allclose(measured.get_xdata(), [57, 114, 285])
    np.testing.assert_allclose(formula.get_ydata(), [0.032, 0.021, 0.012])
    assert formula.get_linestyle() == "--"


def test_time_fold_marks_training_and_test_days():
    day = np.arange(20.0)
    y = np.sin(day)
    ax = splitting_plots.plot_time_fold(
        day, y, np.arange(10), np.arange(10, 15), fold=3
    )
    assert "time-ordered fold" in ax.get_title() and ax.get_xlabel() == "day"
    series, train, test = ax.get_lines()
    assert train.get_label() == "fold 3 training days"
    np.testing.assert_allclose(test.get_xdata(), np.arange(10, 15))
    assert len(series.get_xdata()) == 20
    with pytest.raises(ValueError, match="test_rows must index rows 0..19"):
        splitting_plots.plot_time_fold(day, y, np.arange(5), np.array([25]), fold=1)
    with pytest.raises(ValueError, match="day and y must have the same length"):
        splitting_plots.plot_time_fold(day, y[:-1], np.arange(5), [6], fold=1)
    with pytest.raises(ValueError, match="fold must be an integer"):
        splitting_plots.plot_time_fold(day, y, np.arange(5), [6], fold=-1)
    with pytest.raises(ValueError, match="train_rows must hold row indices"):
        splitting_plots.plot_time_fold(day, y, [0.5, 1], [6], fold=1)


def test_pool_scores_draw_three_bars_in_order():
    medians = pd.Series(
        {"held_out": 0.8, "unlabeled_pool": 0.85, "pseudo_labelled": 0.99, "n": 5}
    )
    ax = splitting_plots.plot_pool_scores(medians)
    assert "three 'test sets'" in ax.get_title()
    assert ax.get_xlabel() == "accuracy against true labels"
    widths = [bar.get_width() for bar in ax.patches]
    assert widths == pytest.approx([0.8, 0.85, 0.99])
    assert [t.get_text() for t in ax.get_yticklabels()][0] == "held-out test set"
    with pytest.raises(ValueError, match="lacks the scores"):
        splitting_plots.plot_pool_scores(medians.drop("held_out"))
