"""Tests of labels.weak_experiment: the end model and the experiment."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from helpers.labels.tickets import TicketConfig
from helpers.labels.votes import ABSTAIN, majority_vote
from helpers.labels.weak_experiment import fit_end_model, ticket_experiment

# -------------------------------------------------------------------- end model


def _toy(seed=0, n=300, d=6, k=3):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = (X @ rng.normal(size=(d, k)) + rng.gumbel(size=(n, k))).argmax(axis=1)
    return X, y


def test_end_model_on_hard_labels_is_sklearns_logistic_regression():
    X, y = _toy()
    ours = fit_end_model(X, np.eye(3)[y], C=0.5, tol=1e-9)
    ref = LogisticRegression(C=0.5, tol=1e-10, max_iter=10_000).fit(X, y)
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), atol=1e-4)
    assert ours.score(X, y) == pytest.approx(ref.score(X, y))


def test_end_model_on_soft_labels_is_weighted_logistic_regression():
    X, y = _toy(seed=1)
    rng = np.random.default_rng(2)
    soft = rng.dirichlet(np.ones(3), size=len(X)) * 0.5 + np.eye(3)[y] * 0.5
    ours = fit_end_model(X, soft, C=1.0, tol=1e-9)
    rows = np.repeat(np.arange(len(X)), 3)
    classes = np.tile(np.arange(3), len(X))
    ref = LogisticRegression(C=1.0, tol=1e-10, max_iter=10_000).fit(
        X[rows], classes, sample_weight=soft[rows, classes]
    )
    np.testing.assert_allclose(ours.coef_, ref.coef_.T, atol=1e-3)


def test_end_model_bad_input():
    X, y = _toy()
    with pytest.raises(ValueError, match="proba must hold probabilities"):
        fit_end_model(X, np.eye(3)[y] * 2)
    with pytest.raises(ValueError, match="sum to 1"):
        fit_end_model(X, np.eye(3)[y] * 0.5)
    with pytest.raises(ValueError, match="shape"):
        fit_end_model(X, np.eye(3)[y][:10])
    with pytest.raises(ValueError, match=r"C must be in \(0, inf\)"):
        fit_end_model(X, np.eye(3)[y], C=0)
    with pytest.raises(TypeError, match="max_iter"):
        fit_end_model(X, np.eye(3)[y], max_iter=1.5)
    with pytest.raises(ValueError, match="X must be 2-D"):
        fit_end_model(X[:, 0], np.eye(3)[y])


def test_warm_start_reaches_the_same_model():
    X, y = _toy(seed=3)
    cold = fit_end_model(X, np.eye(3)[y], tol=1e-9)
    warm = fit_end_model(X, np.eye(3)[y], tol=1e-9, init=cold)
    np.testing.assert_allclose(warm.coef_, cold.coef_, atol=1e-4)


# -------------------------------------------------------------------- experiment


@pytest.fixture(scope="module")
def experiment():
    exp = ticket_experiment(seed=0)
    exp.warm_up()
    return exp


def test_experiment_holds_ten_functions_and_ordered_baselines(experiment):
    assert len(experiment.names) == 10
    assert experiment.L_train.shape == (3000, 10)
    assert experiment.X_train.shape[0] == 3000 and experiment.X_test.shape[0] == 1000
    assert experiment.baselines["supervised"] > experiment.baselines["dev only"] > 0.4


def test_result_matches_a_direct_computation(experiment):
    active = ["kw_refund", "kw_crash", "kw_password", "kw_tracking"]
    result = experiment.run(active)
    cols = [experiment.names.index(n) for n in active]
    L = experiment.L_train[:, cols]
    covered = (L != ABSTAIN).any(axis=1)
    assert result.coverage == pytest.approx(covered.mean())
    mv = majority_vote(L, n_classes=4)
    y = experiment.y_train
    assert result.mv_accuracy == pytest.approx((mv[covered] == y[covered]).mean())
    assert result.active == tuple(active)
    assert 0.25 < result.end_accuracy <= 1


def test_sloppy_rule_hurts_majority_vote_more_than_the_label_model(experiment):
    base = [n for n in experiment.names if n != "kw_email"]
    before, after = experiment.run(base), experiment.run([*base, "kw_email"])
    assert after.mv_accuracy - before.mv_accuracy < after.lm_accuracy - (
        before.lm_accuracy
    )


def test_run_validates_and_remembers(experiment):
    with pytest.raises(ValueError, match="unknown labeling functions"):
        experiment.run(["kw_nope"])
    with pytest.raises(ValueError, match="at least one"):
        experiment.run([])
    first = experiment.run(["kw_refund", "kw_crash"])
    assert experiment.run(["kw_crash", "kw_refund"]) is first
    assert first.coverage < experiment.run(experiment.names).coverage


def test_small_experiment_baselines_are_ordered():
    small = TicketConfig(n_dev=40, n_train=800, n_test=400)
    exp = ticket_experiment(seed=0, config=small)
    assert exp.L_train.shape == (800, len(exp.names))
    assert exp.baselines["supervised"] > exp.baselines["dev only"] > 0.4


# ------------------------------------------------------------------- bad input


def test_features_and_end_models_are_checked():
    import scipy.sparse as sp

    from helpers.labels.weak_experiment import EndModel

    X, y = _toy(n=20)
    with pytest.raises(ValueError, match="X must hold finite numbers"):
        fit_end_model(np.where(X > 1, np.nan, X), np.eye(3)[y])
    bad = sp.csr_matrix(X)
    bad.data[0] = np.inf
    with pytest.raises(ValueError, match="X must hold finite numbers"):
        fit_end_model(bad, np.eye(3)[y])
    with pytest.raises(
        ValueError, match=r"max_iter must be an integer in \[1, 10000\]"
    ):
        fit_end_model(X, np.eye(3)[y], max_iter=10**12)
    with pytest.raises(TypeError, match="init must be an EndModel"):
        fit_end_model(X, np.eye(3)[y], init="warm")
    with pytest.raises(ValueError, match="intercept_ must have one entry per class"):
        EndModel(np.ones((6, 3)), np.zeros(2))
    model = fit_end_model(X, np.eye(3)[y])
    with pytest.raises(ValueError, match="X must have 6 features, got 5"):
        model.predict(X[:, :5])
    with pytest.raises(ValueError, match="same length"):
        model.score(X, y[:-1])


def test_experiment_parts_must_fit_together():
    from helpers.labels.weak_experiment import WeakExperiment, WeakResult

    args = {
        "names": ["a", "b"],
        "L_train": np.array([[0, -1], [1, 1], [-1, 0]]),
        "X_train": np.eye(3),
        "X_test": np.eye(3)[:2],
        "y_train": np.array([0, 1, 0]),
        "y_test": np.array([0, 1]),
        "n_classes": 2,
    }
    assert WeakExperiment(**args).run(["a"]).coverage == pytest.approx(2 / 3)
    for bad, match in [
        ({"names": ["a"]}, "2 columns for 1 names"),
        ({"names": ["a", "a"]}, "names must be unique"),
        ({"y_train": np.array([0, 1])}, "X_train and y_train must have the same"),
        ({"X_test": np.eye(2)}, "X_test must have the 3 features"),
        ({"C": 0.0}, r"C must be in \(0, inf\)"),
    ]:
        with pytest.raises(ValueError, match=match):
            WeakExperiment(**(args | bad))
    with pytest.raises(ValueError, match=r"coverage must be in \[0, 1\]"):
        WeakResult(("a",), 1.5, 0.8, 0.8, 0.8)
    with pytest.raises(ValueError, match=r"C must be in \(0, inf\)"):
        ticket_experiment(C=0.0)  # refused before any ticket is written
