"""Tests of labels.active_loop: the loop, committees and the curve summaries."""

from __future__ import annotations

import functools

import numpy as np
import pytest

from helpers.core.data import labelled_subset
from helpers.labels import active_loop as L
from helpers.labels import strategies as A
from helpers.labels.curves import LabelCurve, labels_to_reach

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
    start = labelled_subset(digits.y_pool, per_class=1, seed=0)

    def loop(**kw):
        args = {
            "X_pool": digits.X_pool,
            "y_pool": digits.y_pool,
            "X_test": digits.X_test,
            "y_test": digits.y_test,
            "strategy": "margin",
            "start": start,
            "batch_size": 5,
            "budget": 20,
            "seed": 0,
        }
        return L.run_active_learning(**{**args, **kw})

    with pytest.raises(ValueError, match="start must hold at least 1 rows, got 0"):
        loop(start=np.array([], dtype=int))
    with pytest.raises(ValueError, match="start indices must be distinct"):
        loop(start=np.array([0, 0, 1]))
    with pytest.raises(ValueError, match="start indices must be in"):
        loop(start=np.array([0, len(digits.y_pool)]))
    with pytest.raises(TypeError, match="start must hold integer pool indices"):
        loop(start=start.astype(float))
    with pytest.raises(ValueError, match=r"budget must be an integer in \[10, "):
        loop(budget=5)
    with pytest.raises(ValueError, match="unknown strategy"):
        loop(strategy="nope")
    with pytest.raises(ValueError, match="X_pool and y_pool must have the same length"):
        loop(X_pool=digits.X_pool[:-1])
    with pytest.raises(ValueError, match="X_test and y_test must have the same length"):
        loop(y_test=digits.y_test[:3])
    with pytest.raises(ValueError, match=r"batch_size must be an integer in \[1, "):
        loop(batch_size=0)
    with pytest.raises(ValueError, match="seed must be an integer in"):
        loop(seed=-1)
    with pytest.raises(ValueError, match="y_pool must hold integer class labels"):
        loop(y_pool=digits.y_pool + 0.5)
    with pytest.raises(ValueError, match=r"C must be in \(0, inf\)"):
        loop(C=0.0)


def test_labels_to_reach_table_on_a_worked_case():
    curves = L.Curves(
        n_labels=np.array([10, 20, 30, 40]),
        accuracy={
            "a": np.array([[0.8, 0.91, 0.96, 0.97], [0.7, 0.89, 0.94, 0.95]]),
            "random": np.array([[0.8, 0.85, 0.88, 0.90], [0.8, 0.84, 0.86, 0.89]]),
        },
    )
    table = L.labels_to_reach_table(curves)
    # medians: a = .75 .90 .95 .96 -> 90 % at 20, 95 % at 30; random never reaches.
    assert table.loc["a", "90 %"] == 20 and table.loc["a", "95 %"] == 30
    assert np.isnan(table.loc["random", "90 %"])
    np.testing.assert_allclose(
        L.gain_over_random(curves, "a"), [-0.05, 0.055, 0.08, 0.065]
    )
    with pytest.raises(ValueError, match=r"threshold must be in \[0, 1\], got 1.5"):
        L.labels_to_reach_table(curves, thresholds=(1.5,))
    # one strategy's curve is the shared LabelCurve, read by curves.labels_to_reach
    curve = curves.curve("a")
    assert isinstance(curve, LabelCurve)
    assert labels_to_reach(curve, 0.9) == table.loc["a", "90 %"]
    np.testing.assert_allclose(curves.median("a"), [0.75, 0.9, 0.95, 0.96])
    with pytest.raises(ValueError, match="no curves for 'b'"):
        curves.curve("b")
    with pytest.raises(ValueError, match="'random' baseline"):
        L.gain_over_random(L.Curves(curves.n_labels, {"a": curves.accuracy["a"]}), "a")


def test_cost_table_reads_the_grid():
    curves = L.Curves(
        n_labels=np.array([20, 30, 40, 60]),
        accuracy={
            "margin": np.array([[0.8, 0.9, 0.92, 0.95]]),
            "random": np.array([[0.8, 0.85, 0.88, 0.90]]),
        },
        seconds={"margin": 0.5},
    )
    table = L.cost_table({(2, 10): curves}, names=("margin",), early=20)
    row = table.loc[(20, 10, "margin")]
    assert row["labels to 90 %"] == 30 and row["random to 90 %"] == 60
    # first 20 labels bought: points 30 and 40, gains 5 and 4 points
    assert row["gain, first 20 labels (points)"] == pytest.approx(4.5)
    assert row["gain, whole budget (points)"] == pytest.approx(14 / 3)
    assert row["compute per run (s)"] == 0.5


def test_make_model():
    model = L.make_model(C=2.0)
    assert model.C == 2.0 and model.warm_start
    with pytest.raises(ValueError, match=r"tol must be in \(0, inf\)"):
        L.make_model(tol=0.0)


def test_results_and_curves_check_their_fields():
    args = {
        "strategy": "margin",
        "n_labels": np.array([4, 6]),
        "accuracy": np.array([0.5, 0.75]),
        "labeled": np.arange(6),
        "train_seconds": 0.1,
        "query_seconds": 0.1,
    }
    assert L.LoopResult(**args).strategy == "margin"
    with pytest.raises(ValueError, match="n_labels and accuracy must have the same"):
        L.LoopResult(**{**args, "accuracy": np.array([0.5])})
    with pytest.raises(ValueError, match="train_seconds must be a finite number"):
        L.LoopResult(**{**args, "train_seconds": np.nan})
    acc = {"random": np.array([[0.5, 0.6]])}
    with pytest.raises(ValueError, match="n_labels must increase"):
        L.Curves(np.array([4, 4]), acc)
    with pytest.raises(ValueError, match=r"must have shape \(n_seeds, 3\)"):
        L.Curves(np.array([4, 6, 8]), acc)
    with pytest.raises(TypeError, match="accuracy must map strategy names"):
        L.Curves(np.array([4, 6]), None)
    curves = L.Curves(np.array([4, 6]), {**acc, "margin": np.array([[0.5, 0.7]])})
    with pytest.raises(ValueError, match=r"early must be an integer in \[1, 2\]"):
        L.cost_table({(1, 2): curves}, names=["margin"], early=10**12)
    with pytest.raises(ValueError, match="unknown strategy 'entropy'"):
        L.gain_over_random(curves, "entropy")


def test_a_strategy_passed_as_a_function_keeps_its_name(digits):
    r = _loop(digits, A.qbc_vote_entropy, budget=15, batch=5)
    assert r.strategy == "qbc_vote_entropy" and len(r.labeled) == 15
