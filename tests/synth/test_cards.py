"""Tests for synth/cards.py: dealing hands, the HCP label and its suit symmetry."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from helpers.synth import cards


def test_suit_permutations_preserve_labels_and_multiply_data():
    hands = cards.deal_hands(30, seed=1)
    assert hands.shape == (30, 4, 13) and (hands.sum((1, 2)) == 13).all()
    labels = cards.hcp_label(hands)
    for perm in itertools.permutations(range(4)):
        moved = cards.permute_suits(hands, perm)
        np.testing.assert_array_equal(cards.hcp_label(moved), labels)
        np.testing.assert_array_equal(moved.sum(1), hands.sum(1))  # ranks kept
    big, big_labels = cards.suit_augment(hands, labels)
    assert big.shape == (30 * 24, 4, 13)
    np.testing.assert_array_equal(cards.hcp_label(big), big_labels)


def test_hcp_counts_a_hand_worked_case_and_rank_swaps_change_labels():
    hand = np.zeros((1, 4, 13), dtype=int)
    hand[0, 0, [12, 11]] = 1  # A, K of one suit: 7 points
    hand[0, 1, [12, 10, 9]] = 1  # A, Q, J: 7 points -> 14
    assert cards.hcp_label(hand, threshold=14)[0] == 1
    assert cards.hcp_label(hand, threshold=15)[0] == 0
    low = hand[:, :, ::-1]  # swapping ranks is *not* a symmetry of the rule
    assert cards.hcp_label(low, threshold=14)[0] == 0
    with pytest.raises(ValueError, match="permutation"):
        cards.permute_suits(hand, (0, 0, 1, 2))


def test_suit_augmentation_helps_the_card_classifier():
    df = cards.card_experiment(n_train=40, n_test=500, seeds=(0, 1, 2))
    med = df.groupby("training set")["accuracy"].median()
    assert med["+ suit swaps"] > med["real hands"] + 0.05


def test_hands_labels_and_sizes_are_checked():
    with pytest.raises(ValueError, match="hands must be 0/1 arrays"):
        cards.hcp_label(np.full((2, 4, 13), 2))
    with pytest.raises(ValueError, match="hands and labels must have the same length"):
        cards.suit_augment(cards.deal_hands(3), np.array([0, 1]))
    with pytest.raises(ValueError, match=r"n must be an integer in \[1, 100000\]"):
        cards.deal_hands(10**12)
    with pytest.raises(ValueError, match=r"threshold must be an integer in \[0, 40\]"):
        cards.hcp_label(cards.deal_hands(2), threshold=-1)
