"""helpers.train.training_plots: every figure has its title, labels and data."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from helpers.train import training_plots as P
from helpers.train.losses import loss_by_margin, outlier_data
from helpers.train.trainer import History


def _labelled(ax):
    return ax.get_title() and ax.get_xlabel() and ax.get_ylabel()


def test_plot_history_marks_the_kept_epoch():
    h = History(
        [1.0, 0.5, 0.4],
        [1.1, 0.6, 0.7],
        [0.5, 0.8, 0.9],
        [0.4, 0.7, 0.6],
        best_epoch=1,
        stopped_early=True,
        seconds=0.1,
    )
    ax = P.plot_history(h)
    assert _labelled(ax) and len(ax.lines) == 3
    assert list(ax.lines[1].get_ydata()) == [1.1, 0.6, 0.7]
    assert list(ax.lines[2].get_xdata()) == [2, 2]  # epoch 2 (index 1), 1-based
    ax = P.plot_history(h, metric="accuracy", ax=plt.subplots()[1])
    assert list(ax.lines[0].get_ydata()) == [0.5, 0.8, 0.9]


def test_loss_and_outlier_figures():
    ax = P.plot_loss_shapes(loss_by_margin([-3.0, 0.0, 3.0]))
    assert _labelled(ax) and len(ax.lines) == 3
    data = outlier_data(n=10, n_outliers=2)
    ax = P.plot_outliers(data, {"cross-entropy": -3.0, "MSE": 0.0})
    assert _labelled(ax) and len(ax.collections) == 3 and len(ax.lines) == 2
    assert ax.get_legend() is not None


def test_family_figure_has_one_point_per_model():
    table = pd.DataFrame(
        {
            "dataset": ["digits", "digits", "tickets"],
            "model": ["CNN", "MLP", "GRU"],
            "val accuracy": [0.99, 0.97, 0.9],
            "parameters": [10_000, 9_000, 20_000],
        }
    )
    ax = P.plot_families(table, dataset="digits")
    assert _labelled(ax) and len(ax.collections) == 2 and len(ax.texts) == 2


def test_grid_run_figure(tiny_grid):
    axes = P.plot_grid_run(tiny_grid, {"dropout": 0.3})
    assert all(_labelled(ax) for ax in axes)
    assert len(axes[0].lines) == 5  # 2 default + 2 this run + the legend stub
