"""Tests for llm/pipeline_widget.py: moving the controls redraws the schedule."""

from __future__ import annotations

import numpy as np
from widget_checks import set_and_check_redraw

from helpers.llm import parallel
from helpers.llm.pipeline_widget import build_pipeline_widget


def _result() -> parallel.PipelineResult:
    results = []
    for rank in range(2):
        runs = []
        for kind in ("gpipe", "1f1b"):
            for m in (1, 2):
                ev = np.array(
                    [(0, i, 0.1 * i + rank, 0.1 * i + rank + 0.05) for i in range(m)]
                    + [
                        (1, i, 3 + 0.1 * i - rank, 3.05 + 0.1 * i - rank)
                        for i in range(m)
                    ]
                )
                runs.append(
                    {
                        "schedule": kind,
                        "m": m,
                        "loss": 1.0,
                        "events": ev,
                        "t0": 0.0,
                        "peak_in_flight": m if kind == "gpipe" else 1,
                        "bytes_sent": 10,
                        "grad_max_diff": 0.0,
                    }
                )
        results.append(
            {
                "rank": rank,
                "ref_loss": 1.0,
                "stage_params": 5,
                "full_params": 9,
                "runs": runs,
            }
        )
    return parallel.summarise_pipeline(results)


def test_moving_the_controls_redraws():
    result = _result()
    widget = build_pipeline_widget(result)
    assert widget.state is result
    state = set_and_check_redraw(widget, "m", 2)
    assert "formula (p-1)/(m+p-1) = <b>33%</b>" in state["summary"]
    state = set_and_check_redraw(widget, "schedule", "1f1b")
    assert "in flight on rank 0: 1" in state["summary"]
