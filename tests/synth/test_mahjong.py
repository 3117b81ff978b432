"""Tests of synth.mahjong: dealing, the all-simples label and suit swaps."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from helpers.synth import mahjong as mj


def test_deal_hands_draws_13_tiles_with_at_most_four_of_a_kind():
    hands = mj.deal_hands(500, seed=1)
    assert hands.shape == (500, 34) and (hands.sum(1) == 13).all()
    assert hands.max() <= 4 and hands.min() >= 0
    # each kind is drawn about 13/34 times per hand on average
    assert hands.mean(0) == pytest.approx(np.full(34, 13 / 34), abs=0.08)
    np.testing.assert_array_equal(mj.deal_hands(3, seed=2), mj.deal_hands(3, seed=2))


def test_tanyao_label_counts_terminals_and_honours_by_hand():
    hand = np.zeros((1, 34), dtype=int)
    names = ["1m", "9p", "5s", "5s", "E", "R", "2m", "3m", "4m", "6p", "7p", "8p", "3s"]
    for name in names:
        hand[0, mj.TILE_NAMES.index(name)] += 1
    # yaochu: 1m, 9p, E, R -> 4
    assert mj.tanyao_label(hand, max_yaochu=4)[0] == 1
    assert mj.tanyao_label(hand, max_yaochu=3)[0] == 0
    assert mj.hand_string(hand[0]).split() == sorted(names, key=mj.TILE_NAMES.index)


def test_suit_swaps_keep_the_label_and_multiply_the_data_by_six():
    hands = mj.deal_hands(50, seed=3)
    labels = mj.tanyao_label(hands)
    for perm in itertools.permutations(range(3)):
        swapped = mj.permute_suits(hands, perm)
        np.testing.assert_array_equal(mj.tanyao_label(swapped), labels)
        np.testing.assert_array_equal(swapped[:, 27:], hands[:, 27:])  # honours stay
    moved = mj.permute_suits(hands, (1, 2, 0))  # characters -> dots
    np.testing.assert_array_equal(moved[:, 9:18], hands[:, 0:9])
    big, y_big = mj.suit_augment(hands, labels)
    assert big.shape == (300, 34) and (y_big == np.tile(labels, 6)).all()
    with pytest.raises(ValueError, match="permutation of 0..2"):
        mj.permute_suits(hands, (0, 0, 1))


def test_suit_swaps_help_logistic_regression_on_few_hands():
    runs = mj.mahjong_experiment(n_train=40, n_test=500, seeds=(0, 1, 2))
    med = runs.groupby("training set")["accuracy"].median()
    assert med["+ suit swaps"] > med["real hands"] + 0.03
    assert set(runs["hands"]) == {40, 240}


def test_bad_hands_are_refused():
    with pytest.raises(ValueError, match="counts 0..4 of shape"):
        mj.tanyao_label(np.full((2, 34), 5))
    with pytest.raises(ValueError, match="counts 0..4 of shape"):
        mj.tanyao_label(np.zeros((2, 33)))
