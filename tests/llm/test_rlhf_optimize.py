"""Tests for llm/rlhf_optimize.py: DPO, best-of-n and the KL penalty."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from helpers.llm import rlhf_optimize as O
from helpers.llm.rlhf_data import Pairs, Prompt, make_prompts
from helpers.llm.rlhf_policy import frozen_copy, response_logprob
from llm.rlhf_support import small_gpt, small_rm


def test_dpo_loss_against_the_formula_by_hand():
    lc, lr = torch.tensor([-2.0, -5.0]), torch.tensor([-3.0, -1.0])
    rc, rr = torch.tensor([-2.5, -4.0]), torch.tensor([-2.0, -2.0])
    beta = 0.5
    margins = [((-2.0 + 2.5) - (-3.0 + 2.0)), ((-5.0 + 4.0) - (-1.0 + 2.0))]
    by_hand = np.mean([math.log1p(math.exp(-beta * m)) for m in margins])
    assert abs(float(O.dpo_loss(lc, lr, rc, rr, beta=beta)) - by_hand) < 1e-6


def test_dpo_training_raises_the_chosen_margin():
    policy = small_gpt()
    for p in policy.parameters():
        p.requires_grad_(True)
    ref = frozen_copy(policy)
    prompts = [Prompt(a, b) for a in range(4) for b in range(4)]
    pairs = Pairs(prompts, [p.answer for p in prompts], [" 0, maybe" for _ in prompts])

    def margin(model):
        with torch.no_grad():
            return float(
                (
                    response_logprob(model, prompts, pairs.chosen)
                    - response_logprob(model, prompts, pairs.rejected)
                ).mean()
            )

    before = margin(policy)
    losses = O.train_dpo(policy, ref, pairs, beta=0.5, steps=30, batch_size=16, lr=1e-2)
    assert abs(losses[0] - math.log(2)) < 1e-6  # policy == reference at the start
    assert losses[-5:].mean() < losses[0]
    assert margin(policy) > before + 1.0


def test_best_of_n_kl_formula():
    assert O.best_of_n_kl(1) == 0.0
    assert abs(O.best_of_n_kl(8) - (math.log(8) - 7 / 8)) < 1e-12


def test_best_of_n_reward_grows_with_n():
    policy, rm = small_gpt(), small_rm()
    prompts = make_prompts(60, seed=3)
    means = []
    for n in (1, 2, 4, 8):
        picked = O.best_of_n(policy, rm, prompts, n=n, seed=0)
        means.append(float(O.rewards(rm, prompts, picked).mean()))
    assert all(b > a for a, b in zip(means, means[1:], strict=False)), means


def test_a_higher_kl_coefficient_bounds_the_drift():
    rm, ref = small_rm(), frozen_copy(small_gpt())
    prompts = make_prompts(32, seed=1)
    kls = {}
    for beta in (0.0, 2.0):
        policy = small_gpt()
        cfg = O.PGConfig(steps=12, batch_size=16, lr=2e-2, beta=beta, seed=0)
        log = O.policy_gradient(policy, ref, rm, prompts, cfg)
        kls[beta] = log.kl[-4:].mean()
        assert np.all(np.isfinite(log.reward)) and np.all(np.isfinite(log.true_score))
    assert kls[2.0] < 0.75 * kls[0.0], kls


def test_a_negative_kl_coefficient_is_refused():
    with pytest.raises(ValueError, match="beta"):
        O.PGConfig(beta=-0.1)
    z = torch.zeros(2)
    with pytest.raises(ValueError, match="beta"):
        O.dpo_loss(z, z, z, z, beta=-1.0)
    with pytest.raises(ValueError, match="same length"):
        O.dpo_loss(z, z[:1], z, z)


def test_evaluate_policy_reports_the_columns():
    policy, rm = small_gpt(), small_rm()
    ref = frozen_copy(policy)
    prompts = [Prompt(1, 2), Prompt(3, None)]
    row = O.evaluate_policy(policy, ref, rm, prompts, responses=[" 3", " unknown"])
    assert row["true score (rule)"] == 1.0 and row["KL to SFT (nats)"] == 0.0
    assert row["correct and concise"] == 1.0 and row["declines unanswerable"] == 1.0
