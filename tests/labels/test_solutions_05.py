"""Tests of labels.solutions_05: each expected answer against an independent
computation (Bayes' rule by hand, ties counted another way, the budget table)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.labels import crowd
from helpers.labels import solutions_05 as S

Y = np.arange(10).repeat(40)  # 400 items, 40 per class


def test_ex1_counts_ties_like_a_sorted_count():
    acc = (0.55, 0.65, 0.75, 0.85, 0.9)
    votes = crowd.simulate_votes(
        Y, crowd.annotator_confusions(acc, n_classes=10, style="uniform"), seed=3
    )
    ties = 0
    for row in votes:
        top2 = np.sort(np.bincount(row, minlength=10))[-2:]
        ties += int(top2[0] == top2[1])
    assert S.ex1_ties(Y, acc, style="uniform", seed=3) == ties


def test_ex2_is_bayes_rule_by_hand():
    num = 0.5 * 0.9 * 0.4  # z = 0: A right, B wrong
    den = num + 0.5 * 0.1 * 0.6  # z = 1: A wrong, B right
    assert S.ex2_posterior(0.9, 0.6) == pytest.approx(num / den)
    assert S.ex2_posterior(0.7, 0.7) == pytest.approx(0.5)


def test_ex3_more_budget_never_needs_fewer_votes_per_item():
    small = S.ex3_best_votes(Y, budget=10.0)
    large = S.ex3_best_votes(Y, budget=400.0)
    assert 1 <= small <= large <= 7


def test_ex4_names_the_more_accurate_aggregator():
    acc = (0.55, 0.65, 0.75, 0.85, 0.9)
    votes = crowd.simulate_votes(
        Y, crowd.annotator_confusions(acc, style="systematic"), seed=0
    )
    hidden = np.random.default_rng(0).random(votes.shape) < 0.4
    sparse = np.where(hidden, -1, votes)
    ds = np.mean(crowd.dawid_skene(sparse, n_classes=10).labels == Y)
    mv = np.mean(crowd.majority_vote(sparse, n_classes=10, seed=0) == Y)
    assert S.ex4_winner(votes, Y, hide=0.4, seed=0) == (
        "Dawid-Skene" if ds > mv else "majority vote"
    )
    with pytest.raises(ValueError, match="one row per item"):
        S.ex4_winner(votes, Y[:-1])


def test_ex5_letter_follows_the_oracle_rows():
    table = pd.DataFrame(
        {"oracle": [0.98, 1.0, 0.93]}, index=["uniform", "systematic", "shared"]
    )
    assert S.ex5_letter(table) == "b"
    low = table.assign(oracle=[0.9, 0.93, 0.93])
    assert S.ex5_letter(low) == "a"
    with pytest.raises(ValueError, match="rows"):
        S.ex5_letter(table.drop(index="shared"))
