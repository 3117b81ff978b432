"""Bad-input cases of the lesson 02-03 additions to helpers.prepare (see
tests/bad_input.py): near duplicates, missing indicators, the imputation panels, text
and image features, feature selection, and the solutions modules.

Arguments left out of a case's kinds are named in a comment with the reason.
"""

from functools import cache

import matplotlib.pyplot as plt
import numpy as np
from bad_input import Case

from helpers.prepare import (
    cleaning,
    cleaning_grid,
    cleaning_plots,
    dirty,
    features_plots,
    image_features,
    selection,
    solutions_02,
    solutions_03,
    text_features,
)
from helpers.prepare import near_duplicates as nd
from helpers.prepare.shop import make_shop_table

RNG = np.random.default_rng(0)
TEXTS = ["my parcel never arrived", "my parcel never arived", "reset my password"]
IMAGES = RNG.uniform(size=(6, 4, 4))  # (6, 4, 4)
VALUES = np.array([1.0, 2.0, 3.0, 4.0, 30.0])
DIGITS = RNG.uniform(size=(12, 8, 8))  # (12, 8, 8)
Y12 = np.arange(12) % 2
TICKETS = [
    "refund my card",
    "card charged twice",
    "app crash on login",
    "login fails",
] * 3
X_SEL = RNG.normal(size=(30, 4)) + (np.arange(30) % 2)[:, None]  # (30, 4)
Y30 = np.arange(30) % 2
REAL = np.array([True, True, False, False])


@cache
def _shop():
    return make_shop_table(seed=0).iloc[:100]


@cache
def _lesson():
    return dirty.lesson_tables(n_train=80, n_valid=40, seed=1)


@cache
def _typed():
    return cleaning.standardise(_lesson()[0].dirty)


@cache
def _kept():
    typed = _typed()
    return typed[~cleaning.find_duplicates(typed, method="near")]


@cache
def _numeric_kept():
    return _kept()[[*cleaning.FEATURES, "price_k"]]


@cache
def _numeric_valid():
    return _lesson()[1][[*cleaning.FEATURES, "price_k"]]


@cache
def _grid():
    data, valid = _lesson()
    return cleaning_grid.cleaning_grid(data, valid, thresholds=[2.0, 3.0])


def _axes(n: int = 2):
    return plt.subplots(1, n)[1]


CASES = [
    # ----------------------------------------------------------- near duplicates
    Case(
        nd.jaccard_matrix,
        lambda: {"texts": TEXTS, "k": 3},
        {"texts": "texts", "k": "count"},
    ),
    Case(
        nd.near_duplicate_texts,
        lambda: {"texts": TEXTS, "k": 3, "threshold": 0.7},
        {"texts": "texts", "k": "count", "threshold": "prob"},
    ),
    Case(nd.exact_duplicate_texts, lambda: {"texts": TEXTS}, {"texts": "texts"}),
    Case(nd.average_hash, lambda: {"images": IMAGES}, {"images": "array"}),
    Case(
        nd.near_duplicate_images,
        lambda: {"images": IMAGES, "max_bits": 3, "min_corr": 0.9},
        {"images": "array", "max_bits": "index", "min_corr": "real"},
    ),  # max_bits 0 is valid (exact hash match); min_corr None means "no check"
    Case(nd.exact_duplicate_images, lambda: {"images": IMAGES}, {"images": "array"}),
    Case(
        nd.text_copies,
        lambda: {"texts": TEXTS, "n_copies": 2, "seed": 0},
        {"texts": "texts", "n_copies": "count", "seed": "index"},
    ),
    Case(
        nd.image_copies,
        lambda: {"images": IMAGES, "n_copies": 2, "noise": 0.03, "seed": 0},
        {"images": "array", "n_copies": "count", "noise": "real", "seed": "index"},
    ),
    Case(
        nd.pair_precision_recall,
        lambda: {"found": {(0, 1)}, "truth": {(0, 1), (2, 3)}},
        {"found": "instance", "truth": "instance"},
    ),
    # ------------------------------------------------------------- lesson 02 extras
    Case(
        cleaning.add_missing_indicators,
        lambda: {"df": _typed()[["area_m2"]], "columns": ["area_m2"]},
        {"df": "frame"},
    ),  # columns: checked against the frame (a missing name is a ValueError)
    Case(
        cleaning_plots.plot_imputations,
        lambda: {
            "before": VALUES,
            "filled": {"mean": VALUES, "model": VALUES + 1},
            "truth": VALUES,
            "column": "area_m2",
            "axes": _axes(),
        },
        {"before": "array", "filled": "instance", "truth": "array"},
    ),  # column: any label is drawable; axes: matplotlib's own type
    Case(
        solutions_02.rows_with_blank,
        lambda: {"df": _typed()[["area_m2"]]},
        {"df": "frame"},
    ),
    Case(
        solutions_02.upper_fence,
        lambda: {"values": VALUES, "k": 1.5},
        {"k": "real"},
    ),  # values: NaN is a missing value here, so the array kind's NaN is valid
    Case(
        solutions_02.indicator_gains,
        lambda: {
            "kept": _numeric_kept(),
            "valid": _numeric_valid(),
            "strategy": "mean",
        },
        {"kept": "frame", "valid": "frame", "strategy": "choice"},
    ),
    Case(
        solutions_02.best_indicator,
        lambda: {
            "kept": _numeric_kept(),
            "valid": _numeric_valid(),
            "strategy": "mean",
        },
        {"kept": "frame", "valid": "frame", "strategy": "choice"},
    ),
    Case(
        solutions_02.largest_safe_threshold,
        lambda: {
            "grid": _grid(),
            "imputation": "model",
            "rule": "z-score",
            "min_r2": 0.5,
        },
        {
            "grid": "instance",
            "imputation": "choice",
            "rule": "choice",
            "min_r2": "real",
        },
    ),
    Case(
        solutions_02.near_duplicate_recall,
        lambda: {
            "typed": _typed(),
            "is_duplicate": _lesson()[0].is_duplicate,
            "tol": 0.01,
        },
        {"typed": "frame", "tol": "prob"},
    ),  # is_duplicate: checked by dirty.precision_recall (a boolean Series)
]

CASES += [
    # ------------------------------------------------------------- lesson 03 extras
    Case(text_features.tokenize, lambda: {"text": "Refund my card"}, {}),  # any str
    Case(
        text_features.bag_of_words,
        lambda: {"texts": TICKETS, "vocabulary": ["refund", "card"]},
        {"texts": "texts"},
    ),  # vocabulary: None means "the words of texts"
    Case(text_features.tfidf, lambda: {"counts": np.ones((3, 2))}, {"counts": "array"}),
    Case(
        text_features.text_representation_scores,
        lambda: {"texts": TICKETS, "y": np.arange(12) % 2, "n_splits": 2, "seed": 0},
        {"texts": "texts", "y": "labels", "n_splits": "count", "seed": "index"},
    ),
    Case(
        selection.with_noise,
        lambda: {"X": X_SEL, "n_noise": 2, "seed": 0},
        {"X": "array", "n_noise": "index", "seed": "index"},
    ),  # n_noise 0 is valid (no noise added)
    Case(
        selection.make_selector,
        lambda: {"method": "filter", "k": 2, "C": 0.1, "seed": 0},
        {"method": "choice", "k": "count", "C": "positive", "seed": "index"},
    ),
    Case(
        selection.selection_comparison,
        lambda: {"X": X_SEL, "y": Y30, "real": REAL, "k": 2, "C": 1.0, "n_splits": 2},
        {"X": "array", "y": "labels", "k": "count", "n_splits": "count"},
    ),  # real: a boolean mask, checked for dtype and shape
    Case(image_features.sobel, lambda: {"images": DIGITS}, {"images": "array"}),
    Case(
        image_features.edge_magnitude, lambda: {"images": DIGITS}, {"images": "array"}
    ),
    Case(
        image_features.orientation_histograms,
        lambda: {"images": DIGITS, "cell": 4, "bins": 8},
        {"images": "array", "cell": "count", "bins": "count"},
    ),
    Case(
        image_features.featurize,
        lambda: {"images": DIGITS, "kind": "edge magnitude"},
        {"images": "array", "kind": "choice"},
    ),
    Case(
        image_features.image_feature_scores,
        lambda: {
            "train": DIGITS,
            "y_train": Y12,
            "test": DIGITS,
            "y_test": Y12,
            "contrast": 0.5,
            "brightness": 0.3,
        },
        {
            "train": "array",
            "y_train": "labels",
            "test": "array",
            "y_test": "labels",
            "contrast": "positive",
            "brightness": "real",
        },
    ),
    Case(
        features_plots.plot_edges,
        lambda: {"images": DIGITS[:3], "edges": DIGITS[:3]},
        {"images": "array", "edges": "array"},
    ),
    Case(
        solutions_03.train_zscore,
        lambda: {
            "train": _shop()[["income_eur"]],
            "test": _shop()[["income_eur"]],
            "column": "income_eur",
        },
        {"train": "frame", "test": "frame"},
    ),  # column: checked against the frames
    Case(
        solutions_03.one_hot_width,
        lambda: {
            "train": _shop()[["income_eur", "city"]],
            "numeric": ["income_eur"],
            "categorical": ["city"],
        },
        {"train": "frame"},
    ),  # numeric, categorical: names checked against the frame
    Case(
        solutions_03.scaler_leak_letter,
        lambda: {"n_features": 20, "n_samples": 40, "seeds": range(2)},
        {"n_features": "count", "n_samples": "count"},
    ),  # seeds: check_seeds refuses bad ones (tested in tests/core)
    Case(
        solutions_03.leaky_median,
        lambda: {"k": 2, "n_features": 20, "seeds": range(2)},
        {"k": "count", "n_features": "count"},
    ),
    Case(
        solutions_03.idf_of,
        lambda: {"texts": TICKETS, "word": "refund"},
        {"texts": "texts"},
    ),  # word: any string; not one word is a ValueError
]

EXEMPT: dict[str, str] = {}
