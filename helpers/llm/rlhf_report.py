"""Lesson 18's RLHF tables: the best-of-n curve measured live, and rows of the
shipped comparison picked by method name.

>>> import pandas as pd
>>> t = pd.DataFrame({"method": ["SFT", "DPO"], "true score (rule)": [0.1, 0.4]})
>>> float(method_row(t, "DPO")["true score (rule)"])
0.4
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import torch

from helpers.core.validation import check_choice, check_frame, check_int
from helpers.llm.model import GPT
from helpers.llm.rlhf_data import Prompt, _check_prompts, rule_scores
from helpers.llm.rlhf_optimize import best_of_n_kl
from helpers.llm.rlhf_policy import sample_responses
from helpers.llm.rlhf_reward import RewardModel, rewards

MAX_NS = 16


def best_of_n_curve(
    policy: GPT,
    rm: RewardModel,
    prompts: Sequence[Prompt],
    *,
    ns: Sequence[int] = (1, 2, 4, 8),
    seed: int = 0,
) -> pd.DataFrame:
    """For each n of ``ns``: the reward model's and the rule's mean score of the
    best-of-n answers, and the KL bound ``log n - (n - 1) / n``. One pool of
    ``max(ns)`` samples serves every n (the answers ``best_of_n`` with the same
    ``seed`` picks)."""
    if isinstance(ns, str) or not isinstance(ns, Sequence) or not ns:
        raise TypeError("ns must be a non-empty sequence of integers")
    if len(ns) > MAX_NS:
        raise ValueError(f"ns must hold at most {MAX_NS} values, got {len(ns)}")
    ns = [check_int("n", n, low=1, high=256) for n in ns]
    seed = check_int("seed", seed, low=0, high=2**32 - 1)
    _check_prompts(prompts)
    # the same draws as best_of_n(..., n, seed) for every n: the first n of one pool
    gen = torch.Generator().manual_seed(seed)
    pool = [sample_responses(policy, prompts, generator=gen) for _ in range(max(ns))]
    scores = np.stack([rewards(rm, prompts, c) for c in pool])  # (max n, B)
    rows = []
    for n in ns:
        best = scores[:n].argmax(axis=0)  # (B,)
        picked = [pool[k][i] for i, k in enumerate(best)]
        rows.append(
            {
                "n": n,
                "reward (RM)": float(scores[best, np.arange(len(prompts))].mean()),
                "true score (rule)": float(rule_scores(prompts, picked).mean()),
                "KL bound (nats)": best_of_n_kl(n),
            }
        )
    return pd.DataFrame(rows)


def method_row(table: pd.DataFrame, method: str) -> pd.Series:
    """The row of ``table`` (one row per method) for ``method``."""
    table = check_frame(table, ["method"], name="table")
    method = check_choice("method", method, list(table["method"]))
    return table.set_index("method").loc[method]
