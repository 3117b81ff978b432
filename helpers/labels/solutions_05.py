"""Expected answers of lesson 05's exercises, computed from the lesson's data.

The check cells call these, so no expected value is typed in or printed before the
student answers.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from helpers.core.validation import check_array, check_int, check_labels, check_real
from helpers.labels import crowd, crowd_budget

LETTERS = ("a", "b", "c")
"""05.5's choices: the oracle stays below 1 with shared errors because (a) five
annotators are too few, (b) everybody's errors go to the same partner, so on those
items the votes do not say which of the pair is right, (c) EM does not converge."""


def ex1_ties(
    y: np.ndarray, accuracies: Sequence[float], *, style: str = "uniform", seed: int = 0
) -> int:
    """05.1: items whose most-voted class is tied, in dense votes of ``style``."""
    y = check_labels("y", y)
    conf = crowd.annotator_confusions(accuracies, n_classes=10, style=style)
    votes = crowd.simulate_votes(y, conf, seed=seed)  # (n, annotators)
    tallies = np.stack([np.bincount(row, minlength=10) for row in votes])  # (n, 10)
    top = tallies.max(axis=1, keepdims=True)
    return int(np.sum((tallies == top).sum(axis=1) > 1))


def ex2_posterior(acc_a: float, acc_b: float) -> float:
    """05.2: P(z = 0 | A says 0, B says 1), two classes, equal priors, uniform
    errors, annotators right with probabilities ``acc_a`` and ``acc_b``."""
    acc_a = check_real("acc_a", acc_a, low=0, high=1)
    acc_b = check_real("acc_b", acc_b, low=0, high=1)
    pair = crowd.annotator_confusions([acc_a, acc_b], n_classes=2)
    post = crowd.label_posteriors(np.array([[0, 1]]), pair, np.array([0.5, 0.5]))
    return float(post[0, 0])


def ex3_best_votes(
    y: np.ndarray, *, budget: float = 60.0, per_item: Sequence[int] = range(1, 8)
) -> int:
    """05.3: the number of annotators per item that gives the most correct
    Dawid-Skene labels under ``budget`` dollars (first one on ties)."""
    y = check_labels("y", y)
    budget = check_real("budget", budget, low=0, open_low=True)
    options = [check_int("per_item", r, low=1, high=100) for r in per_item]
    correct = [
        crowd_budget.crowd_outcome(
            crowd_budget.CrowdSetting(per_item=r, budget=budget), y
        ).ds_correct
        for r in options
    ]
    return options[int(np.argmax(correct))]


def ex4_winner(
    votes: np.ndarray, y: np.ndarray, *, hide: float = 0.4, seed: int = 0
) -> str:
    """05.4: "Dawid-Skene" or "majority vote", whichever is more accurate once a
    share ``hide`` of the votes is hidden at random."""
    votes = check_array("votes", votes, ndim=2)
    if np.any(votes != np.round(votes)) or np.any(votes < -1):
        raise ValueError("votes must hold class numbers, -1 for no vote")
    votes = votes.astype(int)
    y = check_labels("y", y)
    if len(y) != len(votes):
        raise ValueError(
            f"votes and y must have one row per item, got {len(votes)} and {len(y)}"
        )
    hide = check_real("hide", hide, low=0, high=1, open_high=True)
    hidden = np.random.default_rng(seed).random(votes.shape) < hide
    sparse = np.where(hidden, -1, votes)
    ds = np.mean(crowd.dawid_skene(sparse, n_classes=10).labels == y)
    mv = np.mean(crowd.majority_vote(sparse, n_classes=10, seed=seed) == y)
    return "Dawid-Skene" if ds > mv else "majority vote"


def ex5_letter(styles_table: pd.DataFrame) -> str:
    """05.5: why the oracle stays below 1 with shared errors, read from the table of
    accuracies per error style (rows) and aggregator (columns)."""
    if not isinstance(styles_table, pd.DataFrame):
        raise TypeError(
            f"styles_table must be a DataFrame, got {type(styles_table).__name__}"
        )
    need = {"systematic", "shared"}
    if not need <= set(styles_table.index) or "oracle" not in styles_table.columns:
        raise ValueError(
            "styles_table needs the rows systematic and shared and an oracle"
        )
    oracle = check_array("oracle", styles_table["oracle"].to_numpy(), ndim=1)
    by_style = dict(zip(styles_table.index, oracle, strict=True))
    if by_style["systematic"] < by_style["shared"] + 0.02:
        return "a"  # the same crowd fails with private errors too: too few of them
    return "b"  # same annotators, same accuracies: only sharing the errors hurts
