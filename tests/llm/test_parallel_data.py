"""Tests for llm/parallel_data.py: two ranks equal one process, by hand and DDP."""

from __future__ import annotations

import pytest
import torch

from helpers.llm import parallel_data
from helpers.llm.launch import launch


def test_demo_config_and_global_batch():
    cfg = parallel_data.demo_config("tiny", 16)
    assert (cfg.n_layer, cfg.n_embd, cfg.block_size) == (2, 32, 16)
    x, y = parallel_data.global_batch(cfg, 4, 0, 1)
    x2, _ = parallel_data.global_batch(cfg, 4, 0, 1)
    assert (
        x.shape == (4, 16) and torch.equal(x, x2) and torch.equal(x[:, 1:], y[:, :-1])
    )


def test_a_batch_that_does_not_split_is_refused():
    with pytest.raises(ValueError, match="divide evenly"):
        parallel_data.check_args(3, batch_size=8)


def test_two_ranks_equal_one_process():
    results = launch("data_parallel", world_size=2, args={"steps": 2, "batch_size": 4})
    for r in results:
        assert r["grad_max_diff"] < 1e-6
        assert r["param_max_diff_by_hand"] < 1e-6 and r["param_max_diff_ddp"] < 1e-6
        assert (
            r["bytes_by_hand"]
            == r["bytes_ddp"]
            == r["param_bytes"]
            == 4 * r["n_params"]
        )
        losses = r["losses"]
        assert losses["single"] == pytest.approx(losses["ddp"], abs=1e-5)
        assert r["rows_per_rank"] == 2
