"""Tests for llm/parallel.py: summaries and tables from the ranks' results."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.llm import parallel

from .conftest import fake_pipeline_results


def test_bubble_is_idle_time_over_the_span(pipeline_result):
    row = pipeline_result.table.iloc[0]
    assert row["bubble measured"] == pytest.approx(0.5)
    assert row["bubble formula"] == pytest.approx(0.5)
    assert row["step ms"] == pytest.approx(4000)
    timeline = pipeline_result.events["gpipe/1"]
    assert timeline[1][:, 2].tolist() == [1.0, 2.0]  # rank 1 shifted to the origin
    assert parallel.bubble_error(pipeline_result) == pytest.approx(0.0)
    assert pipeline_result.stage_params.tolist() == [60, 50]


def test_measured_table_counts_bytes_and_shares(pipeline_result):
    dp = parallel.DataParallelResult(
        2, 0.0, 0.0, 0.0, pd.DataFrame(), 400, 400, 400, 100, 4
    )
    tp = parallel.TensorParallelResult(2, 0, 0, 0, 0, 8, 8, 16, 55, 100)
    table = parallel.measured_table(dp, tp, pipeline_result)
    assert table["bytes per step per rank"].tolist() == [400, 16, 100]
    assert table["share held"].tolist() == pytest.approx([1.0, 0.55, 0.6])
    assert table["memory per rank (KB, fp32 + Adam)"].iloc[0] == pytest.approx(1.6)
    assert list(parallel.textbook_table().index)[0] == "data parallel (DDP)"


def test_run_functions_launch_and_cache(tmp_path, monkeypatch):
    from helpers.core import config

    monkeypatch.setattr(config, "CACHE_DIR", tmp_path)
    tp = parallel.run_tensor_parallel(world_size=2, n_embd=8)
    assert tp.mlp_grad_max_diff < 1e-5 and tp.world_size == 2
    again = parallel.run_tensor_parallel(world_size=2, n_embd=8)  # from the cache
    assert again.mlp_bytes == tp.mlp_bytes
    with pytest.raises(ValueError, match="does not divide"):
        parallel.run_pipeline(micro_batches=(3,), batch_size=16)
    assert len(fake_pipeline_results()) == 2
