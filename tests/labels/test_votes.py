"""Tests of labels.votes: the vote-matrix check, counts and the one majority vote."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from scipy import stats

from helpers.labels import crowd, votes, weak
from helpers.labels.votes import ABSTAIN, majority_vote, one_hot_votes, vote_counts

# Worked by hand: 4 classes, 3 voters, -1 = no vote.
HAND = np.array(
    [
        [3, 3, 1],  # 3 wins 2-1
        [2, 0, -1],  # 0 and 2 tie 1-1
        [-1, -1, -1],  # nobody voted
        [1, 0, 0],  # 0 wins 2-1
        [2, -1, -1],  # one vote is a majority
    ]
)


def test_counts_and_one_hot_by_hand():
    np.testing.assert_array_equal(
        vote_counts(HAND, n_classes=4),
        [[0, 1, 0, 2], [1, 0, 1, 0], [0, 0, 0, 0], [2, 1, 0, 0], [0, 0, 1, 0]],
    )
    onehot = one_hot_votes(HAND, n_classes=4)
    assert onehot.shape == (5, 3, 4)
    assert onehot[2].sum() == 0  # no vote is all zeros
    np.testing.assert_array_equal(onehot.sum(axis=1), vote_counts(HAND, n_classes=4))


def test_majority_vote_by_hand_under_each_tie_rule():
    assert majority_vote(HAND, n_classes=4, ties="lowest").tolist() == [3, 0, -1, 0, 2]
    assert majority_vote(HAND, n_classes=4, ties="abstain").tolist() == [
        3,
        -1,
        -1,
        0,
        2,
    ]
    rand = majority_vote(HAND, n_classes=4, ties="random", seed=1)
    assert rand[1] in (0, 2)
    np.testing.assert_array_equal(rand[[0, 2, 3, 4]], [3, -1, 0, 2])


def test_lowest_ties_agree_with_scipy_mode():
    rng = np.random.default_rng(0)
    V = rng.integers(-1, 5, size=(500, 4))
    V[:7] = -1  # a few items nobody labelled
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # scipy warns about the all-NaN rows
        mode = stats.mode(np.where(V == -1, np.nan, V), axis=1, nan_policy="omit")
    expected = np.where(np.isnan(mode.mode), -1, mode.mode).astype(int)
    np.testing.assert_array_equal(
        majority_vote(V, n_classes=5, ties="lowest"), expected
    )


def test_agrees_with_numpy_bincount_when_there_is_no_tie():
    rng = np.random.default_rng(1)
    V = rng.integers(0, 3, size=(400, 5))  # 5 votes, 3 classes
    counts = np.stack([np.bincount(row, minlength=3) for row in V])
    clear = (counts == counts.max(axis=1, keepdims=True)).sum(axis=1) == 1
    for ties in votes.TIES:
        got = majority_vote(V, n_classes=3, ties=ties, seed=3)
        np.testing.assert_array_equal(got[clear], counts[clear].argmax(axis=1))


def test_random_ties_are_split_evenly_and_seeded():
    ties = np.tile([[1, 7]], (2000, 1))
    picks = majority_vote(ties, n_classes=10, seed=0)
    assert set(picks) == {1, 7}
    assert 0.45 < np.mean(picks == 1) < 0.55
    np.testing.assert_array_equal(picks, majority_vote(ties, n_classes=10, seed=0))
    assert not np.array_equal(picks, majority_vote(ties, n_classes=10, seed=1))


def test_another_abstain_marker():
    V = np.where(HAND == -1, 9, HAND)
    got = majority_vote(V, n_classes=4, abstain=9, ties="abstain")
    assert got.tolist() == [3, 9, 9, 0, 2]


def test_crowd_and_weak_use_this_very_function():
    assert crowd.majority_vote is votes.majority_vote
    assert weak.majority_vote is votes.majority_vote
    assert weak.ABSTAIN == ABSTAIN == -1


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (
            lambda: majority_vote(np.array([[0, 3]]), n_classes=3),
            ValueError,
            r"\[0, 2\]",
        ),
        (lambda: majority_vote(np.array([[0, -2]]), n_classes=3), ValueError, "or -1"),
        (
            lambda: majority_vote(np.zeros((0, 3), int), n_classes=3),
            ValueError,
            "empty",
        ),
        (lambda: majority_vote(np.array([0, 1]), n_classes=3), ValueError, "2-D"),
        (lambda: majority_vote(np.array([[0.0]]), n_classes=3), ValueError, "integers"),
        (lambda: majority_vote(HAND, n_classes=4, ties="first"), ValueError, "ties"),
        (lambda: majority_vote(HAND, n_classes=1), ValueError, "n_classes"),
        (lambda: majority_vote(HAND, n_classes=4.0), TypeError, "n_classes"),
        (lambda: majority_vote(HAND, n_classes=4, abstain=2), ValueError, "abstain"),
        (lambda: majority_vote(HAND, n_classes=4, seed=-1), ValueError, "seed"),
    ],
)
def test_bad_input_is_named(call, error, match):
    with pytest.raises(error, match=match):
        call()


# ------------------------------------------------------------------- bad input


def test_nan_votes_and_huge_class_counts_are_refused():
    v = np.array([[0.0, np.nan], [1.0, 1.0]])
    with pytest.raises(ValueError, match="votes must be integers"):
        majority_vote(v, n_classes=2)
    with pytest.raises(ValueError, match=r"n_classes must be an integer in \[2, 100\]"):
        vote_counts(np.array([[0, 1]]), n_classes=10**12)
    with pytest.raises(ValueError, match="2-D"):
        one_hot_votes(np.array([0, 1]), n_classes=2)
    with pytest.raises(TypeError, match="name must be a string"):
        votes.check_votes(None, np.array([[0, 1]]), n_classes=2)
