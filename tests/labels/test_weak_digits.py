"""Tests of labels.weak_digits: weak digit classifiers as labeling functions."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from helpers.core.data import labelled_subset, load_digits_split
from helpers.labels import weak_digits as wd
from helpers.labels.crowd import dawid_skene
from helpers.labels.label_model import LabelModel


@pytest.fixture(scope="module")
def varied():
    return wd.digits_label_matrix(seed=0, n_lfs=6)


def test_each_column_is_its_classifier_thresholded(varied):
    L, y = varied
    d = load_digits_split()
    assert L.shape == (len(d.y_pool), 6) and np.array_equal(y, d.y_pool)
    # column 0, rebuilt by hand with the documented recipe
    rng = np.random.default_rng(0)
    pixels = rng.choice(64, 6, replace=False)  # the first function sees 6 pixels
    dev = labelled_subset(d.y_pool, per_class=3, seed=0)
    clf = LogisticRegression(C=10.0, max_iter=500, tol=1e-2)
    proba = clf.fit(d.X_pool[dev][:, pixels], d.y_pool[dev]).predict_proba(
        d.X_pool[:, pixels]
    )
    expected = np.where(proba.max(axis=1) >= 0.4, proba.argmax(axis=1), -1)
    assert np.array_equal(L[:, 0], expected)


def test_functions_are_weak_and_vote_many_classes(varied):
    L, y = varied
    voted = L != -1
    assert 0.3 < voted.mean() < 0.95
    for j in range(L.shape[1]):
        assert len(np.unique(L[voted[:, j], j])) >= 5  # many classes, not one
        accuracy = (L[voted[:, j], j] == y[voted[:, j]]).mean()
        assert 0.3 < accuracy < 0.97
    alike, _ = wd.digits_label_matrix(seed=0, varied=False, n_lfs=6)
    assert not np.array_equal(alike, L)


def test_aggregator_accuracy_matches_a_direct_computation(varied):
    L, y = varied
    got = wd.aggregator_accuracy(L, y, n_classes=10, seed=0)
    assert list(got) == list(wd.AGGREGATORS)
    covered = (L != -1).any(axis=1)
    lm = LabelModel(10).fit(L).predict_proba(L).argmax(axis=1)
    ds = dawid_skene(L, n_classes=10).labels
    assert got["label model"] == pytest.approx((lm == y)[covered].mean())
    assert got["Dawid-Skene"] == pytest.approx((ds == y)[covered].mean())
    assert 0.5 < got["majority vote"] < 1


def test_bad_input():
    with pytest.raises(TypeError, match="varied must be True or False"):
        wd.digits_label_matrix(varied="yes")
    with pytest.raises(ValueError, match="no labeling function votes"):
        wd.aggregator_accuracy(np.full((3, 2), -1), np.zeros(3, int), n_classes=2)
