"""Tests of labels.solutions_07: each expected answer against an independent
computation (the formula by hand, a margin loop written out here)."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.core.data import labelled_subset
from helpers.labels import active_loop as L
from helpers.labels import solutions_07 as S


def test_ex1_and_ex2_by_hand():
    assert S.ex1_margin(np.array([0.6, 0.3, 0.1])) == pytest.approx(1 - (0.6 - 0.3))
    assert S.ex1_margin(np.array([0.1, 0.5, 0.4])) == pytest.approx(0.9)
    assert S.ex2_max_entropy(4) == pytest.approx(np.log(4))
    assert S.ex2_max_entropy(2) == pytest.approx(np.log(2))


def test_ex3_hybrid_with_one_candidate_per_slot_is_margin(fitted, digits):
    X = digits.X_pool[fitted["rest"]]
    assert S.ex3_letter(fitted["model"], X, batch_size=10, seed=0) == "a"
    proba = fitted["model"].predict_proba(X)
    top2 = np.sort(proba, axis=1)[:, -2:]
    by_hand = np.argsort(top2[:, 1] - top2[:, 0], kind="stable")[:10]
    from helpers.labels.strategies import hybrid

    picked = hybrid(
        fitted["model"], X, batch_size=10, rng=np.random.default_rng(0), pre_factor=1
    )
    assert set(picked.tolist()) == set(by_hand.tolist())


def test_ex4_matches_a_margin_loop_written_out(digits):
    start = labelled_subset(digits.y_pool, per_class=2, seed=0)
    labeled = list(start)
    model = L.make_model()
    while True:
        model.fit(digits.X_pool[labeled], digits.y_pool[labeled])
        if len(labeled) >= 40:
            break
        rest = np.setdiff1d(np.arange(len(digits.y_pool)), labeled)
        top2 = np.sort(model.predict_proba(digits.X_pool[rest]), axis=1)[:, -2:]
        labeled += list(rest[np.argsort(top2[:, 1] - top2[:, 0], kind="stable")[:5]])
    expected = model.score(digits.X_test, digits.y_test)
    got = S.ex4_accuracy(digits, start, batch_size=5, budget=40)
    assert got == pytest.approx(expected)
    with pytest.raises(TypeError, match="DigitsSplit"):
        S.ex4_accuracy((digits.X_pool, digits.y_pool), start)
