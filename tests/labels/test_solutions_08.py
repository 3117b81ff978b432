"""Tests of labels.solutions_08: lesson 08's expected answers, computed another way."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.labels import solutions_08 as sol
from helpers.labels import tickets, weak
from helpers.labels.label_model import LabelModel
from helpers.labels.votes import ABSTAIN

L_SMALL = np.array(
    [
        [0, 0, -1],  # agree
        [0, 1, -1],  # conflict
        [-1, -1, -1],  # no vote: not counted
        [2, -1, 2],  # agree
        [1, 2, 0],  # conflict
    ]
)


def test_conflict_share_by_hand_and_with_pandas():
    assert sol.conflict_share(L_SMALL, n_classes=3) == pytest.approx(2 / 4)
    rng = np.random.default_rng(1)
    L = rng.integers(-1, 3, size=(300, 5))
    frame = pd.DataFrame(L).replace(ABSTAIN, np.nan)
    n_distinct = frame.nunique(axis=1)  # NaN (abstain) is not a class
    expected = (n_distinct[n_distinct > 0] >= 2).mean()
    assert sol.conflict_share(L, n_classes=3) == pytest.approx(expected)
    with pytest.raises(ValueError, match="no function votes"):
        sol.conflict_share(np.full((3, 2), ABSTAIN), n_classes=3)


def test_single_vote_posterior_is_the_formula_worked_by_hand():
    rng = np.random.default_rng(0)
    L = rng.integers(-1, 3, size=(400, 3))
    model = LabelModel(3).fit(L)
    j, c = 1, 2
    p = model.polarity_.sum(axis=1)  # (m,) all three functions vote every class
    log_abstain = np.log(1 - model.hit_ - (p - 1) * model.false_)  # y in polarity
    logits = np.log(model.prior_).copy()
    for k in range(3):
        logits[k] += np.log(model.hit_[j] if k == c else model.false_[j])
        logits[k] += sum(log_abstain[i] for i in range(3) if i != j)
    expected = np.exp(logits[c]) / np.exp(logits).sum()
    assert sol.single_vote_posterior(model, lf_index=j, cls=c) == pytest.approx(
        expected
    )
    with pytest.raises(TypeError, match="fitted LabelModel"):
        sol.single_vote_posterior(LabelModel(3), lf_index=0, cls=0)
    with pytest.raises(ValueError, match="lf_index must be"):
        sol.single_vote_posterior(model, lf_index=3, cls=0)


def test_conflict_gain_letter_reads_the_two_gains():
    y = np.array([0, 0, 0, 2, 1])
    right, wrong = np.array([0, 0, -1, 2, 1]), np.array([0, 1, -1, 2, 2])
    # the label model fixes the conflicting items, majority vote gets them wrong
    assert sol.conflict_gain_letter(L_SMALL, y, right, wrong, n_classes=3) == "a"
    # the other way round: majority vote wins on the conflicts
    assert sol.conflict_gain_letter(L_SMALL, y, wrong, right, n_classes=3) == "b"
    assert sol.conflict_gain_letter(L_SMALL, y, right, right, n_classes=3) == "c"
    calm_only = L_SMALL[[0, 3]]
    with pytest.raises(ValueError, match="both with and without"):
        sol.conflict_gain_letter(calm_only, y[:2], y[:2], y[:2], n_classes=3)


def test_threshold_label_accuracy_matches_the_lesson_pipeline():
    data = tickets.make_tickets(n_dev=60, n_train=400, n_test=10, seed=2)
    lfs = tickets.ticket_lfs(data.dev_text, data.y_dev)  # clf_dev at 0.6
    L = weak.apply_lfs(lfs, data.train_text, n_classes=4)
    labels = LabelModel(4).fit(L).predict(L)
    acc, _ = weak.label_accuracy(labels, data.truth("train"))
    assert sol.threshold_label_accuracy(data, threshold=0.6) == pytest.approx(acc)
    strict = sol.threshold_label_accuracy(data, threshold=0.99)
    assert 0.25 < strict <= 1 and strict != pytest.approx(acc)
