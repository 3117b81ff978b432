"""Tests for llm/rlhf_report.py: the best-of-n curve and picking rows by method."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from helpers.llm import rlhf_report
from helpers.llm.rlhf_data import make_prompts, rule_scores
from helpers.llm.rlhf_optimize import best_of_n
from llm.rlhf_support import small_gpt, small_rm


def test_the_curve_has_one_row_per_n_and_the_kl_bound():
    prompts = make_prompts(40, seed=0)
    curve = rlhf_report.best_of_n_curve(small_gpt(), small_rm(), prompts, ns=[1, 4])
    assert curve["n"].tolist() == [1, 4]
    assert curve["KL bound (nats)"].tolist() == pytest.approx([0.0, math.log(4) - 0.75])
    assert curve["reward (RM)"].iloc[1] > curve["reward (RM)"].iloc[0]
    picked = best_of_n(small_gpt(), small_rm(), prompts, n=4, seed=0)
    assert curve["true score (rule)"].iloc[1] == pytest.approx(
        rule_scores(prompts, picked).mean()
    )
    with pytest.raises(TypeError):
        rlhf_report.best_of_n_curve(small_gpt(), small_rm(), prompts, ns=[])
    with pytest.raises(ValueError):
        rlhf_report.best_of_n_curve(small_gpt(), small_rm(), prompts, ns=[0])


def test_an_unknown_method_is_refused():
    table = pd.DataFrame({"method": ["SFT", "DPO"], "KL": [0.0, 1.5]})
    assert rlhf_report.method_row(table, "DPO")["KL"] == 1.5
    with pytest.raises(ValueError, match="unknown method"):
        rlhf_report.method_row(table, "PPO")
