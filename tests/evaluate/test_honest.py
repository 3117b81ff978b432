"""Tests of evaluate.honest: the kNN shortcut and the optimism bookkeeping."""

import numpy as np
from sklearn.datasets import load_digits
from sklearn.neighbors import KNeighborsClassifier

from helpers.evaluate import honest as H


def test_one_search_predicts_like_sklearn_for_every_candidate():
    X, y = load_digits(return_X_y=True)
    X = X / 16.0
    pred = H.knn_predictions(X[:300], y[:300], X[300:700])
    for j, (k, w) in list(enumerate(H.CANDIDATES))[::7]:
        ref = KNeighborsClassifier(k, weights=w).fit(X[:300], y[:300])
        # equal distances may be ordered differently: allow 1 % disagreement
        assert np.mean(ref.predict(X[300:700]) == pred[j]) >= 0.99


def test_outcomes_pick_by_the_rule():
    scores = np.zeros((1, 3, 3))
    scores[0, :, 0] = [0.9, 0.8, 0.7]  # validation prefers candidate 0
    scores[0, :, 1] = [0.8, 0.95, 0.85]  # test prefers candidate 1
    scores[0, :, 2] = [0.85, 0.80, 0.90]  # fresh
    out = H.TuningRuns((0,), scores, 100).outcomes().set_index("rule")
    assert out.loc["tuned on test", "optimism"] == 0.95 - 0.80
    assert out.loc["tuned on validation", "reported (test)"] == 0.8


def test_tuning_optimism_shapes():
    runs = H.tuning_optimism([0, 1], test_size=50)
    assert runs.scores.shape == (2, len(H.CANDIDATES), 3)
    assert list(runs.summary().index) == ["tuned on test", "tuned on validation"]
