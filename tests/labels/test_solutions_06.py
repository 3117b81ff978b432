"""Tests of labels.solutions_06: each expected answer against an independent
computation (scikit-learn's SelfTrainingClassifier, a loop written out here, or
hand-made grid cells)."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.semi_supervised import SelfTrainingClassifier

from helpers.core.data import load_digits_split
from helpers.labels import selftraining as st
from helpers.labels import selftraining_grid as stg
from helpers.labels import solutions_06 as S


@pytest.fixture(scope="module")
def small():
    """A quarter of the digits pool, 3 labels per digit: fast and still a real run."""
    d = load_digits_split()
    X, y_true = d.X_pool[:400], d.y_pool[:400]
    return X, st.partial_labels(y_true, per_class=3, seed=0), y_true


def test_ex2_counts_the_wrong_labels_scikit_learn_adds(small):
    X, y, y_true = small
    sk = SelfTrainingClassifier(
        LogisticRegression(C=10, max_iter=2000), threshold=0.7, max_iter=3
    ).fit(X, y)
    added = sk.labeled_iter_ > 0
    expected = int(np.sum(sk.transduction_[added] != y_true[added]))
    assert S.ex2_loop_wrong(X, y, y_true, threshold=0.7, rounds=3) == expected


def test_ex1_matches_a_balanced_knn_loop_written_out(small):
    X, y, y_true = small
    labels, n_pseudo, n_wrong = y.copy(), 0, 0
    for _ in range(12):
        has = labels >= 0
        pool = np.flatnonzero(~has)
        if pool.size == 0:
            break
        model = KNeighborsClassifier(3, weights="distance").fit(X[has], labels[has])
        proba = model.predict_proba(X[pool])
        conf, pred = proba.max(axis=1), model.classes_[proba.argmax(axis=1)]
        take = []
        for c in model.classes_:  # top 10 per predicted class, above 0.5
            rows = np.flatnonzero((pred == c) & (conf > 0.5))
            take.extend(rows[np.argsort(-conf[rows], kind="stable")][:10])
        if not take:
            break
        take = np.array(take)
        labels[pool[take]] = pred[take]
        n_pseudo += take.size
        n_wrong += int(np.sum(pred[take] != y_true[pool[take]]))
    assert S.ex1_wrong_share(X, y, y_true) == pytest.approx(n_wrong / n_pseudo)
    assert 0 < n_wrong / n_pseudo < 0.5


def _cell(counts, wrong):
    counts = np.asarray(counts)  # (seeds, rounds, classes)
    return stg.GridCell(
        model="3-NN",
        threshold=0.99,
        mode="class-balanced",
        added=counts.sum(axis=2),
        wrong=np.asarray(wrong),
        class_counts=counts,
        accuracy=np.full((counts.shape[0], counts.shape[1] + 1), 0.8),
        n_fits=np.full(counts.shape[0], 2),
        seconds=np.full(counts.shape[0], 0.1),
    )


def test_ex3_letter_follows_the_measured_cells():
    few = _cell([[[3, 0, 0]], [[2, 1, 0]]], [[0], [0]])  # digit 2 never clears it
    assert S.ex3_letter(few, few) == "b"
    full = _cell([[[3, 3, 3]], [[3, 3, 3]]], [[0], [1]])  # every digit, 3 each
    assert S.ex3_letter(full, full) == "a"
    noisy = _cell([[[3, 3, 3]], [[3, 3, 3]]], [[8], [9]])
    assert S.ex3_letter(noisy, noisy) == "c"
    with pytest.raises(TypeError, match="GridCell"):
        S.ex3_letter(None, few)


def test_ex2_refuses_bad_rounds(small):
    X, y, y_true = small
    with pytest.raises(ValueError, match="rounds"):
        S.ex2_loop_wrong(X, y, y_true, rounds=0)
    with pytest.raises(TypeError, match="rounds"):
        S.ex2_loop_wrong(X, y, y_true, rounds=2.5)
