"""Lesson 16's widget: how does the pipeline schedule change with the number of
micro-batches, and how big is the idle bubble?"""

from __future__ import annotations

from helpers.core import config
from helpers.llm.parallel import PipelineResult, run_pipeline
from helpers.llm.parallel_plots import plot_schedule
from helpers.ui.widgets import InteractiveFigure, steps, toggle


def build_pipeline_widget(result: PipelineResult | None = None) -> InteractiveFigure:
    """Pick a schedule and a micro-batch count; see the measured timeline, its
    bubble and the formula. ``result`` defaults to a fresh (cached) pipeline run."""
    if result is None:
        result = run_pipeline(
            micro_batches=config.pick((1, 2, 4, 8), (1, 2, 4)),
            repeats=config.pick(2, 1),
        )
    if not isinstance(result, PipelineResult):
        raise TypeError(f"result must be a PipelineResult, got {type(result).__name__}")
    table = result.table
    ms = sorted(int(m) for m in table["m"].unique())
    rows = {(r["schedule"], int(r["m"])): r for r in table.to_dict("records")}
    controls = {
        "schedule": toggle("schedule", ["gpipe", "1f1b"], value="gpipe"),
        "m": steps("micro-batches", ms, value=ms[0], fmt="{}"),
    }

    def draw(axes, params) -> str:
        schedule, m = params["schedule"], params["m"]
        plot_schedule(result, schedule=schedule, m=m, ax=axes[0, 0])
        row = rows[(schedule, m)]
        return (
            f"measured bubble <b>{row['bubble measured']:.0%}</b>, "
            f"formula (p-1)/(m+p-1) = <b>{row['bubble formula']:.0%}</b>; "
            "micro-batches in flight on rank 0: "
            f"{row['peak in flight (rank 0)']}"
        )

    return InteractiveFigure(
        controls,
        draw,
        figsize=(9.5, 2.8),
        adjust={"left": 0.1, "right": 0.82, "bottom": 0.22, "top": 0.85},
        state=result,
    )
