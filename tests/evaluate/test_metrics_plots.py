"""Tests of evaluate.metrics_plots."""

import numpy as np
import pandas as pd
import pytest

from helpers.evaluate import metrics as m
from helpers.evaluate.metrics_plots import (
    plot_confusion_matrix,
    plot_outlier_sweep,
    plot_pr,
    plot_roc,
)

Y = np.array([0, 0, 1, 1, 0, 1])
P = np.array([0.1, 0.4, 0.35, 0.8, 0.2, 0.9])


def test_confusion_matrix_writes_the_counts():
    ax = plot_confusion_matrix(np.array([[3, 1], [0, 2]]), names=("no", "yes"))
    assert [t.get_text() for t in ax.texts] == ["3", "1", "0", "2"]
    assert ax.get_ylabel() == "true class" and ax.get_xlabel() == "predicted class"
    with pytest.raises(ValueError, match="square"):
        plot_confusion_matrix(np.ones((2, 3)))


def test_roc_and_pr_mark_the_operating_point():
    ax = plot_roc(m.roc_curve(Y, P), area=m.roc_auc(Y, P), point=(0.25, 0.5))
    assert ax.lines[-1].get_xdata()[0] == 0.25
    assert "AUC" in ax.get_legend().get_texts()[0].get_text()
    ax = plot_pr(m.pr_curve(Y, P), base_rate=0.5, point=(0.5, 0.75))
    assert ax.lines[-1].get_ydata()[0] == 0.75 and ax.get_xlabel() == "recall"


def test_outlier_sweep_is_relative_to_no_outlier():
    sweep = pd.DataFrame(
        {"size": [0.0, 10.0], "mse": [2.0, 8.0], "rmse": [1.0, 2.0], "mae": [1.0, 1.5]}
    )
    ax = plot_outlier_sweep(sweep, size=10.0)
    assert ax.lines[0].get_ydata().tolist() == [1.0, 4.0]  # MSE / MSE at size 0
    assert ax.get_legend() is not None
