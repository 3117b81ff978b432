"""Expected answers of lesson 18's RLHF exercises, computed from the lesson's own
models and results (never typed in)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from helpers.core.validation import check_frame, check_int
from helpers.llm.model import GPT
from helpers.llm.rlhf_data import Prompt, rule_scores
from helpers.llm.rlhf_optimize import best_of_n
from helpers.llm.rlhf_reward import RewardModel, rewards


def ex1(rm: RewardModel, prompt: Prompt, first: str, second: str) -> float:
    """18.1: the probability, under the Bradley-Terry model of ``rm``, that a rater
    prefers ``first`` to ``second`` as the answer to ``prompt``."""
    r1, r2 = rewards(rm, [prompt, prompt], [first, second])
    return 1.0 / (1.0 + math.exp(-(r1 - r2)))


def ex2(table: pd.DataFrame) -> str:
    """18.2: what happened to REINFORCE without the KL penalty (beta = 0), compared
    with the SFT model: "a" the reward model's score rose while the true score fell
    (reward hacking); "b" both rose; "c" the reward model's score did not rise."""
    table = check_frame(
        table, ["method", "reward (RM)", "true score (rule)"], name="table"
    )
    rows = table.set_index("method")
    if "SFT" not in rows.index or "REINFORCE beta=0" not in rows.index:
        raise ValueError("table must hold the rows 'SFT' and 'REINFORCE beta=0'")
    sft, off = rows.loc["SFT"], rows.loc["REINFORCE beta=0"]
    if off["reward (RM)"] <= sft["reward (RM)"]:
        return "c"
    return "a" if off["true score (rule)"] < sft["true score (rule)"] else "b"


def ex3(
    policy: GPT,
    judge_rm: RewardModel,
    prompts: Sequence[Prompt],
    *,
    n: int = 8,
    seed: int = 0,
) -> float:
    """18.3: the true (rule) score of best-of-``n`` when the judge's reward model
    picks the answer (RLAIF without any training)."""
    n = check_int("n", n, low=1, high=1024)
    picked = best_of_n(policy, judge_rm, prompts, n=n, seed=seed)
    return float(rule_scores(prompts, picked).mean())
