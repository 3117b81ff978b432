"""Tests for llm/rlhf_reward.py: the Bradley-Terry loss and the reward model."""

from __future__ import annotations

import numpy as np
import torch

from helpers.llm import rlhf_reward as R
from helpers.llm.rlhf_data import DECLINE, Pairs, Prompt
from llm.rlhf_support import small_gpt


def test_bradley_terry_loss_against_the_formula():
    rc = torch.tensor([2.0, -1.0, 0.5])
    rr = torch.tensor([0.0, 1.0, 0.5])
    by_hand = np.mean(
        [np.log1p(np.exp(-float(c - r))) for c, r in zip(rc, rr, strict=True)]
    )
    assert abs(float(R.bradley_terry_loss(rc, rr)) - by_hand) < 1e-6
    assert abs(float(R.bradley_terry_loss(rr[:1], rr[:1])) - np.log(2)) < 1e-6


def _separable() -> Pairs:
    prompts = [Prompt(a, b) for a in range(5) for b in range(5)]
    prompts += [Prompt(a, None, "x") for a in range(5)]
    chosen = [p.answer for p in prompts]
    rejected = [" 99, I guess" for _ in prompts]
    return Pairs(prompts, chosen, rejected)


def test_the_loss_decreases_on_separable_pairs():
    rm = R.RewardModel(small_gpt())
    pairs = _separable()
    before = R.pair_accuracy(rm, pairs)  # zero head: every pair a tie
    log = R.train_reward_model(rm, pairs, steps=40, batch_size=16, lr=1e-2)
    assert before == 0.0
    assert abs(log.loss[0] - np.log(2)) < 1e-6  # zero head: sigmoid(0) = 1/2
    assert log.loss[-5:].mean() < 0.2 * log.loss[0]
    assert R.pair_accuracy(rm, pairs) == 1.0


def test_the_score_reads_the_end_token_regardless_of_padding():
    rm = R.RewardModel(small_gpt())
    torch.nn.init.normal_(rm.head.weight)
    p = Prompt(2, 2)
    alone = R.rewards(rm, [p], [" 4"])
    batched = R.rewards(rm, [p, p], [" 4", DECLINE + " or so"])
    assert abs(alone[0] - batched[0]) < 1e-5
    assert rm.score([p], [" 4"]).shape == (1,)
