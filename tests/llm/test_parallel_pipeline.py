"""Tests for llm/parallel_pipeline.py: schedules, the formula, two real stages."""

from __future__ import annotations

import pytest

from helpers.llm import parallel_pipeline as pp
from helpers.llm.launch import launch


@pytest.mark.parametrize("kind", pp.SCHEDULES)
@pytest.mark.parametrize("p", [2, 3])
@pytest.mark.parametrize("m", [1, 2, 5])
def test_schedules_run_every_op_once_forward_first(kind, p, m):
    for rank in range(p):
        ops = pp.schedule(kind, rank, p, m)
        assert sorted(ops) == sorted(
            [("F", i) for i in range(m)] + [("B", i) for i in range(m)]
        )
        for i in range(m):
            assert ops.index(("F", i)) < ops.index(("B", i))
        in_flight = peak = 0
        for op, _ in ops:
            in_flight += 1 if op == "F" else -1
            peak = max(peak, in_flight)
        assert peak == (m if kind == "gpipe" else min(m, p - rank))


def test_bubble_formula():
    assert pp.bubble_formula(2, 1) == 0.5
    assert pp.bubble_formula(4, 5) == pytest.approx(3 / 8)


def test_micro_batches_that_do_not_divide_the_batch_are_refused():
    with pytest.raises(ValueError, match="does not divide the batch of 16"):
        pp.check_args(2, micro_batches=[5], batch_size=16)
    with pytest.raises(ValueError, match="stages"):
        pp.check_args(2, n_layer=3)


def test_two_stages_give_the_one_process_loss_and_gradients():
    results = launch(
        "pipeline",
        world_size=2,
        args={
            "micro_batches": [1, 4],
            "batch_size": 8,
            "n_layer": 2,
            "n_embd": 16,
            "block_size": 8,
            "repeats": 1,
        },
    )
    last = results[-1]
    assert len(last["runs"]) == 4
    for r in results:
        for run in r["runs"]:
            assert run["grad_max_diff"] < 1e-6
    for run in last["runs"]:
        assert run["loss"] == pytest.approx(last["ref_loss"], abs=1e-5)
    assert (
        results[0]["stage_params"] + results[1]["stage_params"]
        > results[0]["full_params"]
    )
