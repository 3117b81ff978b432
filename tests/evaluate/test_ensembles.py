"""Tests of evaluate.ensembles: cross-validation against scikit-learn, paths."""

import numpy as np
import pytest
from sklearn.datasets import load_diabetes
from sklearn.linear_model import Lasso
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.preprocessing import StandardScaler

from helpers.evaluate import ensembles as E

X = np.random.default_rng(0).normal(size=(90, 4))
Y = (X[:, 0] + X[:, 1] > 0).astype(int)


def test_cross_validation_matches_sklearn():
    cv = E.cross_validate_models(X, Y, ["tree", "knn"], n_folds=3)
    folds = StratifiedKFold(3, shuffle=True, random_state=0)
    for name in ("tree", "knn"):
        ref = cross_val_score(E.make_model(name), X, Y, cv=folds)
        np.testing.assert_allclose(cv.accuracy[cv.models.index(name)], ref)
    table = cv.table()
    assert table.loc["knn", "sd"] == pytest.approx(np.std(cv.accuracy[1], ddof=1))
    np.testing.assert_allclose(
        cv.paired_difference("tree", "knn"), cv.accuracy[0] - cv.accuracy[1]
    )
    assert (cv.fit_seconds > 0).all()


def test_ensembles_are_built_from_the_singles():
    assert len(E.make_model("voting").estimators) == 3
    assert E.make_model("bagging", n_estimators=7).n_estimators == 7
    assert E.make_model("boosting").estimator.max_depth == 3


def test_regularisation_paths():
    alphas = np.array([0.1, 10.0, 100.0])
    paths = E.regularisation_paths(alphas)
    data = load_diabetes()
    Xs = StandardScaler().fit_transform(data.data)
    ref = Lasso(alpha=10.0, max_iter=10_000).fit(Xs, data.target - data.target.mean())
    np.testing.assert_allclose(paths.l1[1], ref.coef_, atol=1e-6)
    assert paths.nonzero("l1")[-1] < paths.nonzero("l1")[0]  # L1 zeroes weights
    assert (paths.nonzero("l2") == 10).all()  # L2 only shrinks them
    assert np.abs(paths.l2[-1]).sum() < np.abs(paths.l2[0]).sum()
