"""Tests of labels.active_bald: BALD by hand, and its identity with consensus KL."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.labels import active_bald as B
from helpers.labels import strategies as S


def test_two_sure_members_that_disagree_by_hand():
    members = np.array([[[0.9, 0.1]], [[0.1, 0.9]]])  # (2 members, 1, 2 classes)
    h = -(0.9 * np.log(0.9) + 0.1 * np.log(0.1))
    total, expected = B.bald_parts(members)
    assert total[0] == pytest.approx(np.log(2))
    assert expected[0] == pytest.approx(h)
    assert B.bald_scores(members)[0] == pytest.approx(np.log(2) - h)


def test_agreeing_members_score_zero_however_unsure():
    same = np.tile(np.array([[0.5, 0.5], [0.2, 0.8]]), (4, 1, 1))  # (4, 2, 2)
    np.testing.assert_allclose(B.bald_scores(same), 0.0, atol=1e-12)


def test_equals_consensus_kl_on_random_committees():
    rng = np.random.default_rng(0)
    members = rng.dirichlet(np.ones(10), size=(5, 200))  # (5, 200, 10)
    np.testing.assert_allclose(
        B.bald_scores(members), S.consensus_kl_scores(members), atol=1e-12
    )
    total, _ = B.bald_parts(members)
    np.testing.assert_allclose(total, S.entropy_scores(members.mean(axis=0)))


def test_on_a_fitted_committee(fitted, digits):
    members = fitted["committee"].member_proba(digits.X_pool[fitted["rest"]])
    scores = B.bald_scores(members)
    assert scores.shape == (len(fitted["rest"]),) and (scores >= 0).all()
    np.testing.assert_allclose(scores, S.consensus_kl_scores(members), atol=1e-10)


def test_refuses_non_probabilities_and_single_members():
    with pytest.raises(ValueError, match="probabilities"):
        B.bald_scores(np.array([[[0.9, 0.3]], [[0.5, 0.5]]]))
    with pytest.raises(ValueError, match="2 members"):
        B.bald_scores(np.array([[[0.5, 0.5]]]))
