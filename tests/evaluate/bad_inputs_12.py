"""Bad-input cases of lesson 12 in helpers.evaluate (see tests/bad_input.py).

Metrics, the lesson's examples, the search and the shared study's argument checks,
ensembles, the optimism measurement, their plots, widgets and solutions. Valid calls
stay tiny (a dozen labels, a 4-trial search on 100 images); cached helpers run in a
private temporary cache folder.
"""

from __future__ import annotations

import functools
import tempfile

import numpy as np
import pandas as pd
from bad_input import Case, private_cache

from helpers.evaluate import (
    ensembles,
    examples,
    honest,
    metrics,
    metrics_plots,
    metrics_widget,
    search,
    shared_study,
    solutions_12,
    tuning_plots,
)

Y = np.array([0, 1, 1, 0, 1, 0, 0, 1])
PRED = np.array([0, 1, 0, 0, 1, 1, 0, 1])
P = np.array([0.1, 0.9, 0.4, 0.3, 0.8, 0.6, 0.2, 0.7])
R = np.array([3.0, 1.5, 2.0, 4.0])
R_HAT = np.array([2.5, 1.0, 2.5, 3.0])
SWEEP = pd.DataFrame(
    {"size": [0.0, 500.0, 1000.0], "mse": [1.0, 3.0, 9.0], "rmse": [1.0, 1.7, 3.0],
     "mae": [1.0, 1.2, 1.5]}
)  # fmt: skip
X4 = np.random.default_rng(0).normal(size=(40, 3))
Y4 = (X4[:, 0] > 0).astype(float)
PARAMS = {"C": 1.0, "gamma": 0.05, "n_components": 10, "whiten": False}


@functools.cache
def _data() -> search.SearchData:
    return search.search_data(n_train=100)


def _curve() -> metrics.Curve:
    return metrics.roc_curve(Y, P)


def _curves() -> search.SearchCurves:
    errors = np.random.default_rng(0).uniform(0.01, 0.5, (3, 2, 4))
    return search.SearchCurves(search.METHODS, (0, 1), errors, 0.0)


def _cv() -> ensembles.CVScores:
    acc = np.array([[0.8, 0.9], [0.95, 0.97]])
    return ensembles.CVScores(("tree", "bagging"), acc, np.full((2, 2), 0.1))


def _paths() -> ensembles.Paths:
    return ensembles.regularisation_paths(np.array([0.1, 1.0]))


def _runs() -> honest.TuningRuns:
    scores = np.random.default_rng(0).uniform(0.9, 1.0, (2, 4, 3))
    return honest.TuningRuns((0, 1), scores, 100)


class _Trial:  # the least an Optuna trial offers to `suggest`
    def suggest_float(self, name, low, high, log=False):
        return low

    def suggest_int(self, name, low, high):
        return low

    def suggest_categorical(self, name, choices):
        return choices[0]


def _folder() -> str:
    return tempfile.mkdtemp()


M = metrics
CASES = [
    # ---------------------------------------------------------------- metrics
    Case(
        M.confusion_matrix,
        lambda: {"y_true": Y, "y_pred": PRED, "labels": [0, 1]},
        {"y_true": "labels", "y_pred": "shorter", "labels": "labels"},
    ),
    Case(
        M.accuracy,
        lambda: {"y_true": Y, "y_pred": PRED},
        {"y_true": "labels", "y_pred": "shorter"},
    ),
    Case(
        M.precision_recall_f1,
        lambda: {"y_true": Y, "y_pred": PRED, "average": "binary", "positive": 1},
        {
            "y_true": "labels",
            "y_pred": "shorter",
            "average": "choice",
            "positive": "index",
        },
    ),
    Case(
        M.PRF,
        lambda: {"precision": 0.5, "recall": 0.5, "f1": 0.5},
        {"precision": "prob", "recall": "prob", "f1": "prob"},
    ),
    Case(
        M.check_binary_proba,
        lambda: {"y_true": Y, "proba": P},
        {"y_true": "labels", "proba": "array"},
    ),
    Case(
        M.Curve,
        lambda: {"x": P, "y": P, "thresholds": P},
        {"x": "array", "y": "shorter"},
    ),
    Case(
        M.roc_curve,
        lambda: {"y_true": Y, "proba": P},
        {"y_true": "labels", "proba": "array"},
    ),
    Case(
        M.pr_curve,
        lambda: {"y_true": Y, "proba": P},
        {"y_true": "labels", "proba": "shorter"},
    ),
    Case(M.auc, lambda: {"x": np.sort(P), "y": P}, {"x": "array", "y": "shorter"}),
    Case(
        M.roc_auc,
        lambda: {"y_true": Y, "proba": P},
        {"y_true": "labels", "proba": "array"},
    ),
    Case(
        M.average_precision,
        lambda: {"y_true": Y, "proba": P},
        {"y_true": "labels", "proba": "array"},
    ),
    Case(
        M.RegressionErrors,
        lambda: {"mse": 1.0, "rmse": 1.0, "mae": 1.0},
        {"mse": "real", "rmse": "real", "mae": "real"},
    ),
    Case(
        M.regression_errors,
        lambda: {"y_true": R, "y_pred": R_HAT},
        {"y_true": "array", "y_pred": "shorter"},
    ),
    # ---------------------------------------------------------------- examples
    Case(
        examples.Inbox,
        lambda: {"scores": P, "important": Y},
        {"scores": "array", "important": "labels"},
    ),
    Case(
        examples.email_inbox,
        lambda: {"n_emails": 1000, "n_important": 100, "hits_in_top_100": 80},
        {"n_emails": "count", "n_important": "count", "hits_in_top_100": "count"},
    ),
    Case(
        examples.flag_top,
        lambda: {"scores": P, "k": 3},
        {"scores": "array", "k": "index"},
    ),
    Case(
        examples.BinaryScores,
        lambda: {"proba": P, "y_true": Y},
        {"proba": "array", "y_true": "labels"},
    ),
    Case(
        examples.cancer_scores,
        lambda: {"positive_share": 0.1, "seed": 0},
        {"positive_share": "prob", "seed": "index"},
    ),
    Case(
        examples.metrics_by_threshold,
        lambda: {"y_true": Y, "proba": P, "thresholds": np.array([0.3, 0.5])},
        {"y_true": "labels", "proba": "shorter", "thresholds": "array"},
    ),
    Case(
        examples.RegressionRun,
        lambda: {"y_true": R, "y_pred": R_HAT},
        {"y_true": "array", "y_pred": "shorter"},
    ),
    Case(examples.diabetes_predictions, lambda: {"seed": 0}, {"seed": "index"}),
    Case(
        examples.outlier_sweep,
        lambda: {"y_true": R, "y_pred": R_HAT, "sizes": np.array([0.0, 5.0])},
        {"y_true": "array", "y_pred": "shorter", "sizes": "array"},
    ),
    # ---------------------------------------------------------------- plots, widgets
    Case(
        metrics_plots.plot_confusion_matrix,
        lambda: {"counts": np.array([[3, 1], [0, 2]])},
        {"counts": "array"},
    ),
    Case(
        metrics_plots.plot_roc,
        lambda: {"curve": _curve(), "area": 0.9},
        {"curve": "instance", "area": "prob"},
    ),
    Case(
        metrics_plots.plot_pr,
        lambda: {"curve": metrics.pr_curve(Y, P), "base_rate": 0.5, "area": 0.8},
        {"curve": "instance", "base_rate": "prob", "area": "prob"},
    ),
    Case(
        metrics_plots.plot_outlier_sweep,
        lambda: {"sweep": SWEEP, "size": 500.0},
        {"sweep": "frame", "size": "real"},
    ),
    Case(
        metrics_widget.build_threshold_metrics_widget,
        lambda: {"positive_share": 0.1},
        {"positive_share": "prob"},
    ),
    Case(
        tuning_plots.plot_search_curves,
        lambda: {"curves": _curves()},
        {"curves": "instance"},
    ),
    Case(tuning_plots.plot_cv_scores, lambda: {"cv": _cv()}, {"cv": "instance"}),
    Case(
        tuning_plots.plot_paths,
        lambda: {"paths": _paths(), "kind": "l1"},
        {"paths": "instance", "kind": "choice"},
    ),
    Case(tuning_plots.plot_optimism, lambda: {"runs": _runs()}, {"runs": "instance"}),
    # ---------------------------------------------------------------- search
    Case(
        search.SearchData,
        lambda: {"X_train": X4, "y_train": Y4, "X_val": X4[:5], "y_val": Y4[:5]},
        {"X_train": "array", "y_train": "shorter", "X_val": "array", "y_val": "labels"},
    ),
    Case(search.search_data, lambda: {"n_train": 100}, {"n_train": "count"}),
    Case(
        search.validation_error,
        lambda: {"params": PARAMS, "data": _data()},
        {"data": "instance"},
    ),
    Case(search.suggest, lambda: {"trial": _Trial()}, {"trial": "instance"}),
    Case(search.grid_levels, lambda: {"budget": 16}, {"budget": "count"}),
    Case(
        search.make_sampler,
        lambda: {"name": "tpe", "seed": 0, "budget": 8},
        {"name": "choice", "seed": "index", "budget": "count"},
    ),
    Case(
        search.run_search,
        lambda: {
            "method": "random",
            "seed": 0,
            "budget": 3,
            "data": _data(),
            "objective": lambda p: p["C"],
        },
        {
            "method": "choice",
            "seed": "index",
            "budget": "count",
            "data": "instance",
            "objective": "callable",
        },
    ),
    Case(
        search.SearchCurves,
        lambda: {
            "methods": ("grid",),
            "seeds": (0,),
            "errors": np.ones((1, 1, 3)),
            "seconds": 1.0,
        },
        {"seconds": "real"},  # errors: NaN marks trials a grid never ran
    ),
    Case(
        private_cache(search.search_comparison),
        lambda: {"budget": 3, "seeds": [0], "n_train": 100},
        {"budget": "count", "n_train": "count"},
        name="helpers.evaluate.search.search_comparison",
    ),
    # ---------------------------------------------------------------- shared study
    Case(
        shared_study.check_storage_folder,
        lambda: {"folder": _folder()},
        {"folder": "choice"},
    ),
    Case(
        shared_study.storage_url,
        lambda: {"folder": _folder(), "file_name": "s.db"},
        {"folder": "choice", "file_name": "choice"},
    ),
    Case(
        shared_study.SharedStudyResult,
        lambda: {
            "storage_url": "sqlite:///x.db",
            "study_name": "s",
            "n_workers": 2,
            "numbers": np.array([0, 1]),
            "workers": np.array([0, 1]),
            "values": np.array([0.1, 0.2]),
            "seconds": 1.0,
        },
        {"values": "array", "workers": "shorter", "seconds": "real"},
    ),
    # ---------------------------------------------------------------- ensembles
    Case(
        ensembles.make_model,
        lambda: {"name": "bagging", "n_estimators": 5, "seed": 0},
        {"name": "choice", "n_estimators": "count", "seed": "index"},
    ),
    Case(
        ensembles.CVScores,
        lambda: {
            "models": ("tree",),
            "accuracy": np.array([[0.8, 0.9]]),
            "fit_seconds": np.array([[0.1, 0.1]]),
        },
        {"accuracy": "array", "fit_seconds": "array"},
    ),
    Case(
        ensembles.cross_validate_models,
        lambda: {"X": X4, "y": Y4, "models": ["tree"], "n_folds": 2, "seed": 0},
        {
            "X": "array",
            "y": "shorter",
            "models": "texts",
            "n_folds": "count",
            "seed": "index",
        },
    ),
    Case(
        ensembles.Paths,
        lambda: {
            "alphas": np.array([1.0]),
            "l1": np.zeros((1, 2)),
            "l2": np.zeros((1, 2)),
            "features": ("a", "b"),
        },
        {"alphas": "array", "l1": "array", "l2": "array"},
    ),
    Case(
        ensembles.regularisation_paths,
        lambda: {"alphas": np.array([0.1, 1.0])},
        {"alphas": "array"},
    ),
    # ---------------------------------------------------------------- honest
    Case(
        honest.TuningRuns,
        lambda: {"seeds": (0,), "scores": np.full((1, 2, 3), 0.9), "test_size": 50},
        {"scores": "array", "test_size": "count"},
    ),
    Case(
        honest.tuning_optimism,
        lambda: {"seeds": [0], "test_size": 50, "train_size": 100},
        {"test_size": "count", "train_size": "count"},
    ),
    Case(
        honest.knn_predictions,
        lambda: {"X_train": np.vstack([X4, X4]), "y_train": np.r_[Y4, Y4], "X": X4[:5]},
        {"X_train": "array", "y_train": "array", "X": "array"},
    ),
    # ---------------------------------------------------------------- solutions
    Case(
        solutions_12.ex1,
        lambda: {"y_true": Y, "proba": P},
        {"y_true": "labels", "proba": "array"},
    ),
    Case(
        solutions_12.ex2,
        lambda: {"sweep": SWEEP[["size", "mse"]]},  # the columns it needs
        {"sweep": "frame"},
    ),
    Case(solutions_12.ex3, lambda: {"seeds": [0]}, {}),
]

EXEMPT: dict[str, str] = {
    "helpers.evaluate.ensembles.ensemble_table": "takes no arguments (the lesson's "
    "fixed run)",
    "helpers.evaluate.honest.optimism_runs": "takes no arguments (the lesson's "
    "fixed run)",
    "helpers.evaluate.metrics_widget.build_outlier_widget": "takes no arguments",
    "helpers.evaluate.shared_study.run_shared_study": "starts worker processes (too "
    "slow for the walker's 10 s limit); tests/evaluate/test_shared_study.py attacks "
    "every argument and checks that no process starts",
    "helpers.evaluate.shared_study.worker": "runs inside a worker process that "
    "run_shared_study starts after checking every argument",
    "helpers.evaluate.shared_study.main": "command-line entry point of a worker; "
    "argparse reports bad arguments",
}
