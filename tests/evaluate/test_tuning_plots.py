"""Tests of evaluate.tuning_plots."""

import numpy as np

from helpers.evaluate.ensembles import CVScores, regularisation_paths
from helpers.evaluate.honest import TuningRuns
from helpers.evaluate.search import SearchCurves
from helpers.evaluate.tuning_plots import (
    plot_cv_scores,
    plot_optimism,
    plot_paths,
    plot_search_curves,
)


def test_search_curves_plot_medians():
    errors = np.random.default_rng(0).uniform(0.01, 0.5, (3, 4, 5))
    curves = SearchCurves(("grid", "random", "tpe"), (0, 1, 2, 3), errors, 0.0)
    ax = plot_search_curves(curves)
    expected = 100 * np.median(curves.best_so_far("tpe"), axis=0)
    np.testing.assert_allclose(ax.lines[2].get_ydata(), expected)
    assert ax.get_yscale() == "log" and ax.get_legend() is not None


def test_cv_scores_plot_and_paths_and_optimism():
    acc = np.array([[0.8, 0.9, 0.85], [0.95, 0.96, 0.97]])
    ax = plot_cv_scores(CVScores(("tree", "bagging"), acc, np.full((2, 3), 0.1)))
    assert ax.patches[1].get_width() == 100 * acc[1].mean()
    ax = plot_paths(regularisation_paths(np.array([0.1, 1.0])), kind="l1")
    assert len(ax.get_legend().get_texts()) == 10
    scores = np.random.default_rng(0).uniform(0.9, 1.0, (2, 4, 3))
    ax = plot_optimism(TuningRuns((0, 1), scores, 100))
    assert ax.get_xlabel() == "accuracy on fresh data (%)"
