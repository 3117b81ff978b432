"""Tests of labels.active_loop: the loop, committees and the curve summaries."""

from __future__ import annotations

import functools

import numpy as np
import pytest

from helpers.core.data import labelled_subset, load_digits_split
from helpers.labels import active_loop as L
from helpers.labels import strategies as A


@pytest.fixture(scope="module")
def digits():
    return load_digits_split()


# ------------------------------------------------------------------------ loop


def _loop(digits, strategy="margin", budget=42, batch=5, seed=0):
    start = labelled_subset(digits.y_pool, per_class=1, seed=seed)
    return L.run_active_learning(
        digits.X_pool,
        digits.y_pool,
        digits.X_test,
        digits.y_test,
        strategy=strategy,
        start=start,
        batch_size=batch,
        budget=budget,
        seed=seed,
    )


@pytest.mark.parametrize("strategy", ["random", "margin", "qbc_vote_entropy", "hybrid"])
def test_loop_invariants(digits, strategy):
    r = _loop(digits, strategy)
    start = labelled_subset(digits.y_pool, per_class=1, seed=0)
    np.testing.assert_array_equal(r.n_labels, [10, 15, 20, 25, 30, 35, 40, 42])
    assert len(r.labeled) == 42 and len(np.unique(r.labeled)) == 42
    np.testing.assert_array_equal(r.labeled[:10], start)  # start set first
    assert r.accuracy.shape == r.n_labels.shape
    assert ((0 <= r.accuracy) & (r.accuracy <= 1)).all()
    again = _loop(digits, strategy)
    np.testing.assert_array_equal(r.labeled, again.labeled)  # reproducible


def test_loop_learns_and_margin_beats_random_early(digits):
    margin = [_loop(digits, "margin", budget=80, batch=10, seed=s) for s in range(3)]
    rand = [_loop(digits, "random", budget=80, batch=10, seed=s) for s in range(3)]
    m = np.median([r.accuracy for r in margin], axis=0)
    r = np.median([r.accuracy for r in rand], axis=0)
    assert m[-1] > m[0] + 0.1
    assert m[-1] > r[-1]


def test_loop_accepts_a_custom_strategy(digits):
    # pre_factor=1 leaves nothing to cluster: the hybrid is margin sampling.
    hybrid_1 = functools.partial(A.hybrid, pre_factor=1)
    r = _loop(digits, hybrid_1)
    np.testing.assert_array_equal(r.labeled, _loop(digits, "margin").labeled)
    assert r.strategy == "custom"


def test_loop_rejects_bad_input(digits):
    with pytest.raises(ValueError, match="start set is empty"):
        L.run_active_learning(
            digits.X_pool,
            digits.y_pool,
            digits.X_test,
            digits.y_test,
            strategy="margin",
            start=np.array([], dtype=int),
            batch_size=5,
            budget=20,
            seed=0,
        )
    with pytest.raises(ValueError, match="budget"):
        _loop(digits, budget=5)
    with pytest.raises(ValueError, match="unknown strategy"):
        _loop(digits, strategy="nope")


def test_labels_to_reach_on_a_worked_case():
    curves = L.Curves(
        n_labels=np.array([10, 20, 30, 40]),
        accuracy={
            "a": np.array([[0.8, 0.91, 0.96, 0.97], [0.7, 0.89, 0.94, 0.95]]),
            "random": np.array([[0.8, 0.85, 0.88, 0.90], [0.8, 0.84, 0.86, 0.89]]),
        },
    )
    table = L.labels_to_reach(curves)
    # medians: a = .75 .90 .95 .96 -> 90 % at 20, 95 % at 30; random never reaches.
    assert table.loc["a", "90 %"] == 20 and table.loc["a", "95 %"] == 30
    assert np.isnan(table.loc["random", "90 %"])
    np.testing.assert_allclose(
        L.gain_over_random(curves, "a"), [-0.05, 0.055, 0.08, 0.065]
    )
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        L.labels_to_reach(curves, thresholds=(1.5,))
