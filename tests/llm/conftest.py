"""Shared fixtures of the llm tests: a hand-made pipeline result and a tiny run."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.llm import parallel


def fake_pipeline_results() -> list[dict]:
    """Two ranks, one GPipe run with m = 1: rank 0 works 0-1 and 3-4 s, rank 1
    works 1-3 s; each is busy 2 of 4 seconds, so the bubble is 50 %."""

    def run(events, t0):
        return {
            "schedule": "gpipe",
            "m": 1,
            "loss": 1.5,
            "events": np.array(events),
            "t0": t0,
            "peak_in_flight": 1,
            "bytes_sent": 100,
            "grad_max_diff": 0.0,
        }

    rank0 = {
        "rank": 0,
        "ref_loss": 1.5,
        "stage_params": 60,
        "full_params": 100,
        "runs": [run([(0, 0, 0.0, 1.0), (1, 0, 3.0, 4.0)], 10.0)],
    }
    rank1 = {
        "rank": 1,
        "ref_loss": 1.5,
        "stage_params": 50,
        "full_params": 100,
        "runs": [run([(0, 0, 0.5, 1.5), (1, 0, 1.5, 2.5)], 10.5)],
    }
    return [rank0, rank1]


@pytest.fixture
def pipeline_result() -> parallel.PipelineResult:
    return parallel.summarise_pipeline(fake_pipeline_results())
