"""Symmetry as free data: a card task whose label ignores suits (lesson 10).

* :func:`deal_hands` -- random bridge hands as 0/1 arrays (n, 4 suits, 13 ranks).
* :func:`hcp_label` -- the label: do the high-card points reach a threshold? It looks
  at ranks only, so renaming suits never changes it.
* :func:`permute_suits`, :func:`suit_augment` -- every hand under all 24 suit
  permutations, label kept: 24x the training data for free.
* :func:`card_experiment` -- logistic regression with and without those swaps.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import pandas as pd

from helpers.core.validation import (
    check_array,
    check_int,
    check_labels,
    check_same_length,
    check_seeds,
)

SUITS, RANKS = 4, 13
MAX_HANDS = 100_000
"""Most hands dealt at once (each is 52 numbers)."""


HCP = np.array([0] * 9 + [1, 2, 3, 4])  # 2..10 score 0; J, Q, K, A score 1..4


def deal_hands(n: int, *, hand_size: int = 13, seed: int = 0) -> np.ndarray:
    """``n`` random hands (at most :data:`MAX_HANDS`) as 0/1 arrays of shape
    (n, 4 suits, 13 ranks)."""
    check_int("n", n, low=1, high=MAX_HANDS)
    hand_size = check_int("hand_size", hand_size, low=1, high=SUITS * RANKS)
    rng = np.random.default_rng(check_int("seed", seed, low=0))
    order = rng.random((n, SUITS * RANKS)).argsort(1)[:, :hand_size]  # (n, hand)
    hands = np.zeros((n, SUITS * RANKS), dtype=np.int8)
    np.put_along_axis(hands, order, 1, axis=1)
    return hands.reshape(n, SUITS, RANKS)


def hcp_label(hands: np.ndarray, *, threshold: int = 12) -> np.ndarray:
    """1 when a hand's high-card points (A=4, K=3, Q=2, J=1) reach ``threshold``.

    The rule looks at ranks only, so it does not change when suits are swapped.
    """
    hands = _check_hands(hands)
    threshold = check_int("threshold", threshold, low=0, high=SUITS * HCP.sum())
    return ((hands * HCP).sum((1, 2)) >= threshold).astype(int)


def permute_suits(hands: np.ndarray, perm: Sequence[int]) -> np.ndarray:
    """The hands with suit ``i`` renamed to suit ``perm[i]``; shape kept."""
    _check_hands(hands)
    hands = np.asarray(hands)
    perm = check_array("perm", perm, ndim=1)
    if sorted(perm.tolist()) != list(range(SUITS)):
        raise ValueError(f"perm must be a permutation of 0..3, got {perm.tolist()}")
    perm = perm.astype(int)
    out = np.empty_like(hands)
    out[:, perm] = hands
    return out


def suit_augment(
    hands: np.ndarray, labels: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Every hand under all 24 suit permutations, with its label kept (24x the data)."""
    _check_hands(hands)
    labels = check_labels("labels", labels)
    check_same_length(hands=hands, labels=labels)
    perms = list(itertools.permutations(range(SUITS)))
    return (
        np.concatenate([permute_suits(hands, p) for p in perms]),
        np.tile(np.asarray(labels), len(perms)),
    )


def card_experiment(
    *, n_train: int = 60, n_test: int = 2000, seeds: Sequence[int] = (0, 1, 2, 3, 4)
) -> pd.DataFrame:
    """Test accuracy of logistic regression on hands, with and without suit symmetry.

    ``n_train`` and ``n_test`` are at most :data:`MAX_HANDS`.
    """
    from sklearn.linear_model import LogisticRegression

    n_train = check_int("n_train", n_train, low=1, high=MAX_HANDS)
    n_test = check_int("n_test", n_test, low=1, high=MAX_HANDS)
    seeds = check_seeds(seeds)
    rows = []
    test = deal_hands(n_test, seed=10_000)
    y_test = hcp_label(test)
    for seed in seeds:
        hands = deal_hands(n_train, seed=seed)
        y = hcp_label(hands)
        big, y_big = suit_augment(hands, y)
        for name, (H, t) in {
            "real hands": (hands, y),
            "+ suit swaps": (big, y_big),
        }.items():
            model = LogisticRegression(C=1.0, max_iter=2000).fit(
                H.reshape(len(H), -1), t
            )
            acc = model.score(test.reshape(n_test, -1), y_test)
            rows.append(
                {"seed": seed, "training set": name, "hands": len(H), "accuracy": acc}
            )
    return pd.DataFrame(rows)


def _check_hands(hands: np.ndarray) -> np.ndarray:
    """``hands`` as a 0/1 array of shape (n, 4 suits, 13 ranks)."""
    arr = check_array("hands", hands, ndim=3)
    if arr.shape[1:] != (SUITS, RANKS) or not np.isin(arr, (0, 1)).all():
        raise ValueError(
            f"hands must be 0/1 arrays of shape (n, {SUITS}, {RANKS}), got shape "
            f"{arr.shape}"
        )
    return arr
