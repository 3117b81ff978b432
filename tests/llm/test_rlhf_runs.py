"""Tests for llm/rlhf_runs.py: the pipeline on a micro config, and the shipped run."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.llm import rlhf_runs
from helpers.llm.rlhf_reward import RewardModel
from llm.rlhf_support import MICRO, micro_run


def test_the_micro_pipeline_fills_every_table():
    run = micro_run()
    assert (
        run.config["betas"] == list(MICRO.betas) or run.config["betas"] == MICRO.betas
    )
    methods = run.table["method"].tolist()
    assert methods[:2] == ["human demonstrations", "SFT"]
    assert {"REINFORCE beta=0", "REINFORCE beta=0.1", "DPO", "RLAIF (judge RM)"} <= set(
        methods
    )
    sft = run.table.set_index("method").loc["SFT"]
    assert sft["KL to SFT (nats)"] == 0.0
    assert set(run.pg_logs) == {"0.0", "0.1"}
    assert all(len(log["kl"]) == MICRO.pg_steps for log in run.pg_logs.values())
    assert len(run.rm_loss) == MICRO.rm_steps and len(run.sft_loss) == MICRO.sft_steps
    assert 0 <= run.judge_agreement <= 1
    assert len(run.samples) == MICRO.n_eval
    assert isinstance(run.reward_model(judge=True), RewardModel)
    assert run.policy().config.as_dict() == run.model_config


def test_a_bad_config_is_refused_before_any_work():
    with pytest.raises(TypeError):
        rlhf_runs.run_rlhf("tiny")
    with pytest.raises(ValueError, match="beta"):
        rlhf_runs.RLHFConfig(beta=0.5)  # not among the betas
    with pytest.raises(ValueError):
        rlhf_runs.RLHFConfig(betas=(0.0, -1.0), beta=0.0)


def test_the_shipped_run_loads_and_holds_the_default_config():
    run = rlhf_runs.load_rlhf(verbose=False)
    assert run.config == rlhf_runs.asdict(rlhf_runs.RLHFConfig())
    assert np.isfinite(run.table.drop(columns="method").to_numpy(dtype=float)).all()
