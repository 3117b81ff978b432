"""Bad-input cases of lessons 06 and 07 in helpers.labels (see tests/bad_input.py).

Self-training, the query strategies and their sources, diversity, the active-learning
loop and its grid, the labeling session and widgets, and the shared "what are labels
worth" curves. Valid calls stay tiny: a pool of a dozen points in two blobs, one
round, a digits split cut to 100 pool and 30 test images. Grids are built once, on
first use; cached helpers run against a private temporary cache folder, so the walk
never writes into ``data/cache``.

Arguments left out of a case's kinds are named in a comment with the reason (mostly:
``None`` is a documented value, "use the default" or "not needed", and every kind
that could attack the argument generates ``None``). The deterministic strategies
accept ``rng=None`` (they draw nothing; lesson 07 calls them so), so their ``rng``
is attacked only where it is used (random, k-means, hybrid).
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
from bad_input import Case, private_cache

from helpers.core.data import DigitsSplit, load_digits_split
from helpers.labels import (
    active_bald,
    active_grid,
    active_loop,
    active_plots,
    active_text,
    active_timing,
    active_travel,
    active_widget,
    annotate,
    annotate_widget,
    crowd_plots,
    curves,
    curves_plots,
    diversity,
    guide_representation,
    selftraining,
    selftraining_grid,
    selftraining_plots,
    selftraining_travel,
    selftraining_widget,
    solutions_05,
    solutions_06,
    solutions_07,
    sources,
    strategies,
)

RNG = np.random.default_rng(0)
# Two blobs of six points each: class 0 around (0, 0), class 1 around (3, 3).
X12 = np.vstack([RNG.normal(0, 0.3, (6, 2)), RNG.normal(3, 0.3, (6, 2))])
Y12 = np.repeat([0, 1], 6)
Y12_PARTIAL = np.where(np.isin(np.arange(12), [0, 1, 6, 7]), Y12, -1)
X_TEST = np.array([[0.1, 0.0], [2.9, 3.1], [0.2, -0.1], [3.2, 2.8]])
Y_TEST = np.array([0, 1, 0, 1])
PROBA = np.array([[0.9, 0.1], [0.6, 0.4], [0.5, 0.5], [0.2, 0.8]])  # (4, 2)
MEMBERS = np.stack([PROBA, PROBA[::-1], PROBA])  # (3 members, 4, 2)
START = np.array([0, 1, 6, 7])


def _generator():
    return np.random.default_rng(0)


@functools.cache
def _split() -> DigitsSplit:
    """The digits split cut to 100 pool images (every digit among them) and 30 test
    images: enough for one label per class and a round or two."""
    d = load_digits_split()
    return DigitsSplit(
        d.X_pool[:100], d.y_pool[:100], d.X_test[:30], d.y_test[:30], True
    )


# ------------------------------------------------------------------ self-training

TINY_ST = selftraining_grid.GridConfig(
    models=("3-NN",),
    thresholds=(0.5, 0.9),
    seeds=(0,),
    per_class=1,
    k=1,
    max_rounds=1,
    val_per_class=1,
)


@functools.cache
def _st_grid() -> selftraining_grid.SelfTrainingGrid:
    return selftraining_grid.run_grid(TINY_ST, _split())


def _cell() -> selftraining_grid.GridCell:
    return _st_grid().select(model="3-NN", threshold=0.9, balanced=False)


def _st_result_fields() -> dict:
    return {
        "classes": np.array([0, 1]),
        "added": np.array([3]),
        "wrong": np.array([1]),
        "class_counts": np.array([[2, 1]]),
        "test_accuracy": np.array([0.8, 0.9]),
        "labels": np.array([0, 1, -1, 0, 1]),
        "labeled_round": np.array([0, 0, -1, 1, 1]),
        "stop_reason": "max_rounds",
        "n_fits": 2,
        "seconds": 0.1,
    }


def _cell_fields() -> dict:
    counts = np.array([[[2, 1]], [[1, 1]]])  # (seeds, rounds, classes)
    return {
        "model": "3-NN",
        "threshold": 0.9,
        "mode": "plain",
        "added": counts.sum(axis=2),
        "wrong": np.array([[1], [0]]),
        "class_counts": counts,
        "accuracy": np.array([[0.8, 0.9], [0.7, 0.8]]),
        "n_fits": np.array([2, 2]),
        "seconds": np.array([0.1, 0.2]),
    }


def _st_grid_fields() -> dict:
    g = _st_grid()
    return {
        "config": g.config,
        "added": g.added,
        "wrong": g.wrong,
        "class_counts": g.class_counts,
        "accuracy": g.accuracy,
        "n_fits": g.n_fits,
        "seconds": g.seconds,
        "val_accuracy": g.val_accuracy,
    }


# ----------------------------------------------------------------- active learning

CURVES_ARGS = {
    "n_labels": np.array([4, 6, 8]),
    "accuracy": {
        "random": np.array([[0.5, 0.6, 0.7], [0.55, 0.6, 0.75]]),
        "margin": np.array([[0.5, 0.7, 0.9], [0.55, 0.75, 0.95]]),
    },
    "seconds": {"random": 0.01, "margin": 0.02},
}


def _curves() -> active_loop.Curves:
    return active_loop.Curves(**CURVES_ARGS)


def _reach() -> pd.DataFrame:
    return active_loop.labels_to_reach_table(_curves(), thresholds=(0.9,))


TINY_AL = active_grid.GridConfig(
    strategies=("random",), start_per_class=(1,), batch_sizes=(5,), n_seeds=1, budget=15
)


TINY_ST_TRAVEL = selftraining_travel.TravelConfig(
    datasets=("wine",),
    thresholds=(0.5,),
    sklearn_thresholds=(0.9,),
    n_seeds=1,
    max_rounds=2,
)
ST_SCORES = {
    f"{family}|setting": np.array([[0.8, 0.7]])
    for family in selftraining_travel.FAMILIES
}
TINY_TRAVEL = active_travel.TravelConfig(
    datasets=("wine",), budgets=(26,), strategies=("random", "margin"), n_seeds=1
)


def _loop_args() -> dict:
    return {
        "X_pool": X12,
        "y_pool": Y12,
        "X_test": X_TEST,
        "y_test": Y_TEST,
        "strategy": "margin",
        "start": START,
        "batch_size": 2,
        "budget": 6,
        "seed": 0,
        "C": 1.0,
        "n_members": 3,
    }


def _fitted_model():
    return active_loop.make_model(warm_start=False).fit(X12[START], Y12[START])


def _committee() -> sources.Committee:
    return sources.fit_committee(
        _fitted_model(), X12[START], Y12[START], n_members=2, rng=_generator()
    )


def _strategy_args(source=PROBA) -> dict:
    return {
        "source": source,
        "X_unlabeled": X12[:4],
        "batch_size": 2,
        "rng": _generator(),
    }


def _session(data, start_per_class, seed, C):
    """A labeling session started on ``data`` (see LabelingSession.start)."""
    return annotate.LabelingSession.start(
        data, start_per_class=start_per_class, seed=seed, C=C
    )


def _session_pick(strategy, k):
    return _session(_split(), 1, 0, 1.0).pick(strategy, k)


def _session_ask(strategy, batch_size):
    return _session(_split(), 1, 0, 1.0).ask(strategy, batch_size)


def _session_label(index, digit):
    session = _session(_split(), 1, 0, 1.0)
    return session.label(index, digit)


def _free_index() -> int:
    labels = _session(_split(), 1, 0, 1.0).labels
    return next(i for i in range(100) if i not in labels)


def _widget_args() -> dict:
    return {
        "strategy": "margin",
        "batch_size": 2,
        "start_per_class": 1,
        "seed": 0,
        "C": 1.0,
        "min_click_interval": 0.4,
        "clock": lambda: 0.0,
        "data": _split(),
    }


SESSION = "helpers.labels.annotate.LabelingSession"
STRATEGY_KINDS = {"source": "array", "X_unlabeled": "array", "batch_size": "count"}
# rng is not attacked for these: None is fine where nothing is drawn (see above)

CASES = [
    # ------------------------------------------------------------ selftraining
    Case(selftraining.logistic_regression, lambda: {"C": 1.0}, {"C": "positive"}),
    Case(selftraining.knn, lambda: {"n_neighbors": 3}, {"n_neighbors": "count"}),
    Case(
        selftraining.SelfTrainingResult,
        _st_result_fields,
        {
            "classes": "labels",
            "added": "array",
            "wrong": "shorter",
            "class_counts": "array",
            "test_accuracy": "shorter",  # NaN is allowed: no test set
            "labels": "labels",
            "labeled_round": "shorter",
            "stop_reason": "choice",
            "n_fits": "count",
            "seconds": "real",
        },
    ),
    Case(
        selftraining.select_confident,
        lambda: {
            "proba": PROBA,
            "classes": np.array([0, 1]),
            "threshold": 0.55,
            "k": 2,
        },
        {"proba": "array", "classes": "labels", "threshold": "prob", "k": "count"},
    ),
    Case(
        selftraining.self_train,
        lambda: {
            "X": X12,
            "y": Y12_PARTIAL,
            "threshold": 0.6,
            "k": 2,
            "max_rounds": 1,
            "make_model": selftraining.logistic_regression,
            "y_true": Y12,
            "X_test": X_TEST,
            "y_test": Y_TEST,
            "X_val": X_TEST[::-1],
            "y_val": Y_TEST[::-1],
        },
        {
            "X": "array",
            "y": "labels",
            "threshold": "prob",
            "k": "count",
            "max_rounds": "index",  # 0 = supervised only
            "make_model": "callable",
            "y_true": "shorter",
            "X_test": "array",
            "y_test": "shorter",
            "X_val": "array",
            "y_val": "shorter",
        },
    ),
    Case(
        selftraining.hold_out_validation,
        lambda: {"split": _split(), "per_class": 1, "seed": 0},
        {"split": "instance", "per_class": "count", "seed": "index"},
    ),
    Case(
        selftraining.partial_labels,
        lambda: {"y": Y12, "per_class": 2, "seed": 0},
        {"y": "labels", "per_class": "count", "seed": "index"},
    ),
    Case(
        selftraining.sklearn_self_training,
        lambda: {
            "X": X12,
            "y": Y12_PARTIAL,
            "threshold": 0.6,
            "max_rounds": 1,
            "make_model": selftraining.logistic_regression,
        },
        {
            "X": "array",
            "y": "labels",
            "threshold": "prob",
            "max_rounds": "index",
            "make_model": "callable",
        },
    ),
    # ------------------------------------------------------- selftraining_grid
    Case(
        selftraining_grid.GridConfig,
        lambda: {
            "models": ("3-NN",),
            "thresholds": (0.5, 0.9),
            "seeds": (0, 1),
            "per_class": 1,
            "k": 1,
            "max_rounds": 1,
            "val_per_class": 1,
        },
        {
            "val_per_class": "count",
            "models": "texts",
            "thresholds": "array",
            "seeds": "labels",
            "per_class": "count",
            "k": "count",
            "max_rounds": "count",
        },
    ),
    Case(
        selftraining_grid.GridCell,
        _cell_fields,
        {
            "threshold": "prob",
            "mode": "choice",
            "added": "array",
            "wrong": "shorter",
            "class_counts": "array",
            "accuracy": "array",
            "n_fits": "shorter",
            "seconds": "shorter",
        },  # model: any name the grid gave its base model
    ),
    Case(
        selftraining_grid.SelfTrainingGrid,
        _st_grid_fields,
        {
            "config": "instance",
            "added": "array",
            "wrong": "array",
            "class_counts": "array",
            "accuracy": "array",
            "n_fits": "array",
            "seconds": "array",
        },  # val_accuracy=None: a grid without validation scores
    ),
    Case(
        selftraining_grid.run_grid,
        lambda: {"config": TINY_ST, "split": _split()},
        {"config": "instance"},  # split=None: the lesson's digits split
    ),
    Case(
        private_cache(selftraining_grid.selftraining_grid),
        lambda: {"config": TINY_ST, "verbose": False},
        {},  # config=None is valid (the lesson's grid); a wrong type is a TypeError
        name="helpers.labels.selftraining_grid.selftraining_grid",
    ),
    # ------------------------------------------------------ selftraining_plots
    Case(
        selftraining_plots.plot_pseudo_labels,
        lambda: {"cell": _cell()},
        {"cell": "instance"},
    ),
    Case(
        selftraining_plots.plot_class_mix,
        lambda: {"cell": _cell()},
        {"cell": "instance"},
    ),
    Case(
        selftraining_plots.plot_accuracy_rounds,
        lambda: {"cell": _cell(), "other": _cell()},
        {"cell": "instance"},  # other=None: no second line
    ),
    Case(
        selftraining_plots.plot_threshold_sweep,
        lambda: {"grid": _st_grid(), "model": "3-NN"},
        {"grid": "instance", "model": "choice"},
    ),
    # ----------------------------------------------------- selftraining_widget
    Case(
        selftraining_widget.summary_html,
        lambda: {"cell": _cell()},
        {"cell": "instance"},
    ),
    Case(
        selftraining_widget.digit_key_html,
        lambda: {"n_classes": 10},
        {"n_classes": "count"},
    ),
    Case(
        selftraining_widget.build_self_training_widget,
        lambda: {"grid": _st_grid(), "model": "3-NN", "threshold": 0.9},
        {"model": "choice", "threshold": "choice"},
        # threshold: one of the grid's precomputed thresholds (None: the one nearest
        # 0.9); grid=None: the lesson's cached grid, minutes to compute
    ),
    # --------------------------------------------------------------- strategies
    Case(
        strategies.least_confidence_scores, lambda: {"proba": PROBA}, {"proba": "array"}
    ),
    Case(strategies.margin_scores, lambda: {"proba": PROBA}, {"proba": "array"}),
    Case(strategies.entropy_scores, lambda: {"proba": PROBA}, {"proba": "array"}),
    Case(
        strategies.vote_entropy_scores,
        lambda: {"member_proba": MEMBERS},
        {"member_proba": "array"},
    ),
    Case(
        strategies.consensus_kl_scores,
        lambda: {"member_proba": MEMBERS},
        {"member_proba": "array"},
    ),
    Case(
        strategies.top_k,
        lambda: {"scores": np.array([0.2, 0.9, 0.5]), "k": 2},
        {"scores": "array", "k": "count"},
    ),
    Case(
        strategies.random_query,
        lambda: _strategy_args(source=None),
        {"X_unlabeled": "array", "batch_size": "count", "rng": "instance"},
        # source: ignored (None)
    ),
    Case(strategies.least_confidence, _strategy_args, STRATEGY_KINDS),
    Case(strategies.margin, _strategy_args, STRATEGY_KINDS),
    Case(strategies.entropy, _strategy_args, STRATEGY_KINDS),
    Case(strategies.qbc_vote_entropy, lambda: _strategy_args(MEMBERS), STRATEGY_KINDS),
    Case(strategies.qbc_consensus_kl, lambda: _strategy_args(MEMBERS), STRATEGY_KINDS),
    Case(
        strategies.kmeans,
        lambda: _strategy_args(source=None),
        {"X_unlabeled": "array", "batch_size": "count", "rng": "instance"},
    ),
    Case(
        strategies.coreset,
        lambda: {**_strategy_args(source=None), "X_labeled": X12[6:8]},
        {"X_unlabeled": "array", "batch_size": "count", "X_labeled": "array"},
    ),
    Case(
        strategies.hybrid,
        lambda: {**_strategy_args(), "pre_factor": 2},
        {**STRATEGY_KINDS, "rng": "instance", "pre_factor": "count"},
    ),
    Case(
        strategies.typiclust,
        lambda: {**_strategy_args(source=None), "X_labeled": X12[6:8]},
        {
            "X_unlabeled": "array",
            "batch_size": "count",
            "rng": "instance",
            "X_labeled": "array",  # None: nothing labelled yet
        },
    ),
    Case(strategies.get_strategy, lambda: {"name": "margin"}, {"name": "choice"}),
    Case(
        strategies.check_names,
        lambda: {"names": ["random", "margin"]},
        {"names": "texts"},
    ),
    Case(
        strategies.query_source,
        lambda: {
            "name": "qbc_vote_entropy",
            "model": active_loop.make_model(),
            "X_labeled": X12[START],
            "y_labeled": Y12[START],
            "n_members": 2,
            "rng": _generator(),
        },
        {
            "model": "instance",
            "X_labeled": "array",
            "y_labeled": "shorter",
            "n_members": "count",
            "rng": "instance",
        },
        # name: any other name is a custom strategy, which reads the model itself;
        # weights=None: drawn from rng; previous=None: a fresh committee
    ),
    # ------------------------------------------------------------------ sources
    Case(
        sources.predict_proba,
        lambda: {"model": _fitted_model(), "X": X12},
        {"model": "instance", "X": "array"},
    ),
    Case(
        sources.member_proba,
        lambda: {"members": _committee().members, "X": X12},
        {"members": "instance", "X": "array"},
    ),
    Case(
        sources.Committee,
        lambda: {"members": _committee().members},
        {"members": "instance"},
    ),
    Case(
        sources.fit_committee,
        lambda: {
            "model": active_loop.make_model(),
            "X": X12[START],
            "y": Y12[START],
            "n_members": 2,
            "rng": _generator(),
        },
        {
            "model": "instance",
            "X": "array",
            "y": "labels",
            "n_members": "count",
            "rng": "instance",
        },  # weights=None: drawn from rng; previous=None: fresh members
    ),
    Case(
        sources.fit_committee,
        lambda: {
            "model": active_loop.make_model(),
            "X": X12[START],
            "y": Y12[START],
            "n_members": 2,
            "weights": np.ones((2, 4)),
        },
        {"y": "shorter", "weights": "array"},
    ),
    # ---------------------------------------------------------------- diversity
    Case(
        diversity.squared_distances,
        lambda: {"X": X12[:3], "Y": X12[6:8]},
        {"X": "array", "Y": "array"},
    ),
    Case(
        diversity.weighted_kmeans,
        lambda: {
            "X": X12,
            "k": 2,
            "rng": _generator(),
            "weights": np.ones(12),
            "n_iter": 5,
        },
        {
            "X": "array",
            "k": "count",
            "rng": "instance",
            "weights": "shorter",  # None: every row weighs 1
            "n_iter": "count",
        },
    ),
    Case(
        diversity.kmeans_representatives,
        lambda: {"X": X12, "k": 2, "rng": _generator(), "weights": np.ones(12)},
        {"X": "array", "k": "count", "rng": "instance", "weights": "shorter"},
    ),
    Case(
        diversity.k_center_greedy,
        lambda: {"X": X12, "centers": X12[:1], "k": 2},
        {"X": "array", "centers": "array", "k": "count"},
    ),
    Case(
        diversity.typicality,
        lambda: {"X": X12, "n_neighbors": 3},
        {"X": "array", "n_neighbors": "count"},
    ),
    Case(
        diversity.typiclust_representatives,
        lambda: {
            "X_unlabeled": X12[:8],
            "X_labeled": X12[8:],
            "k": 2,
            "rng": _generator(),
            "n_neighbors": 3,
            "max_clusters": 50,
        },
        {
            "X_unlabeled": "array",
            "X_labeled": "array",  # None: nothing labelled yet
            "k": "count",
            "rng": "instance",
            "n_neighbors": "count",
            "max_clusters": "count",
        },
    ),
    # -------------------------------------------------------------- active_loop
    Case(
        active_loop.make_model,
        lambda: {"C": 1.0, "tol": 1e-3},
        {"C": "positive", "tol": "positive"},
    ),
    Case(
        active_loop.LoopResult,
        lambda: {
            "strategy": "margin",
            "n_labels": np.array([4, 6]),
            "accuracy": np.array([0.5, 0.75]),
            "labeled": np.array([0, 1, 6, 7, 2, 8]),
            "train_seconds": 0.01,
            "query_seconds": 0.02,
        },
        {
            "n_labels": "array",
            "accuracy": "shorter",
            "labeled": "labels",
            "train_seconds": "real",
            "query_seconds": "real",
        },
    ),
    Case(
        active_loop.run_active_learning,
        _loop_args,
        {
            "X_pool": "shorter",
            "y_pool": "labels",
            "X_test": "array",
            "y_test": "shorter",
            "strategy": "choice",
            "start": "labels",
            "batch_size": "count",
            "budget": "count",
            "seed": "index",
            "C": "positive",
            "n_members": "count",
        },
    ),
    Case(
        active_loop.run_active_learning,
        lambda: {**_loop_args(), "strategy": "qbc_vote_entropy"},
        {"X_pool": "array", "y_pool": "shorter", "X_test": "shorter"},
    ),
    Case(
        active_loop.Curves,
        lambda: dict(CURVES_ARGS),
        {"n_labels": "array", "accuracy": "instance", "seconds": "instance"},
    ),
    Case(
        active_loop.learning_curves,
        lambda: {
            "strategies": ["random"],
            "seeds": [0],
            "start_per_class": 1,
            "batch_size": 5,
            "budget": 15,
            "C": 1.0,
            "n_members": 2,
        },
        {
            "strategies": "texts",
            "seeds": "labels",
            "start_per_class": "count",
            "batch_size": "count",
            "budget": "count",
            "C": "positive",
            "n_members": "count",
        },
    ),
    Case(
        active_loop.labels_to_reach_table,
        lambda: {"curves": _curves(), "thresholds": (0.6, 0.9)},
        {"curves": "instance", "thresholds": "array"},
    ),
    Case(
        active_loop.gain_over_random,
        lambda: {"curves": _curves(), "name": "margin"},
        {"curves": "instance", "name": "choice"},
    ),
    Case(
        active_loop.cost_table,
        lambda: {"grid": {(1, 2): _curves()}, "names": ("margin",), "early": 2},
        {"grid": "instance", "names": "texts", "early": "count"},
    ),
    Case(
        active_timing.big_pool,
        lambda: {"n": 20, "seed": 0},
        {"n": "count", "seed": "index"},
    ),
    Case(
        active_timing.selection_seconds,
        lambda: {
            "names": ["random", "margin"],
            "n_pool": 30,
            "batch_size": 2,
            "repeat": 1,
            "seed": 0,
        },
        {
            "names": "texts",
            "n_pool": "count",
            "batch_size": "count",
            "repeat": "count",
            "seed": "index",
        },
    ),
    # -------------------------------------------------------------- active_grid
    Case(
        active_grid.GridConfig,
        lambda: {
            "strategies": ("random", "margin"),
            "start_per_class": (1, 2),
            "batch_sizes": (5,),
            "n_seeds": 1,
            "budget": 30,
            "C": 1.0,
            "n_members": 2,
        },
        {
            "strategies": "texts",
            "start_per_class": "labels",
            "batch_sizes": "labels",
            "n_seeds": "count",
            "budget": "count",
            "C": "positive",
            "n_members": "count",
        },
    ),
    Case(
        private_cache(active_grid.strategy_grid),
        lambda: {"config": TINY_AL, "verbose": False},
        {},  # config=None is valid (the lesson's grid); a wrong type is a TypeError
        name="helpers.labels.active_grid.strategy_grid",
    ),
    # ------------------------------------------------------ selftraining_travel
    Case(
        selftraining_travel.TravelConfig,
        lambda: {
            "datasets": ("wine",),
            "thresholds": (0.5,),
            "sklearn_thresholds": (0.9,),
            "n_seeds": 1,
            "max_rounds": 2,
        },
        {
            "datasets": "texts",
            "thresholds": "array",
            "sklearn_thresholds": "array",
            "n_seeds": "count",
            "max_rounds": "count",
        },
    ),
    Case(
        private_cache(selftraining_travel.travel_scores),
        lambda: {"config": TINY_ST_TRAVEL, "verbose": False},
        {},  # config=None is valid (the lesson's runs); a wrong type is a TypeError
        name="helpers.labels.selftraining_travel.travel_scores",
    ),
    Case(
        selftraining_travel.travel_table,
        lambda: {"scores": {"toy": ST_SCORES}},
        {"scores": "callable"},  # a mapping of scores: None, 3, "f" are refused
    ),
    # ------------------------------------------------------------ active_travel
    Case(active_travel.travel_data, lambda: {"name": "wine"}, {"name": "choice"}),
    Case(
        active_travel.TravelConfig,
        lambda: {
            "datasets": ("wine",),
            "budgets": (26,),
            "strategies": ("random", "margin"),
            "n_seeds": 1,
        },
        {
            "datasets": "texts",
            "budgets": "labels",
            "strategies": "texts",
            "n_seeds": "count",
        },
    ),
    Case(
        private_cache(active_travel.travel_curves),
        lambda: {"config": TINY_TRAVEL, "verbose": False},
        {},  # config=None is valid (the lesson's runs); a wrong type is a TypeError
        name="helpers.labels.active_travel.travel_curves",
    ),
    Case(
        active_travel.travel_table,
        lambda: {"curves": {"toy": _curves()}},
        {"curves": "callable"},  # a mapping of Curves: None, 3, "f" are refused
    ),
    # ------------------------------------------------------------- active_plots
    Case(
        active_plots.plot_learning_curves,
        lambda: {"curves": _curves(), "thresholds": (0.9,)},
        {"curves": "instance", "thresholds": "array"},  # names=None: every strategy
    ),
    Case(
        active_plots.plot_gain_over_random,
        lambda: {"curves": _curves(), "names": ["margin"]},
        {"curves": "instance", "names": "texts"},
    ),
    Case(
        active_plots.plot_query_image,
        lambda: {"image": _split().X_pool[0], "done": 0, "total": 2},
        {"image": "shorter", "done": "index", "total": "count"},
        # image=None: a blank panel (the batch is done)
    ),
    Case(
        active_plots.plot_labeling_history,
        lambda: {"history": [(10, 0.5), (12, 0.6)], "strategy": "margin"},
        {"history": "array", "strategy": "choice"},
    ),
    # ------------------------------------------------------------ active_widget
    Case(
        active_widget.ComparisonState,
        lambda: {"curves": {(1, 2): _curves()}, "reach": {(1, 2): _reach()}},
        {"curves": "instance", "reach": "instance"},
    ),
    Case(
        active_widget.reach_html,
        lambda: {"table": _reach(), "budget": 8},
        {"table": "frame", "budget": "count"},
    ),
    Case(
        active_widget.build_strategy_widget,
        lambda: {"grid": {(1, 2): _curves()}},
        {},  # grid=None is valid (the lesson's cached grid, minutes to compute)
    ),
    # ----------------------------------------------------------------- annotate
    Case(
        _session,
        lambda: {"data": _split(), "start_per_class": 1, "seed": 0, "C": 1.0},
        {
            "data": "instance",
            "start_per_class": "count",
            "seed": "index",
            "C": "positive",
        },
        name=SESSION,
    ),
    Case(
        _session_pick,
        lambda: {"strategy": "margin", "k": 2},
        {"strategy": "choice", "k": "index"},  # k=0 asks nothing
        name=SESSION,
    ),
    Case(
        _session_ask,
        lambda: {"strategy": "margin", "batch_size": 2},
        {"strategy": "choice", "batch_size": "count"},
        name=SESSION,
    ),
    Case(
        _session_label,
        lambda: {"index": _free_index(), "digit": 3},
        {"index": "index", "digit": "index"},
        name=SESSION,
    ),
    # ---------------------------------------------------------- annotate_widget
    Case(
        annotate_widget.LabelingWidget,
        _widget_args,
        {
            "strategy": "choice",
            "batch_size": "count",
            "start_per_class": "count",
            "seed": "index",
            "C": "positive",
            "min_click_interval": "real",
            "clock": "callable",
        },  # data=None: the lesson's digits split
    ),
    Case(
        annotate_widget.build_labeling_widget,
        lambda: {
            "strategy": "margin",
            "batch_size": 2,
            "start_per_class": 1,
            "seed": 0,
        },
        {
            "strategy": "choice",
            "batch_size": "count",
            "start_per_class": "count",
            "seed": "index",
        },
    ),
    # ------------------------------------------------------------------- curves
    Case(
        curves.LabelCurve,
        lambda: {"n_labels": np.array([2, 4]), "accuracy": np.array([[0.5, 0.7]])},
        {"n_labels": "array", "accuracy": "array"},
    ),
    Case(
        curves.accuracy_vs_labels,
        lambda: {
            "score": lambda idx, seed: len(idx) / 12,
            "y": Y12,
            "per_class": [1, 2],
            "seeds": [0, 1],
        },
        {"score": "callable", "y": "labels", "per_class": "labels", "seeds": "labels"},
    ),
    Case(
        curves.labels_to_reach,
        lambda: {
            "curve": curves.LabelCurve(np.array([2, 4]), np.array([[0.5, 0.7]])),
            "target": 0.6,
        },
        {"curve": "instance", "target": "prob"},
    ),
    Case(
        curves_plots.plot_labels_worth,
        lambda: {
            "curve": curves.LabelCurve(np.array([2, 4]), np.array([[0.5, 0.7]])),
            "references": {"self-training": (0.6, "self-training")},
        },
        {"curve": "instance", "references": "instance"},
    ),
]

EXEMPT = {
    "helpers.labels.selftraining_grid.default_grid_config": "takes no arguments at all",
    "helpers.labels.active_grid.default_grid_config": "takes no arguments at all",
    "helpers.labels.active_travel.default_travel_config": "takes no arguments at all",
    "helpers.labels.selftraining_travel.default_travel_config": (
        "takes no arguments at all"
    ),
    "helpers.labels.strategies.Strategy": (
        "a typing Protocol naming the strategy signature; it cannot be called, and "
        "every strategy that follows it has its own case"
    ),
}


# ---------------------------------------------- lesson 06 solutions, BALD, text
TINY_TEXT = active_text.TextConfig(
    strategies=("random",),
    seeds=(0,),
    n_pool=40,
    start_per_class=1,
    batch_size=2,
    budget=6,
)


@functools.cache
def _text_pool() -> active_text.TextPool:
    return active_text.ticket_pool(n_pool=40, n_test=8)


def _text_pool_fields() -> dict:
    p = _text_pool()
    return {k: getattr(p, k) for k in p.__dataclass_fields__}


CASES += [
    Case(
        solutions_06.ex1_wrong_share,
        lambda: {"X": X12, "y": Y12_PARTIAL, "y_true": Y12},
        {"X": "array", "y": "labels", "y_true": "shorter"},
    ),
    Case(
        solutions_06.ex2_loop_wrong,
        lambda: {
            "X": X12,
            "y": Y12_PARTIAL,
            "y_true": Y12,
            "threshold": 0.6,
            "rounds": 2,
        },
        {
            "X": "array",
            "y": "labels",
            "y_true": "shorter",
            "threshold": "prob",
            "rounds": "count",
        },
    ),
    Case(
        solutions_06.ex3_letter,
        lambda: {"plain": _cell(), "balanced": _cell()},
        {"plain": "instance", "balanced": "instance"},
    ),
    Case(
        active_bald.bald_parts,
        lambda: {"member_proba": MEMBERS},
        {"member_proba": "array"},
    ),
    Case(
        active_bald.bald_scores,
        lambda: {"member_proba": MEMBERS},
        {"member_proba": "array"},
    ),
    Case(
        active_text.ticket_pool,
        lambda: {"n_pool": 40, "n_test": 8, "seed": 0},
        {"n_pool": "count", "n_test": "count", "seed": "index"},
    ),
    Case(
        active_text.TextPool,
        _text_pool_fields,
        {
            "X_pool": "array",
            "y_pool": "shorter",
            "X_test": "array",
            "y_test": "shorter",
        },  # words, classes: names, any tuple of strings
    ),
    Case(
        active_text.TextConfig,
        lambda: {
            "strategies": ("random",),
            "seeds": (0,),
            "n_pool": 40,
            "start_per_class": 1,
            "batch_size": 2,
            "budget": 6,
            "C": 5.0,
        },
        {
            "strategies": "texts",
            "seeds": "labels",
            "n_pool": "count",
            "start_per_class": "count",
            "batch_size": "count",
            "budget": "count",
            "C": "positive",
        },
    ),
    Case(
        active_text.run_text_curves,
        lambda: {"config": TINY_TEXT},
        {"config": "instance"},
    ),
    Case(
        private_cache(active_text.text_curves),
        lambda: {"config": TINY_TEXT, "verbose": False},
        {},  # config=None is valid (the lesson's experiment)
        name="helpers.labels.active_text.text_curves",
    ),
    Case(
        active_text.mean_gain,
        lambda: {"curves": _curves(), "name": "margin", "over": "random"},
        {"curves": "instance", "name": "choice", "over": "choice"},
    ),
]


@functools.cache
def _tiny_model():
    return active_loop.make_model().fit(X12, Y12)


CASES += [
    Case(
        solutions_07.ex1_margin,
        lambda: {"p": np.array([0.6, 0.3, 0.1])},
        {"p": "array"},
    ),
    Case(
        solutions_07.ex2_max_entropy, lambda: {"n_classes": 4}, {"n_classes": "count"}
    ),
    Case(
        solutions_07.ex3_letter,
        lambda: {"model": _tiny_model(), "X": X12, "batch_size": 2, "seed": 0},
        {"model": "instance", "X": "array", "batch_size": "count", "seed": "index"},
    ),
    Case(
        solutions_07.ex4_accuracy,
        lambda: {
            "digits": _split(),
            "start": labelled_start(),
            "batch_size": 5,
            "budget": 20,
            "seed": 0,
        },
        {
            "digits": "instance",
            "batch_size": "count",
            "budget": "count",
            "seed": "index",
        },  # start: checked by run_active_learning (an index array)
    ),
]


def labelled_start() -> np.ndarray:
    """One labelled image per digit of the cut split's pool."""
    from helpers.core.data import labelled_subset

    return labelled_subset(_split().y_pool, per_class=1, seed=0)


# ------------------------------------------- lesson 05: solutions, guide, plots
Y40 = np.arange(10).repeat(4)  # 40 items, 4 per digit
VOTES40 = np.stack([Y40, (Y40 + 1) % 10, Y40], axis=1)  # (40, 3)


def _styles_table() -> pd.DataFrame:
    return pd.DataFrame(
        {"oracle": [0.98, 1.0, 0.93]}, index=["uniform", "systematic", "shared"]
    )


def _rep_table() -> pd.DataFrame:
    a, b = guide_representation.REPRESENTATIONS
    return pd.DataFrame({a: [0.8, 0.82], b: [0.9, 0.91]})


CASES += [
    Case(
        solutions_05.ex1_ties,
        lambda: {
            "y": Y40,
            "accuracies": (0.6, 0.8, 0.9),
            "style": "uniform",
            "seed": 0,
        },
        {"y": "labels", "accuracies": "array", "style": "choice", "seed": "index"},
    ),
    Case(
        solutions_05.ex2_posterior,
        lambda: {"acc_a": 0.9, "acc_b": 0.6},
        {"acc_a": "prob", "acc_b": "prob"},
    ),
    Case(
        solutions_05.ex3_best_votes,
        lambda: {"y": Y40, "budget": 5.0, "per_item": (1, 2)},
        {"y": "labels", "budget": "positive"},  # per_item: checked one by one
    ),
    Case(
        solutions_05.ex4_winner,
        lambda: {"votes": VOTES40, "y": Y40, "hide": 0.3, "seed": 0},
        {"votes": "array", "y": "shorter", "hide": "prob", "seed": "index"},
    ),
    Case(
        solutions_05.ex5_letter,
        lambda: {"styles_table": _styles_table()},
        {"styles_table": "frame"},
    ),
    Case(
        private_cache(guide_representation.representation_gain),
        lambda: {
            "per_class": 1,
            "seeds": (0,),
            "n_components": 2,
            "n_neighbors": 5,
            "verbose": False,
        },
        {
            "per_class": "count",
            "seeds": "labels",
            "n_components": "count",
            "n_neighbors": "count",
        },
        name="helpers.labels.guide_representation.representation_gain",
    ),
    Case(
        guide_representation.median_gain,
        lambda: {"table": _rep_table()},
        {"table": "frame"},
    ),
    Case(
        crowd_plots.plot_error_styles,
        lambda: {"confusions": {"uniform": np.eye(3) * 0.7 + 0.1}},
        {"confusions": "instance"},
    ),
]
