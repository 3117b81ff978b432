"""Bad-input cases of lessons 05 and 08 in helpers.labels (see tests/bad_input.py).

Votes, the label model, the labeling guide, the crowd, weak supervision and the
tickets. Where a function takes a mapping (the guide's answers, the bars of a plot),
a small wrapper spreads the mapping's values into arguments so the walker can attack
each value; the case keeps the function's name.

Texts (a list of strings) and records (a CrowdOutcome, a WeakResult, a random
generator) have no kind of their own. They are attacked with the ``callable``
kind (marked ``TEXTS_KIND`` and ``RECORD`` below), whose bad values None, 3 and "f"
are neither a list of texts (a single string is refused too) nor a record.
"""

import numpy as np
import pandas as pd
from bad_input import Case

from helpers.labels import (
    crowd,
    crowd_budget,
    crowd_onecoin,
    crowd_plots,
    crowd_widget,
    guide,
    guide_data,
    guide_plots,
    label_model,
    solutions_08,
    tickets,
    votes,
    weak,
    weak_digits,
    weak_experiment,
    weak_plots,
    weak_widget,
)

VOTES = np.array([[0, 1, 1], [2, -1, 2], [-1, -1, -1], [1, 1, 0]])
Y4 = np.array([0, 2, 1, 1])
CONF = crowd.annotator_confusions([0.6, 0.8, 0.7], n_classes=3)  # (3, 3, 3)
PRIORS = np.array([0.3, 0.3, 0.4])
L_LM = np.array(
    [[0, 0, -1], [0, -1, 1], [1, 1, 1], [1, -1, 1], [-1, 0, 0], [0, 0, 0], [1, 1, -1]]
)
Y_LM = np.array([0, 0, 1, 1, 0, 0, 1])
TEXTS = [
    "please refund my invoice",
    "the app crashes with an error",
    "refund the charge",
    "crash after the update",
    "i was charged twice, refund please",
    "error E404 when i log in",
]
Y_TEXTS = np.array([0, 1, 0, 1, 0, 1])
X_SMALL = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [0.5, 0.2]])
PROBA = np.array([[0.9, 0.1], [0.2, 0.8], [0.5, 0.5], [0.7, 0.3]])
Y_CROWD = np.tile(np.arange(3), 10)  # 30 items, classes 0..2
SMALL_TICKETS = {"n_dev": 12, "n_train": 8, "n_test": 8}


def _fit_label_model(L, n_classes, max_iter, tol, smoothing):
    """LabelModel built, fitted on L and asked for posteriors on L."""
    model = label_model.LabelModel(
        n_classes, max_iter=max_iter, tol=tol, smoothing=smoothing
    )
    return model.fit(L).predict_proba(L)


def _answers(data, labels, budget):
    return {"data": data, "labels": labels, "budget": budget}


def _walk(data, labels, budget):
    return guide.walk(_answers(data, labels, budget))


def _recommend(data, labels, budget):
    return guide.recommend(_answers(data, labels, budget))


def _taken_edges(data, labels, budget):
    return guide.taken_edges(_answers(data, labels, budget))


def _flowchart(data, labels, budget):
    return guide_plots.plot_flowchart(_answers(data, labels, budget))


def _plot_bars(coverage, accuracy):
    return weak_plots.plot_bars(
        {"coverage": coverage, "accuracy": accuracy}, title="t", xlabel="x"
    )


def _weak_result():
    return weak_experiment.WeakResult(("a",), 0.5, 0.8, 0.9, 0.7)


def _plot_weak_result(result, dev_only, supervised):
    return weak_plots.plot_weak_result(
        result, {"dev only": dev_only, "supervised": supervised}
    )


def _outcome():
    return crowd_budget.crowd_outcome(
        crowd_budget.CrowdSetting(pool_size=3, per_item=2, n_classes=3), Y_CROWD
    )


def _small_tickets():
    return tickets.make_tickets(**SMALL_TICKETS)


def _experiment_args():
    return {
        "names": ["a", "b"],
        "L_train": np.array([[0, -1], [1, 1], [-1, 0], [1, -1]]),
        "X_train": X_SMALL,
        "X_test": X_SMALL[:2],
        "y_train": np.array([0, 1, 0, 1]),
        "y_test": np.array([0, 1]),
        "n_classes": 2,
        "C": 1.0,
    }


TEXTS_KIND = RECORD = "callable"  # see the module docstring

GUIDE = {"data": "choice", "labels": "choice", "budget": "choice"}
GUIDE_VALID = {"data": "yes", "labels": "none", "budget": "yes"}

CASES = [
    # ---------------------------------------------------------------- votes
    Case(
        votes.check_votes,
        lambda: {"name": "votes", "votes": VOTES, "n_classes": 3},
        {"votes": "labels", "n_classes": "count"},
    ),
    Case(
        votes.one_hot_votes,
        lambda: {"votes": VOTES, "n_classes": 3},
        {"votes": "labels", "n_classes": "count"},
    ),
    Case(
        votes.vote_counts,
        lambda: {"votes": VOTES, "n_classes": 3},
        {"votes": "labels", "n_classes": "count"},
    ),
    Case(
        votes.majority_vote,
        lambda: {"votes": VOTES, "n_classes": 3, "ties": "random", "seed": 0},
        {"votes": "labels", "n_classes": "count", "ties": "choice", "seed": "index"},
    ),
    # ---------------------------------------------------------- label model
    Case(
        _fit_label_model,
        lambda: {
            "L": L_LM,
            "n_classes": 2,
            "max_iter": 20,
            "tol": 1e-4,
            "smoothing": 0.5,
        },
        {
            "L": "labels",
            "n_classes": "count",
            "max_iter": "count",
            "tol": "positive",
            "smoothing": "real",
        },  # smoothing 0 is allowed: plain maximum likelihood
        name="helpers.labels.label_model.LabelModel",
    ),
    Case(
        label_model.simulate_label_matrix,
        lambda: {
            "n": 20,
            "accuracies": [0.8, 0.7],
            "propensities": [0.5, 0.4],
            "prior": [0.5, 0.5],
            "seed": 0,
        },
        {
            "n": "count",
            "accuracies": "array",
            "propensities": "shorter",
            "prior": "array",
            "seed": "index",
        },
    ),
    # ---------------------------------------------------------------- guide
    Case(guide.question_of, lambda: {"node": "budget_few"}, {"node": "choice"}),
    Case(_walk, lambda: dict(GUIDE_VALID), GUIDE, name="helpers.labels.guide.walk"),
    Case(
        _recommend,
        lambda: dict(GUIDE_VALID),
        GUIDE,
        name="helpers.labels.guide.recommend",
    ),
    Case(
        _taken_edges,
        lambda: dict(GUIDE_VALID),
        GUIDE,
        name="helpers.labels.guide.taken_edges",
    ),
    Case(
        _flowchart,
        lambda: dict(GUIDE_VALID),
        GUIDE,
        name="helpers.labels.guide_plots.plot_flowchart",
    ),
    Case(
        guide_data.Question,
        lambda: {"key": "q", "text": "Which?", "options": ("a", "b")},
        {"options": "choice"},  # a string, a number or () is no tuple of answers
    ),
    Case(
        guide_data.Route,
        lambda: {"key": "r", "name": "route", "why": "because", "lessons": (5, 8)},
        {"lessons": "labels"},
    ),
    # ---------------------------------------------------------------- crowd
    Case(
        crowd.confusion_pairs,
        lambda: {"n_classes": 10, "round_": 2},
        {"n_classes": "count", "round_": "index"},
    ),
    Case(
        crowd.annotator_confusions,
        lambda: {"accuracies": [0.6, 0.8], "n_classes": 3, "style": "shared"},
        {"accuracies": "array", "n_classes": "count", "style": "choice"},
    ),
    Case(
        crowd.assignment_mask,
        lambda: {"n_items": 6, "n_annotators": 3, "per_item": 2, "seed": 0},
        {
            "n_items": "count",
            "n_annotators": "count",
            "per_item": "count",
            "seed": "index",
        },
    ),
    Case(
        crowd.simulate_votes,
        lambda: {
            "y_true": Y4,
            "confusions": CONF,
            "mask": np.ones((4, 3), bool),
            "seed": 0,
        },
        {"y_true": "labels", "confusions": "array", "mask": "shorter", "seed": "index"},
    ),
    Case(
        crowd.label_posteriors,
        lambda: {"votes": VOTES, "confusions": CONF, "priors": PRIORS},
        {"votes": "labels", "confusions": "array", "priors": "array"},
    ),
    Case(
        crowd.dawid_skene,
        lambda: {
            "votes": VOTES,
            "n_classes": 3,
            "max_iter": 5,
            "tol": 1e-6,
            "init": "majority",
            "smoothing": 0.01,
        },
        {
            "votes": "labels",
            "n_classes": "count",
            "max_iter": "count",
            "tol": "real",
            "init": "choice",
            "smoothing": "real",
        },
    ),
    Case(
        crowd.DawidSkeneResult,
        lambda: {
            "posteriors": np.array([[0.2, 0.8], [0.6, 0.4]]),
            "labels": np.array([1, 0]),
            "confusions": np.full((2, 2, 2), 0.5),
            "priors": np.array([0.4, 0.6]),
            "n_iter": 3,
            "log_likelihood": -1.5,
            "converged": True,
        },
        {
            "posteriors": "array",
            "labels": "labels",
            "confusions": "array",
            "priors": "array",
            "n_iter": "count",
        },  # log-likelihood may be -inf
    ),
    Case(
        crowd_onecoin.one_coin,
        lambda: {
            "votes": VOTES,
            "n_classes": 3,
            "max_iter": 5,
            "tol": 1e-6,
            "smoothing": 0.01,
        },
        {
            "votes": "labels",
            "n_classes": "count",
            "max_iter": "count",
            "tol": "real",
            "smoothing": "real",
        },
    ),
    Case(
        crowd_onecoin.annotator_skills,
        lambda: {"result": crowd_onecoin.one_coin(VOTES, n_classes=3)},
        {"result": RECORD},
    ),
    Case(
        crowd_onecoin.coin_or_matrix,
        lambda: {
            "labels": {"toy": Y_CROWD},
            "seeds": [0],
            "styles": ("uniform",),
            "n_annotators": 4,
            "per_item": 2,
        },
        {
            "labels": RECORD,
            "seeds": "labels",
            "styles": "texts",
            "n_annotators": "count",
            "per_item": "count",
        },
    ),
    Case(
        weak_digits.digits_label_matrix,
        lambda: {"seed": 0, "varied": True, "n_lfs": 2},
        {"seed": "index", "n_lfs": "count"},
    ),
    Case(
        weak_digits.aggregator_accuracy,
        lambda: {"L": L_LM, "y": Y_LM, "n_classes": 2, "seed": 0},
        {"L": "labels", "y": "shorter", "n_classes": "count", "seed": "index"},
    ),
    # --------------------------------------------------------- crowd budget
    Case(
        crowd_budget.CrowdSetting,
        lambda: {
            "quality": 0.7,
            "style": "uniform",
            "per_item": 2,
            "budget": 10.0,
            "pool_size": 3,
            "spread": 0.1,
            "price_per_label": 0.05,
            "n_classes": 3,
            "seed": 0,
        },
        {
            "quality": "prob",
            "style": "choice",
            "per_item": "count",
            "budget": "real",
            "pool_size": "count",
            "spread": "prob",
            "price_per_label": "positive",
            "n_classes": "count",
            "seed": "index",
        },
    ),
    Case(
        crowd_budget.CrowdOutcome,
        lambda: {
            "n_items": 10,
            "n_covered": 8,
            "n_labels": 16,
            "cost": 0.8,
            "mv_correct": 6,
            "ds_correct": 7,
            "annotator_accuracy": np.array([0.7, 0.8]),
            "ds_annotator_accuracy": np.array([0.72, 0.79]),
            "mv_agreement": np.array([0.75, 0.85]),
        },
        {
            "n_items": "count",
            "n_covered": "index",
            "n_labels": "index",
            "cost": "real",
            "mv_correct": "index",
            "ds_correct": "index",
            "ds_annotator_accuracy": "shorter",
        },  # NaN accuracies mean "no labels"
    ),
    Case(
        crowd_budget.crowd_outcome,
        lambda: {
            "setting": crowd_budget.CrowdSetting(pool_size=3, per_item=2, n_classes=3),
            "y_true": Y_CROWD,
        },
        {"setting": RECORD, "y_true": "labels"},
    ),
    Case(
        crowd_budget.redundancy_curves,
        lambda: {
            "y_true": Y_CROWD,
            "accuracies": [0.6, 0.7, 0.8],
            "style": "uniform",
            "per_item": [1, 3],
            "seeds": [0, 1],
        },
        {
            "y_true": "labels",
            "accuracies": "array",
            "style": "choice",
            "per_item": "array",
            "seeds": "array",
        },
    ),
    # ---------------------------------------------------------- crowd plots
    Case(
        crowd_plots.plot_confusions,
        lambda: {"true": CONF, "estimated": CONF, "accuracies": [0.6, 0.8, 0.7]},
        {"true": "array", "estimated": "array", "accuracies": "shorter"},
    ),
    Case(
        crowd_plots.plot_redundancy,
        lambda: {
            "per_item": [1, 3],
            "curves": {"majority vote": np.array([[0.6, 0.7], [0.62, 0.71]])},
        },
        {"per_item": "array"},
    ),
    Case(
        crowd_plots.plot_annotator_accuracy,
        lambda: {"outcome": _outcome()},
        {"outcome": RECORD},
    ),
    Case(
        crowd_plots.plot_budget_outcome,
        lambda: {"outcome": _outcome()},
        {"outcome": RECORD},
    ),
    Case(
        crowd_widget.build_crowd_widget,
        lambda: {"quality": 0.75, "style": "systematic"},
        {"quality": "prob", "style": "choice"},
    ),
    # ----------------------------------------------------------------- weak
    Case(
        weak.LabelingFunction,
        lambda: {"name": "lf", "fn": len, "description": "d"},
        {"fn": "callable"},
    ),
    Case(
        weak.keyword_lf,
        lambda: {"name": "kw", "keywords": ["refund"], "label": 0},
        {"keywords": TEXTS_KIND, "label": "index"},
    ),
    Case(
        weak.regex_lf,
        lambda: {"name": "re", "pattern": r"\d+", "label": 1},
        {"label": "index"},
    ),
    Case(
        weak.classifier_lf,
        lambda: {
            "name": "clf",
            "texts": TEXTS,
            "labels": Y_TEXTS,
            "threshold": 0.6,
            "C": 10.0,
        },
        {"texts": "shorter", "labels": "labels", "threshold": "prob", "C": "positive"},
    ),
    Case(
        weak.apply_lfs,
        lambda: {
            "lfs": [weak.keyword_lf("kw", ["refund"], 0)],
            "texts": TEXTS,
            "n_classes": 2,
        },
        {"lfs": TEXTS_KIND, "texts": TEXTS_KIND, "n_classes": "count"},
    ),
    Case(
        weak.lf_summary,
        lambda: {"L": VOTES, "names": ["a", "b", "c"], "n_classes": 3, "y": Y4},
        {"L": "labels", "names": "shorter", "n_classes": "count", "y": "labels"},
    ),
    Case(
        weak.check_texts,
        lambda: {"name": "texts", "texts": TEXTS},
        {"texts": TEXTS_KIND},
    ),
    Case(
        weak.label_accuracy,
        lambda: {"labels": np.array([0, -1, 2, 1]), "y": Y4},
        {"labels": "labels", "y": "labels"},
    ),
    # ------------------------------------------------------ weak experiment
    Case(
        weak_experiment.EndModel,
        lambda: {"coef_": np.ones((2, 3)), "intercept_": np.zeros(3)},
        {"coef_": "array", "intercept_": "shorter"},
    ),
    Case(
        weak_experiment.fit_end_model,
        lambda: {"X": X_SMALL, "proba": PROBA, "C": 1.0, "max_iter": 50, "tol": 1e-4},
        {
            "X": "array",
            "proba": "array",
            "C": "positive",
            "max_iter": "count",
            "tol": "positive",
        },
    ),
    Case(
        weak_experiment.WeakResult,
        lambda: {
            "active": ("a",),
            "coverage": 0.5,
            "mv_accuracy": 0.8,
            "lm_accuracy": 0.9,
            "end_accuracy": 0.7,
        },
        {
            "active": TEXTS_KIND,
            "coverage": "prob",
            "mv_accuracy": "prob",
            "lm_accuracy": "prob",
            "end_accuracy": "prob",
        },
    ),
    Case(
        weak_experiment.WeakExperiment,
        _experiment_args,
        {
            "names": "shorter",
            "L_train": "labels",
            "X_train": "array",
            "X_test": "array",
            "y_train": "labels",
            "y_test": "labels",
            "n_classes": "count",
            "C": "positive",
        },
    ),
    Case(
        weak_experiment.ticket_experiment,
        lambda: {
            "seed": 0,
            "config": tickets.TicketConfig(n_dev=40, n_train=60, n_test=20),
            "C": 1.0,
        },
        {"seed": "index", "C": "positive"},
    ),
    # ----------------------------------------------------------- weak plots
    Case(
        _plot_bars,
        lambda: {"coverage": 0.4, "accuracy": 0.9},
        {"coverage": "prob", "accuracy": "prob"},
        name="helpers.labels.weak_plots.plot_bars",
    ),
    Case(
        weak_plots.plot_lf_summary,
        lambda: {
            "table": pd.DataFrame(
                {"coverage": [0.2, 0.4], "accuracy": [0.9, 0.7]}, index=["a", "b"]
            ),
            "columns": ("coverage", "accuracy"),
        },
        {"table": "frame", "columns": "choice"},
    ),
    Case(
        weak_plots.plot_accuracy_estimates,
        lambda: {
            "true": np.array([0.8, 0.6]),
            "estimates": {"label model": np.array([0.78, 0.65])},
            "names": ["a", "b"],
        },
        {"true": "array", "names": "shorter"},
    ),
    Case(
        _plot_weak_result,
        lambda: {"result": _weak_result(), "dev_only": 0.6, "supervised": 0.9},
        {"result": RECORD, "dev_only": "prob", "supervised": "prob"},
        name="helpers.labels.weak_plots.plot_weak_result",
    ),
    Case(weak_widget.build_lf_widget, lambda: {"seed": 0}, {"seed": "index"}),
    # -------------------------------------------------------------- tickets
    Case(
        tickets.TicketConfig,
        lambda: {
            "n_dev": 8,
            "n_train": 8,
            "n_test": 8,
            "class_weights": (0.25, 0.25, 0.25, 0.25),
            "typo_rate": 0.04,
            "second_topic_rate": 0.3,
            "neutral_rate": 0.5,
            "seed": 0,
        },
        {
            "n_dev": "count",
            "n_train": "count",
            "n_test": "count",
            "class_weights": "array",
            "typo_rate": "prob",
            "second_topic_rate": "prob",
            "neutral_rate": "prob",
            "seed": "index",
        },
    ),
    Case(
        tickets.TicketData,
        lambda: {
            "dev_text": ["a", "b"],
            "y_dev": np.array([0, 3]),
            "train_text": ["c"],
            "test_text": ["d"],
            "config": tickets.TicketConfig(n_dev=2, n_train=1, n_test=1),
            "_truth": {"train": np.array([1]), "test": np.array([2])},
        },
        {"dev_text": "shorter", "y_dev": "labels", "config": RECORD},
    ),
    Case(
        tickets.make_tickets,
        lambda: {"n_dev": 8, "n_train": 8, "n_test": 8, "seed": 0},
        {"n_dev": "count", "n_train": "count", "n_test": "count", "seed": "index"},
    ),
    Case(
        tickets.write_ticket,
        lambda: {
            "label": 2,
            "rng": np.random.default_rng(0),
            "typo_rate": 0.04,
            "second_topic_rate": 0.3,
            "neutral_rate": 0.5,
        },
        {
            "label": "index",
            "rng": RECORD,
            "typo_rate": "prob",
            "second_topic_rate": "prob",
            "neutral_rate": "prob",
        },
    ),
    Case(
        tickets.ticket_lfs,
        lambda: {
            "dev_text": _small_tickets().dev_text,
            "y_dev": _small_tickets().y_dev,
        },
        {"dev_text": "shorter", "y_dev": "labels"},
    ),
    Case(tickets.ticket_vectorizer, lambda: {"texts": TEXTS}, {"texts": TEXTS_KIND}),
    # ------------------------------------------------ lesson 08's exercise answers
    Case(
        solutions_08.conflict_share,
        lambda: {"L": L_LM, "n_classes": 2},
        {"L": "labels", "n_classes": "count"},
    ),
    Case(
        solutions_08.single_vote_posterior,
        lambda: {
            "model": label_model.LabelModel(2).fit(L_LM),
            "lf_index": 1,
            "cls": 0,
        },
        {"model": RECORD, "lf_index": "index", "cls": "index"},
    ),
    Case(
        solutions_08.conflict_gain_letter,
        lambda: {
            "L": L_LM,
            "y": Y_LM,
            "lm_labels": Y_LM,
            "mv_labels": np.array([0, 1, 1, 1, 0, 0, 1]),
            "n_classes": 2,
        },
        {
            "L": "labels",
            "y": "labels",
            "lm_labels": "labels",
            "mv_labels": "shorter",
            "n_classes": "count",
        },
    ),
    Case(
        solutions_08.threshold_label_accuracy,
        lambda: {"data": _small_tickets(), "threshold": 0.6, "n_classes": 4},
        {"data": RECORD, "threshold": "prob", "n_classes": "count"},
    ),
]

EXEMPT = {
    "helpers.labels.guide.learning_settings": "takes no arguments: a fixed table",
    "helpers.labels.guide_plots.plot_learning_settings": (
        "takes only the axes to draw on"
    ),
    "helpers.labels.guide_widget.build_decision_widget": (
        "takes no arguments: the guide's questions are fixed"
    ),
}
