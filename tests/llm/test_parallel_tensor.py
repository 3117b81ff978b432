"""Tests for llm/parallel_tensor.py: column, row and Megatron-MLP splits."""

from __future__ import annotations

import pytest
import torch

from helpers.llm import parallel_tensor
from helpers.llm.launch import launch


def test_shard_takes_contiguous_slices():
    t = torch.arange(12.0).view(3, 4)
    assert parallel_tensor.shard(t, 1, 2, 1).tolist() == [[2, 3], [6, 7], [10, 11]]
    assert parallel_tensor.shard(t, 0, 3, 0).tolist() == [[0, 1, 2, 3]]


def test_a_width_that_does_not_split_is_refused():
    with pytest.raises(ValueError, match="divide evenly"):
        parallel_tensor.check_args(2, n_embd=33)


def test_split_layers_equal_the_whole_ones():
    results = launch("tensor_parallel", world_size=2, args={"n_embd": 16})
    for r in results:
        for key in (
            "column_max_diff",
            "row_max_diff",
            "mlp_out_max_diff",
            "mlp_grad_max_diff",
        ):
            assert r[key] < 1e-5, key
        # fc (64x16 + 64), proj (16x64 + 16): half of each weight, proj bias whole
        assert r["mlp_params_full"] == 64 * 16 + 64 + 16 * 64 + 16
        assert r["mlp_params_rank"] == 32 * 16 + 32 + 16 * 32 + 16
        assert (
            r["mlp_bytes"] == 2 * 4 * 16 * 8 * 4
        )  # forward + backward, (B, T, C) fp32
