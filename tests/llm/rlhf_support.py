"""Shared small objects of the lesson-18 RLHF tests: a one-layer GPT, a reward model
on top of it, and a micro run of the whole pipeline (seconds)."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import torch

from helpers.llm.model import GPT, GPTConfig
from helpers.llm.rlhf_reward import RewardModel
from helpers.llm.rlhf_runs import RLHFConfig, RLHFRun, run_rlhf

CFG = GPTConfig(n_layer=1, n_head=2, n_embd=16, block_size=32)

MICRO = RLHFConfig(
    n_sft=60, sft_steps=4, n_pairs=80, n_held=40, rm_steps=3, pg_steps=3,
    betas=(0.0, 0.1), beta=0.1, dpo_steps=3, n_eval=24,
)  # fmt: skip


def small_gpt(seed: int = 0) -> GPT:
    torch.manual_seed(seed)
    return GPT(CFG).eval()


def small_rm(seed: int = 0) -> RewardModel:
    rm = RewardModel(small_gpt(seed))
    torch.manual_seed(seed + 1)
    torch.nn.init.normal_(rm.head.weight, std=1.0)
    return rm.eval()


@functools.cache
def micro_run() -> RLHFRun:
    return run_rlhf(MICRO)


@functools.cache
def fake_run() -> RLHFRun:
    """A hand-made run for plots and widgets: untrained models, two REINFORCE logs of
    twelve steps (beta 0: rising reward and KL; beta 0.1: flat), a three-row table."""
    gpt, rm = small_gpt(), small_rm()
    steps = np.arange(12.0)
    logs = {
        "0.0": {"reward": steps / 10, "true_score": -steps / 12, "kl": steps / 2},
        "0.1": {"reward": steps / 40, "true_score": steps / 40, "kl": steps / 20},
    }
    table = pd.DataFrame(
        {
            "method": ["SFT", "REINFORCE beta=0", "REINFORCE beta=0.1"],
            "reward (RM)": [0.0, 1.0, 0.3],
            "true score (rule)": [0.3, -0.9, 0.4],
            "KL to SFT (nats)": [0.0, 6.0, 0.4],
        }
    )
    return RLHFRun(
        config={"beta": 0.1},
        model_config=CFG.as_dict(),
        sft_state=gpt.state_dict(),
        rm_state=rm.state_dict(),
        judge_rm_state=rm.state_dict(),
        sft_loss=np.linspace(1, 0.3, 30),
        rm_loss=np.linspace(0.69, 0.4, 30),
        judge_rm_loss=np.linspace(0.69, 0.45, 30),
        counts={},
        rm_accuracy={},
        judge_agreement=0.9,
        pg_logs=logs,
        table=table,
        samples=pd.DataFrame(),
    )
