"""Bad-input cases of helpers.prepare, lessons 02-04 (see tests/bad_input.py).

The small tables and grids the valid calls need are built once, on first use.
Arguments left out of a case's kinds are named in a comment with the reason (mostly:
``None`` is a documented value, "use the default", and every kind that could attack
the argument generates ``None``).
"""

from dataclasses import fields
from functools import cache

import numpy as np
import pandas as pd
from bad_input import Case
from sklearn.model_selection import GroupKFold
from sklearn.neighbors import KNeighborsClassifier

from helpers.prepare import (
    cleaning,
    cleaning_grid,
    cleaning_plan,
    cleaning_plots,
    cleaning_widget,
    dirty,
    features,
    features_grid,
    features_plots,
    features_widget,
    shop,
    splitting,
    splitting_data,
    splitting_grid,
    splitting_plots,
    splitting_widget,
)

# ------------------------------------------------------------------ small inputs

RNG = np.random.default_rng(0)
Y40 = np.arange(40) % 2  # two balanced classes
X40 = RNG.normal(size=(40, 3)) + Y40[:, None]  # (40, 3), weakly separable
X20 = RNG.normal(size=(20, 3))  # (20, 3), a test set for X40
Y20 = np.arange(20) % 2
SCORES = pd.Series([0.5, 3.5, 1.0, 4.2])
ACTUAL = pd.Series([False, True, False, True])


def _record(obj) -> dict:
    """A dataclass's fields as keyword arguments (to rebuild it)."""
    return {f.name: getattr(obj, f.name) for f in fields(obj)}


@cache
def _lesson() -> tuple[dirty.DirtyData, pd.DataFrame]:
    return dirty.lesson_tables(n_train=60, n_valid=40, seed=1)


@cache
def _typed() -> pd.DataFrame:
    return cleaning.standardise(_lesson()[0].dirty)


@cache
def _cleaning_grid() -> cleaning_grid.CleaningGrid:
    data, valid = _lesson()
    return cleaning_grid.cleaning_grid(data, valid, thresholds=[2.0, 3.0])


@cache
def _curves() -> pd.DataFrame:
    return cleaning_grid.detection_curves({"IQR": SCORES}, ACTUAL, [1.0, 3.0])


@cache
def _shop() -> pd.DataFrame:
    return shop.make_shop_table(n_rows=80, seed=0)


@cache
def _feature_grid() -> features_grid.FeatureGrid:
    return features_grid.feature_grid(_shop(), components=(1, 2), n_splits=2)


@cache
def _leakage() -> pd.DataFrame:
    table = features.selection_leakage(
        n_features=(10, 20), n_samples=40, k=5, seeds=[0, 1]
    )
    return table[["n_features", "seed", "leaky", "honest"]]


@cache
def _split_grid() -> splitting_grid.SplitGrid:
    return splitting_grid.split_grid(X40, Y40, n_seeds=2, ks=(2, 3))


def _view() -> splitting_grid.SplitView:
    return splitting_grid.split_view(
        _split_grid(), validation=0.15, test=0.15, k=3, strategy="random"
    )


@cache
def _grouped() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return splitting_data.make_grouped_data(n_groups=8, per_group=3, seed=0)


# ------------------------------------------------------------------ lesson 02

CASES = [
    Case(
        dirty.DirtConfig,
        lambda: {f.name: 0.1 for f in fields(dirty.DirtConfig)},
        {f.name: "prob" for f in fields(dirty.DirtConfig)},
    ),
    Case(
        dirty.DirtyData,
        lambda: _record(_lesson()[0]),
        {
            "dirty": "frame",
            "clean": "frame",
            "kind": "frame",
            "is_duplicate": "shorter",
            "source": "shorter",
        },
    ),
    Case(
        dirty.make_apartments,
        lambda: {"n": 30, "seed": 0},
        {"n": "count", "seed": "index"},
    ),
    Case(
        dirty.lesson_tables,
        lambda: {"n_train": 40, "n_valid": 20, "seed": 0},
        {"n_train": "count", "n_valid": "count", "seed": "index"},
    ),
    Case(
        dirty.corrupt,
        lambda: {"clean": dirty.make_apartments(40), "seed": 0},
        {"clean": "frame", "seed": "index"},
    ),
    Case(dirty.minimal_fix, lambda: {"dirty": _lesson()[0].dirty}, {"dirty": "frame"}),
    Case(
        dirty.precision_recall,
        lambda: {"flagged": SCORES > 3, "actual": ACTUAL},
        {"flagged": "array", "actual": "array"},
    ),
    Case(
        dirty.imputation_rmse,
        lambda: {
            "filled": cleaning.impute(_typed(), strategy="mean")[["area_m2"]],
            "data": _lesson()[0],
            "column": "area_m2",
        },
        {"filled": "frame", "column": "choice"},
    ),
    Case(
        dirty.validation_score,
        lambda: {
            "train": _lesson()[0].clean[["area_m2", "price_k"]],
            "valid": _lesson()[1][["area_m2", "price_k"]],
            "alpha": 1.0,
        },
        {"train": "frame", "valid": "frame", "alpha": "positive"},
    ),
    Case(
        cleaning.parse_numbers,
        lambda: {"values": pd.Series([1.5, 0.3]), "units": {"km": 1, "m": 1e-3}},
        {"values": "array"},  # numbers (a NaN can be planted); text: test_cleaning.py
    ),
    Case(
        cleaning.normalise_categories,
        lambda: {
            "values": pd.Series([" north", "C"]),
            "canonical": dirty.DISTRICTS,
            "aliases": dirty.DISTRICT_ALIASES,
        },
        {},  # values: text, and the kinds plant numbers only (see test_cleaning.py)
    ),
    Case(
        cleaning.standardise,
        lambda: {"dirty": _lesson()[0].dirty[["district", "distance_km", "floor"]]},
        {"dirty": "frame"},
    ),
    Case(
        cleaning.find_duplicates,
        lambda: {
            "df": _typed()[["district", "area_m2"]],
            "method": "near",
            "tol": 0.02,
            "columns": ["district", "area_m2"],
            "block": 16,
        },
        {"df": "frame", "method": "choice", "tol": "prob", "block": "count"},
    ),
    Case(
        cleaning.zscores,
        lambda: {"df": _typed()[["rooms", "price_k"]], "columns": ["rooms", "price_k"]},
        {"df": "frame"},
    ),
    Case(
        cleaning.iqr_fences,
        lambda: {"values": np.array([1.0, 2.0, np.nan, 4.0]), "k": 1.5},
        {"k": "real"},  # k = 0 is allowed (the quartiles); values: NaN = missing
    ),
    Case(
        cleaning.outlier_scores,
        lambda: {
            "df": _typed()[["rooms", "price_k"]],
            "rule": "isolation forest",
            "columns": ["rooms", "price_k"],
            "seed": 0,
        },
        {"df": "frame", "rule": "choice", "seed": "index"},
    ),
    Case(
        cleaning.flag_outliers,
        lambda: {
            "df": _typed()[["rooms", "price_k"]],
            "rule": "IQR",
            "threshold": 1.5,
            "columns": ["rooms", "price_k"],
            "seed": 0,
        },
        {"df": "frame", "rule": "choice", "threshold": "positive", "seed": "index"},
    ),
    Case(
        cleaning.impute,
        lambda: {
            "df": _typed()[["area_m2", "rooms"]],
            "strategy": "model",
            "columns": ["area_m2", "rooms"],
            "n_iter": 2,
        },
        {"df": "frame", "strategy": "choice", "n_iter": "count"},
    ),
    Case(
        cleaning_plan.CleaningPlan,
        lambda: {
            "imputation": "model",
            "outlier_rule": "IQR",
            "threshold": 3.0,
            "duplicates": "near",
            "tol": 0.02,
        },
        {
            "imputation": "choice",
            "outlier_rule": "choice",
            "threshold": "positive",
            "duplicates": "choice",
            "tol": "prob",
        },
    ),
    Case(
        cleaning_plan.CleaningResult,
        lambda: _record(cleaning_plan.clean(_lesson()[0].dirty)),
        {"imputed": "frame"},  # frame: cleaning may drop any of its columns
    ),
    Case(
        cleaning_plan.clean, lambda: {"dirty": _lesson()[0].dirty}, {"dirty": "frame"}
    ),
    Case(
        cleaning_plan.finish,
        lambda: {
            "df": _typed()[list(cleaning.FEATURES)],
            "strategy": "median",
            "dups": _typed().index[:0],
            "outliers": _typed().index[:0],
        },
        {"df": "frame", "strategy": "choice"},
    ),
    Case(
        cleaning_grid.GridPoint,
        lambda: _record(next(iter(_cleaning_grid().points.values()))),
        {
            "r2": "real",
            "rows_kept": "index",
            "rows_changed": "index",
            "outliers": "index",
        },  # precision, recall: NaN where undefined
    ),
    Case(
        cleaning_grid.CleaningGrid,
        lambda: _record(_cleaning_grid()),
        {
            "thresholds": "array",
            "r2_dirty": "real",
            "r2_clean": "real",
            "duplicates": "index",
        },
    ),
    Case(
        cleaning_grid.cleaning_grid,
        lambda: {
            "data": _lesson()[0],
            "valid": _lesson()[1],
            "thresholds": [2.0, 3.0],
            "seed": 0,
        },
        {"valid": "frame", "thresholds": "array", "seed": "index"},
    ),
    Case(cleaning_grid.lesson_grid, lambda: {"seed": 0}, {"seed": "index"}),
    Case(
        cleaning_grid.detection_curves,
        lambda: {"scores": {"IQR": SCORES}, "actual": ACTUAL, "thresholds": [1.0, 3.0]},
        {"actual": "array", "thresholds": "array"},
    ),
    Case(
        cleaning_plots.plot_before_after,
        lambda: {
            "before": np.array([50.0, 60.0, 700.0]),
            "after": np.array([50.0, 60.0]),
            "truth": np.array([50.0, 60.0, 70.0]),
            "column": "area_m2",
        },
        {"before": "array", "truth": "array"},  # after: empty = the column was dropped
    ),
    Case(
        cleaning_plots.truth_bins,
        lambda: {"truth": np.array([50.0, 60.0, 70.0])},
        {"truth": "array"},
    ),
    Case(
        cleaning_plots.plot_detection,
        lambda: {"curves": _curves()},
        {"curves": "frame"},
    ),
    Case(
        cleaning_plots.plot_score_curves,
        lambda: {
            "grid": _cleaning_grid(),
            "imputation": "model",
            "rule": "IQR",
            "threshold": 3.0,
            "floor": 0.0,
        },
        {
            "imputation": "choice",
            "rule": "choice",
            "threshold": "positive",
            "floor": "real",
        },
    ),
    Case(
        cleaning_widget.build_cleaning_widget,
        lambda: {"seed": 0, "grid": _cleaning_grid()},
        {"seed": "index"},
    ),
]

# ------------------------------------------------------------------ lesson 03

CASES += [
    Case(
        features.scale,
        lambda: {"X": X40, "method": "standard", "reference": X20},
        {"X": "array", "method": "choice"},  # reference: None means X itself
    ),
    Case(features.make_scaler, lambda: {"name": "min-max"}, {"name": "choice"}),
    Case(
        features.scaler_comparison,
        lambda: {"X": X40, "y": Y40, "models": ("k-NN",), "seed": 0},
        {"X": "array", "y": "labels", "seed": "index"},
    ),
    Case(
        features.make_shop_pipeline,
        lambda: {
            "df": _shop(),
            "scaler": "standard",
            "encoder": "label",
            "n_components": 2,
        },
        {"df": "frame", "scaler": "choice", "encoder": "choice"},
        # n_components: None means no PCA
    ),
    Case(
        features.encoder_comparison,
        lambda: {"df": _shop(), "seed": 0},
        {"df": "frame", "seed": "index"},
    ),
    Case(
        features.construction_comparison,
        lambda: {"df": _shop(), "seed": 0},
        {"df": "frame", "seed": "index"},
    ),
    Case(
        features.selection_leakage,
        lambda: {
            "n_features": (10, 20),
            "n_samples": 40,
            "k": 5,
            "seeds": [0],
            "test_size": 0.3,
        },
        {
            "n_features": "array",
            "n_samples": "count",
            "k": "count",
            "test_size": "prob",
        },
    ),
    Case(
        features.scaling_leakage,
        lambda: {"X": X40, "y": Y40, "seeds": [0], "test_size": 0.3},
        {"X": "array", "y": "labels", "test_size": "prob"},
    ),
    Case(
        features.pca_numpy,
        lambda: {"X": X40, "n_components": 2},
        {"X": "array", "n_components": "count"},
    ),
    Case(
        features.pca_curve,
        lambda: {
            "X_train": X40,
            "y_train": Y40,
            "X_test": X20,
            "y_test": Y20,
            "components": (1, 2),
        },
        {
            "X_train": "array",
            "y_train": "labels",
            "X_test": "array",
            "y_test": "shorter",
            "components": "array",
        },
    ),
    Case(
        features_grid.FeatureGrid,
        lambda: _record(_feature_grid()),
        {"y_view": "labels", "components": "array", "n_splits": "count"},
    ),
    Case(
        features_grid.FeatureResult,
        lambda: {
            "scaler": "standard",
            "encoder": "one-hot",
            "n_components": 2,
            "score": 0.8,
            "score_all": 0.85,
            "variance_kept": 0.5,
        },
        {
            "scaler": "choice",
            "encoder": "choice",
            "score": "prob",
            "score_all": "prob",
            "variance_kept": "prob",
        },  # n_components: None means no PCA
    ),
    Case(
        features_grid.feature_grid,
        lambda: {"df": _shop(), "components": (1,), "n_splits": 2, "seed": 0},
        {"components": "array", "n_splits": "count", "seed": "index"},
        # df: None means the lesson's shop table
    ),
    Case(
        features_grid.feature_result,
        lambda: {
            "grid": _feature_grid(),
            "scaler": "none",
            "encoder": "label",
            "n_components": 2,
        },
        {"scaler": "choice", "encoder": "choice"},  # n_components: None means no PCA
    ),
    Case(
        features_plots.plot_feature_pair,
        lambda: {
            "X": X40[:, :2],
            "y": Y40,
            "names": ("a", "b"),
            "unit": "cm",
            "title": "t",
        },
        {"X": "array", "y": "labels"},
    ),
    Case(
        features_plots.plot_selection_leakage,
        lambda: {"results": _leakage()},
        {"results": "frame"},
    ),
    Case(
        features_plots.plot_feature_view,
        lambda: {"grid": _feature_grid(), "scaler": "standard", "encoder": "one-hot"},
        {"scaler": "choice", "encoder": "choice"},
    ),
    Case(
        features_plots.plot_scores_by_components,
        lambda: {
            "grid": _feature_grid(),
            "current": features_grid.feature_result(
                _feature_grid(), scaler="none", encoder="label", n_components=1
            ),
        },
        {},  # grid and current are records, refused by type (no kind for that)
    ),
    Case(features_widget.build_features_widget, lambda: {"seed": 0}, {"seed": "index"}),
    Case(
        shop.make_shop_table,
        lambda: {"n_rows": 30, "seed": 0},
        {"n_rows": "count", "seed": "index"},
    ),
    Case(shop.check_shop_table, lambda: {"df": _shop()}, {"df": "frame"}),
    Case(
        shop.add_basket_feature,
        lambda: {"df": _shop()[["monthly_spend_eur", "visits_per_month"]]},
        {"df": "frame"},
    ),
]

# ------------------------------------------------------------------ lesson 04

CASES += [
    Case(
        splitting.check_ratios,
        lambda: {"ratios": (0.6, 0.2, 0.2)},
        {"ratios": "array"},
    ),
    Case(
        splitting.split_sizes,
        lambda: {"n": 50, "ratios": (0.6, 0.2, 0.2)},
        {"n": "count", "ratios": "array"},
    ),
    Case(
        splitting.ThreeWaySplit,
        lambda: {
            "train": np.array([0, 2, 4]),
            "validation": np.array([1, 5]),
            "test": np.array([3, 6]),
        },
        {"train": "labels", "validation": "labels", "test": "labels"},
    ),
    Case(
        splitting.check_rows,
        lambda: {"name": "rows", "rows": np.array([0, 3]), "n": 4},
        {"rows": "labels"},  # n: None means no upper bound
    ),
    Case(
        splitting.three_way_split,
        lambda: {"y": Y40, "ratios": (0.6, 0.2, 0.2), "strategy": "random", "seed": 0},
        {"y": "array", "ratios": "array", "strategy": "choice", "seed": "index"},
    ),
    Case(
        splitting.class_shares,
        lambda: {"y": Y40, "split": splitting.three_way_split(Y40)},
        {"y": "array"},
    ),
    Case(
        splitting.balance_over_seeds,
        lambda: {"y": Y40, "ratios": (0.6, 0.2, 0.2), "seeds": [0, 1]},
        {"y": "array", "ratios": "array"},
    ),
    Case(
        splitting.make_cv,
        lambda: {"strategy": "stratified", "k": 3, "seed": 0},
        {"strategy": "choice", "k": "count", "seed": "index"},
    ),
    Case(
        splitting.cv_mean,
        lambda: {"X": X40, "y": Y40, "k": 3, "seed": 0},
        {"X": "array", "y": "labels", "k": "count", "seed": "index"},
    ),
    Case(
        splitting.fold_report,
        lambda: {
            "cv": GroupKFold(2),
            "X": _grouped()[0],
            "y": _grouped()[1],
            "groups": _grouped()[2],
        },
        {"X": "array", "y": "array", "groups": "shorter"},
    ),
    Case(
        splitting.split_optimism,
        lambda: {
            "X": _grouped()[0],
            "y": _grouped()[1],
            "model": KNeighborsClassifier(n_neighbors=1),
            "honest": GroupKFold(2),
            "groups": _grouped()[2],
            "k": 2,
            "seeds": [0],
        },
        {"X": "array", "y": "array", "groups": "shorter", "k": "count"},
    ),
    Case(
        splitting.test_estimate_spread,
        lambda: {
            "X": X40,
            "y": Y40,
            "test_sizes": (0.25, 0.5),
            "seeds": [0],
            "model": splitting.default_model,
        },
        {"X": "array", "y": "labels", "test_sizes": "array", "model": "callable"},
    ),
    Case(
        splitting.binomial_std,
        lambda: {"accuracy": 0.9, "n_test": 50},
        {"accuracy": "prob", "n_test": "count"},
    ),
    Case(
        splitting.unlabeled_as_test,
        lambda: {"per_class": 5, "threshold": 0.5, "seeds": [0]},
        {"per_class": "count", "threshold": "prob"},
    ),
    Case(
        splitting_data.make_grouped_data,
        lambda: {"n_groups": 6, "per_group": 2, "seed": 0},
        {"n_groups": "count", "per_group": "count", "seed": "index"},
    ),
    Case(
        splitting_data.make_time_series,
        lambda: {"n_days": 70, "seed": 0},
        {"n_days": "count", "seed": "index"},
    ),
    Case(
        splitting_grid.SplitGrid,
        lambda: _record(_split_grid()),
        {"overall_share": "prob", "n_seeds": "count"},
        # n_samples: the size of data already in memory, checked >= 1 (no cap)
    ),
    Case(
        splitting_grid.SplitView,
        lambda: _record(_view()),
        {
            "ratios": "array",
            "k": "count",
            "strategy": "choice",
            "test_acc": "array",
            "cv_acc": "array",
            "shares": "array",
            "overall_share": "prob",
        },  # n_test: a size of data already in memory, checked >= 1 (no cap)
    ),
    Case(
        splitting_grid.split_grid,
        lambda: {"X": X40, "y": Y40, "n_seeds": 2, "ks": (2,)},
        {"X": "array", "y": "labels", "n_seeds": "count", "ks": "array"},
    ),
    Case(
        splitting_grid.split_view,
        lambda: {
            "grid": _split_grid(),
            "validation": 0.1,
            "test": 0.2,
            "k": 2,
            "strategy": "stratified",
        },
        {"validation": "prob", "test": "prob", "k": "count", "strategy": "choice"},
    ),
    Case(splitting_plots.plot_estimates, lambda: {"view": _view()}, {}),
    Case(splitting_plots.plot_class_balance, lambda: {"view": _view()}, {}),
    # view: a record, refused by type (no kind for that)
    Case(
        splitting_plots.plot_balance_gaps,
        lambda: {
            "balance": splitting.balance_over_seeds(Y40, seeds=[0, 1])[
                ["strategy", "max_share_gap"]
            ]
        },
        {"balance": "frame"},
    ),
    Case(
        splitting_plots.plot_spread_vs_size,
        lambda: {
            "by_size": pd.DataFrame(
                {"std": [0.04, 0.02], "formula": [0.05, 0.03]}, index=[10, 40]
            )
        },
        {"by_size": "frame"},
    ),
    Case(
        splitting_plots.plot_time_fold,
        lambda: {
            "day": np.arange(10.0),
            "y": np.linspace(0, 1, 10),
            "train_rows": np.arange(6),
            "test_rows": np.arange(6, 8),
            "fold": 1,
        },
        {
            "day": "array",
            "y": "shorter",
            "train_rows": "labels",
            "test_rows": "labels",
            "fold": "index",
        },
    ),
    Case(
        splitting_plots.plot_pool_scores,
        lambda: {
            "medians": pd.Series(
                {"held_out": 0.8, "unlabeled_pool": 0.85, "pseudo_labelled": 0.95}
            )
        },
        {"medians": "array"},
    ),
    Case(splitting_widget.build_splitting_widget, lambda: {"n_seeds": 8}, {}),
    # n_seeds: None means the mode's default (20, or 8 in fast mode), and every
    # kind that could attack a count generates None; n_seeds < 2 is tested in
    # tests/prepare/test_splitting_widget.py
]

EXEMPT = {
    "helpers.prepare.splitting.default_model": "takes no arguments at all",
}
