"""Tests for llm/solutions_18.py, each against an independent computation."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import torch

from helpers.llm import solutions_18
from helpers.llm.rlhf_data import Prompt, make_prompts, rule_score
from helpers.llm.rlhf_policy import sample_responses
from llm.rlhf_support import small_gpt, small_rm


def test_ex1_is_the_bradley_terry_probability():
    rm, p = small_rm(), Prompt(2, 3)
    with torch.no_grad():
        r = rm.score([p, p], [" 5", " 5 or so"]).tolist()
    expected = math.exp(r[0]) / (math.exp(r[0]) + math.exp(r[1]))
    assert abs(solutions_18.ex1(rm, p, " 5", " 5 or so") - expected) < 1e-6


def _table(rm_off, true_off):
    return pd.DataFrame(
        {
            "method": ["SFT", "REINFORCE beta=0"],
            "reward (RM)": [0.0, rm_off],
            "true score (rule)": [0.2, true_off],
        }
    )


def test_ex2_names_what_happened_without_the_penalty():
    assert solutions_18.ex2(_table(1.0, -0.5)) == "a"
    assert solutions_18.ex2(_table(1.0, 0.5)) == "b"
    assert solutions_18.ex2(_table(-1.0, 0.5)) == "c"


def test_ex3_matches_best_of_n_by_hand():
    policy, rm = small_gpt(), small_rm()
    prompts = make_prompts(30, seed=2)
    gen = torch.Generator().manual_seed(0)
    cands = [sample_responses(policy, prompts, generator=gen) for _ in range(3)]
    with torch.no_grad():
        scores = np.stack([rm.score(prompts, c).numpy() for c in cands])  # (3, 30)
    best = scores.argmax(axis=0)
    expected = np.mean(
        [
            rule_score(p, cands[k][i])
            for i, (p, k) in enumerate(zip(prompts, best, strict=True))
        ]
    )
    assert abs(solutions_18.ex3(policy, rm, prompts, n=3, seed=0) - expected) < 1e-9
