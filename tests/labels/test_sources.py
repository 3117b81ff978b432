"""Tests of labels.sources: fast probabilities and bagged committees."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.labels import active_loop as L
from helpers.labels import sources as S


def test_fast_probabilities_match_scikit_learn(digits, fitted):
    X = digits.X_pool[fitted["rest"]]
    reference = fitted["model"].predict_proba(X)
    np.testing.assert_allclose(
        S.predict_proba(fitted["model"], X), reference, atol=1e-12
    )
    fast = S.predict_proba(fitted["model"], X.astype(np.float32))
    assert fast.dtype == np.float32
    np.testing.assert_allclose(fast, reference, atol=1e-5)
    members = fitted["committee"].members
    stacked = np.stack([m.predict_proba(X) for m in members])
    np.testing.assert_allclose(S.member_proba(members, X), stacked, atol=1e-12)
    np.testing.assert_allclose(
        S.member_proba(members, X.astype(np.float32)), stacked, atol=1e-5
    )


def test_committee_members_differ_and_know_every_class(digits, fitted):
    members = fitted["committee"].members
    assert all(list(m.classes_) == list(range(10)) for m in members)
    coefs = [m.coef_ for m in members]
    assert not np.allclose(coefs[0], coefs[1])


def test_committee_consensus_is_the_members_mean(digits, fitted):
    X = digits.X_pool[fitted["rest"][:50]]
    committee = fitted["committee"]
    np.testing.assert_allclose(
        committee.predict_proba(X), committee.member_proba(X).mean(axis=0)
    )


def test_committee_warm_start_refits_the_previous_members(digits, fitted):
    start = fitted["start"]
    X, y = digits.X_pool[start], digits.y_pool[start]
    weights = np.ones((5, len(y)))
    again = S.fit_committee(
        L.make_model(), X, y, weights=weights, previous=fitted["committee"]
    )
    assert all(
        a is b for a, b in zip(again.members, fitted["committee"].members, strict=True)
    )


def test_fit_committee_rejects_bad_input(digits):
    X, y = digits.X_pool[:20], digits.y_pool[:20]
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="X must hold at least 1 rows, got 0"):
        S.fit_committee(L.make_model(), X[:0], [], rng=rng)
    with pytest.raises(ValueError, match="X and y must have the same length"):
        S.fit_committee(L.make_model(), X, y[:5], rng=rng)
    with pytest.raises(ValueError, match=r"n_members must be an integer in \[2"):
        S.fit_committee(L.make_model(), X, y, n_members=1, rng=rng)
    with pytest.raises(ValueError, match="pass rng"):
        S.fit_committee(L.make_model(), X, y)
    with pytest.raises(ValueError, match=r"weights must be non-negative with shape"):
        S.fit_committee(L.make_model(), X, y, weights=np.ones((5, 3)))
    with pytest.raises(ValueError, match="previous committee has 5 members"):
        committee = S.fit_committee(L.make_model(), X, y, rng=rng)
        S.fit_committee(L.make_model(), X, y, n_members=3, rng=rng, previous=committee)


def test_sources_refuse_what_is_not_a_classifier():
    X = np.zeros((2, 3))
    with pytest.raises(
        TypeError, match="model must be a classifier with predict_proba"
    ):
        S.predict_proba(None, X)
    with pytest.raises(TypeError, match="members must be a sequence"):
        S.member_proba(3, X)
    with pytest.raises(ValueError, match="members must hold at least one"):
        S.Committee(())
    with pytest.raises(TypeError, match="every member must be a classifier"):
        S.Committee(("not a model",))
    model = L.make_model()
    y = np.array([0, 1])
    with pytest.raises(ValueError, match=r"n_members must be an integer in \[2, 100\]"):
        S.fit_committee(model, X, y, n_members=10**12, rng=np.random.default_rng(0))
    with pytest.raises(TypeError, match="rng must be a numpy Generator"):
        S.fit_committee(model, X, y, n_members=2, rng=3)
    with pytest.raises(ValueError, match="y must hold integer class labels"):
        S.fit_committee(model, X, [0, 0.5], n_members=2, rng=np.random.default_rng(0))
