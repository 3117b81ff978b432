"""Tests of evaluate.metrics: every metric against scikit-learn on random inputs."""

import numpy as np
import pytest
import sklearn.metrics as skm
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.evaluate import metrics as m

SETTINGS = settings(max_examples=60, deadline=None, derandomize=True)


@st.composite
def label_pairs(draw, max_classes=5):
    n = draw(st.integers(1, 60))
    k = draw(st.integers(2, max_classes))
    y_true = draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n))
    y_pred = draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n))
    return np.array(y_true), np.array(y_pred)


@st.composite
def binary_scores(draw):
    n = draw(st.integers(2, 80))
    y = draw(st.lists(st.integers(0, 1), min_size=n, max_size=n))
    y[0], y[1] = 0, 1  # both classes present
    # coarse scores, so that ties (equal scores) occur often
    s = draw(st.lists(st.integers(0, 20), min_size=n, max_size=n))
    return np.array(y), np.array(s) / 20


@SETTINGS
@given(label_pairs())
def test_confusion_matrix_and_accuracy_match_sklearn(pair):
    y_true, y_pred = pair
    np.testing.assert_array_equal(
        m.confusion_matrix(y_true, y_pred), skm.confusion_matrix(y_true, y_pred)
    )
    assert m.accuracy(y_true, y_pred) == pytest.approx(
        skm.accuracy_score(y_true, y_pred)
    )


@SETTINGS
@given(label_pairs(), st.sampled_from(["macro", "micro", "weighted"]))
def test_averaged_precision_recall_f1_match_sklearn(pair, average):
    y_true, y_pred = pair
    got = m.precision_recall_f1(y_true, y_pred, average=average)
    p, r, f, _ = skm.precision_recall_fscore_support(
        y_true, y_pred, average=average, zero_division=0
    )
    assert (got.precision, got.recall, got.f1) == pytest.approx((p, r, f))


@SETTINGS
@given(label_pairs(max_classes=2), st.sampled_from([0, 1]))
def test_binary_precision_recall_f1_match_sklearn(pair, positive):
    y_true, y_pred = pair
    got = m.precision_recall_f1(y_true, y_pred, positive=positive)
    kw = {"pos_label": positive, "zero_division": 0, "labels": [0, 1]}
    assert got.precision == pytest.approx(skm.precision_score(y_true, y_pred, **kw))
    assert got.recall == pytest.approx(skm.recall_score(y_true, y_pred, **kw))
    assert got.f1 == pytest.approx(skm.f1_score(y_true, y_pred, **kw))


@SETTINGS
@given(binary_scores())
def test_curves_and_areas_match_sklearn(data):
    y, s = data
    roc = m.roc_curve(y, s)
    fpr, tpr, thr = skm.roc_curve(y, s, drop_intermediate=False)
    np.testing.assert_allclose(roc.x, fpr)
    np.testing.assert_allclose(roc.y, tpr)
    np.testing.assert_allclose(roc.thresholds[1:], thr[1:])
    assert m.roc_auc(y, s) == pytest.approx(skm.roc_auc_score(y, s))
    pr = m.pr_curve(y, s)
    precision, recall, thr = skm.precision_recall_curve(y, s)
    # scikit-learn lists increasing thresholds and appends the point (recall 0, 1)
    np.testing.assert_allclose(pr.x, recall[:-1][::-1])
    np.testing.assert_allclose(pr.y, precision[:-1][::-1])
    np.testing.assert_allclose(pr.thresholds, thr[::-1])
    assert m.average_precision(y, s) == pytest.approx(skm.average_precision_score(y, s))
    if len(pr.x) >= 2:  # one distinct score: a single point has no area
        assert m.auc(pr.x, pr.y) == pytest.approx(skm.auc(pr.x, pr.y))


@SETTINGS
@given(st.lists(st.floats(-1e3, 1e3), min_size=1, max_size=40), st.integers(0, 99))
def test_regression_errors_match_sklearn(values, seed):
    y = np.array(values)
    pred = y + np.random.default_rng(seed).normal(0, 10, len(y))
    e = m.regression_errors(y, pred)
    assert e.mse == pytest.approx(skm.mean_squared_error(y, pred))
    assert e.rmse == pytest.approx(np.sqrt(skm.mean_squared_error(y, pred)))
    assert e.mae == pytest.approx(skm.mean_absolute_error(y, pred))


def test_hand_worked_binary_case():
    # TP 2, FP 1, FN 1, TN 1: precision 2/3, recall 2/3
    prf = m.precision_recall_f1([1, 1, 1, 0, 0], [1, 1, 0, 1, 0])
    assert prf.precision == pytest.approx(2 / 3) and prf.recall == pytest.approx(2 / 3)
    np.testing.assert_array_equal(
        m.confusion_matrix([1, 1, 1, 0, 0], [1, 1, 0, 1, 0]), [[1, 1], [1, 2]]
    )


def test_perfect_ranking_has_unit_areas():
    y, s = np.array([0, 0, 1, 1]), np.array([0.1, 0.2, 0.8, 0.9])
    assert m.roc_auc(y, s) == 1.0 and m.average_precision(y, s) == 1.0


def test_clear_errors():
    with pytest.raises(ValueError, match="same length"):
        m.accuracy([0, 1], [0])
    with pytest.raises(ValueError, match="unknown average 'median'"):
        m.precision_recall_f1([0, 1], [0, 1], average="median")
    with pytest.raises(ValueError, match="single class"):
        m.roc_curve([1, 1, 1], [0.2, 0.5, 0.9])
    with pytest.raises(ValueError, match=r"probabilities in \[0, 1\]"):
        m.pr_curve([0, 1], [0.5, 1.7])
    with pytest.raises(ValueError, match="needs two classes"):
        m.precision_recall_f1([0, 1, 2], [0, 1, 2])
    with pytest.raises(ValueError, match="monotonic"):
        m.auc([0, 1, 0.5], [0, 1, 1])
