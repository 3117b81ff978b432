"""Symmetry as free data: a mahjong task whose label ignores suits (lesson 10).

A mahjong set has three suits (characters 万, dots 筒, bamboo 条) of tiles 1-9 and
seven honour tiles (four winds, three dragons), four copies of each: 136 tiles, 34
kinds. A hand is a count vector over the 34 kinds.

* :func:`deal_hands` -- random 13-tile hands, shape (n, 34);
* :func:`tanyao_label` -- the label: is the hand close to **all simples** (断幺九),
  holding at most ``max_yaochu`` (4) terminals (1s and 9s) and honours (about 40 %
  of random hands)? Renaming the suits
  never changes it;
* :func:`permute_suits`, :func:`suit_augment` -- every hand under all 3! = 6 suit
  permutations, label kept: six times the training data for free;
* :func:`mahjong_experiment` -- logistic regression with and without those swaps.
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

SUITS, RANKS, HONOURS, COPIES = 3, 9, 7, 4
KINDS = SUITS * RANKS + HONOURS  # 34 kinds of tile
SUIT_NAMES = ("characters", "dots", "bamboo")
TILE_NAMES = tuple(
    [f"{r}{s}" for s in "mps" for r in range(1, RANKS + 1)]
    + ["E", "S", "W", "N", "Wh", "G", "R"]
)
"""Short names: ``1m``-``9m`` characters, ``1p``-``9p`` dots, ``1s``-``9s`` bamboo,
then the winds (East, South, West, North) and dragons (white, green, red)."""
YAOCHU = np.zeros(KINDS, dtype=int)
YAOCHU[[s * RANKS for s in range(SUITS)]] = 1  # the 1s
YAOCHU[[s * RANKS + RANKS - 1 for s in range(SUITS)]] = 1  # the 9s
YAOCHU[SUITS * RANKS :] = 1  # every honour
MAX_HANDS = 100_000
"""Most hands dealt at once."""


def deal_hands(n: int, *, hand_size: int = 13, seed: int = 0) -> np.ndarray:
    """``n`` random hands (at most :data:`MAX_HANDS`) of ``hand_size`` tiles from the
    136-tile set, as counts per kind: shape (n, 34), values 0..4."""
    n = check_int("n", n, low=1, high=MAX_HANDS)
    hand_size = check_int("hand_size", hand_size, low=1, high=KINDS * COPIES)
    rng = np.random.default_rng(check_int("seed", seed, low=0))
    tiles = rng.random((n, KINDS * COPIES)).argsort(1)[:, :hand_size] // COPIES
    hands = np.zeros((n, KINDS), dtype=np.int8)
    for i in range(hand_size):  # (n,) kind of the i-th tile of every hand
        np.add.at(hands, (np.arange(n), tiles[:, i]), 1)
    return hands


def tanyao_label(hands: np.ndarray, *, max_yaochu: int = 4) -> np.ndarray:
    """1 when a hand holds at most ``max_yaochu`` terminals and honours (幺九牌),
    i.e. it is a few discards away from all simples. Suits play no part."""
    hands = _check_hands(hands)
    max_yaochu = check_int("max_yaochu", max_yaochu, low=0, high=KINDS * COPIES)
    return ((hands * YAOCHU).sum(axis=1) <= max_yaochu).astype(int)


def permute_suits(hands: np.ndarray, perm: Sequence[int]) -> np.ndarray:
    """The hands with suit ``i`` renamed to suit ``perm[i]``; honours stay."""
    hands = _check_hands(hands)
    perm = check_array("perm", perm, ndim=1)
    if sorted(perm.tolist()) != list(range(SUITS)):
        raise ValueError(f"perm must be a permutation of 0..2, got {perm.tolist()}")
    suited = hands[:, : SUITS * RANKS].reshape(-1, SUITS, RANKS)  # (n, 3, 9)
    out = np.empty_like(suited)
    out[:, perm.astype(int)] = suited
    return np.concatenate([out.reshape(len(hands), -1), hands[:, SUITS * RANKS :]], 1)


def suit_augment(
    hands: np.ndarray, labels: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Every hand under all 6 suit permutations, with its label kept (6x the data)."""
    hands = _check_hands(hands)
    labels = check_labels("labels", labels)
    check_same_length(hands=hands, labels=labels)
    perms = list(itertools.permutations(range(SUITS)))
    return (
        np.concatenate([permute_suits(hands, p) for p in perms]),
        np.tile(labels, len(perms)),
    )


def mahjong_experiment(
    *, n_train: int = 40, n_test: int = 2000, seeds: Sequence[int] = (0, 1, 2, 3, 4)
) -> pd.DataFrame:
    """Test accuracy of logistic regression (scikit-learn's defaults, not tuned) on
    ``n_train`` hands, with and without the suit swaps; one row per (seed, set).

    ``n_train`` and ``n_test`` are at most :data:`MAX_HANDS`.
    """
    from sklearn.linear_model import LogisticRegression

    n_train = check_int("n_train", n_train, low=2, high=MAX_HANDS)
    n_test = check_int("n_test", n_test, low=1, high=MAX_HANDS)
    seeds = check_seeds(seeds)
    test = deal_hands(n_test, seed=10_000)
    y_test = tanyao_label(test)
    rows = []
    for seed in seeds:
        hands = deal_hands(n_train, seed=seed)
        y = tanyao_label(hands)
        if len(np.unique(y)) < 2:
            raise ValueError(f"seed {seed} dealt hands of one label only; deal more")
        big, y_big = suit_augment(hands, y)
        for name, (H, t) in {
            "real hands": (hands, y),
            "+ suit swaps": (big, y_big),
        }.items():
            model = LogisticRegression(max_iter=2000).fit(H, t)
            rows.append(
                {
                    "seed": seed,
                    "training set": name,
                    "hands": len(H),
                    "accuracy": float(model.score(test, y_test)),
                }
            )
    return pd.DataFrame(rows)


def hand_string(hand: np.ndarray) -> str:
    """One hand (34 counts) as tile names, e.g. ``'1m 1m 5p 9s E R ...'``."""
    hand = check_array("hand", hand, ndim=1)
    hand = _check_hands(hand.reshape(1, -1))[0]
    return " ".join(
        name for name, c in zip(TILE_NAMES, hand, strict=True) for _ in range(c)
    )


def _check_hands(hands: np.ndarray) -> np.ndarray:
    """``hands`` as an integer count array of shape (n, 34), counts 0..4."""
    arr = check_array("hands", hands, ndim=2)
    if arr.shape[1] != KINDS or not np.isin(arr, np.arange(COPIES + 1)).all():
        raise ValueError(
            f"hands must be counts 0..{COPIES} of shape (n, {KINDS}), got shape "
            f"{arr.shape}"
        )
    return arr.astype(int)
