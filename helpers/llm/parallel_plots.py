"""Figures of lesson 16's parallelism half: a pipeline schedule as measured (who
computed what, when) and the bubble against the formula."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from helpers.core.validation import check_choice
from helpers.llm.parallel import PipelineResult
from helpers.ui.plots import label_axes, new_ax

OP_COLORS = {0: "#0072B2", 1: "#E69F00"}  # forward, backward
SCHEDULE_COLORS = {"gpipe": "#0072B2", "1f1b": "#D55E00"}


def plot_schedule(
    result: PipelineResult, *, schedule: str, m: int, ax: Axes | None = None
) -> Axes:
    """The measured timeline of one pipeline step: a row per rank, a box per
    forward (blue) and backward (orange), labelled with its micro-batch."""
    if not isinstance(result, PipelineResult):
        raise TypeError(f"result must be a PipelineResult, got {type(result).__name__}")
    key = check_choice("schedule/m", f"{schedule}/{m}", list(result.events))
    ax = new_ax(ax, figsize=(9, 2.6))
    timeline = result.events[key]
    for rank, ev in enumerate(timeline):
        for kind, mb, start, end in ev:
            ms0, width = 1000 * start, 1000 * (end - start)
            ax.barh(
                rank,
                width,
                left=ms0,
                height=0.6,
                color=OP_COLORS[int(kind)],
                edgecolor="white",
            )
            if width > 0:
                ax.text(
                    ms0 + width / 2,
                    rank,
                    str(int(mb)),
                    ha="center",
                    va="center",
                    color="white",
                    fontsize=8,
                )
    ax.set_yticks(range(len(timeline)), [f"rank {r}" for r in range(len(timeline))])
    ax.invert_yaxis()
    handles = [
        Patch(color=OP_COLORS[0], label="forward"),
        Patch(color=OP_COLORS[1], label="backward"),
    ]
    ax.legend(
        handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize="small"
    )
    row = result.table[
        (result.table["schedule"] == schedule) & (result.table["m"] == m)
    ]
    bubble = float(row["bubble measured"].iloc[0])
    return label_axes(
        ax,
        title=f"{schedule.upper()} schedule, m = {m} (measured bubble {bubble:.0%})",
        xlabel="time (ms)",
        ylabel="pipeline stage",
    )


def plot_bubbles(result: PipelineResult, *, ax: Axes | None = None) -> Axes:
    """Measured bubble per micro-batch count and schedule, and (p-1)/(m+p-1)."""
    if not isinstance(result, PipelineResult):
        raise TypeError(f"result must be a PipelineResult, got {type(result).__name__}")
    ax = new_ax(ax)
    table = result.table
    ms = np.sort(table["m"].unique())
    p = result.world_size
    ax.plot(ms, (p - 1) / (ms + p - 1), "k--", label="formula (p-1)/(m+p-1)")
    for name, group in table.groupby("schedule", sort=False):
        ax.plot(
            group["m"],
            group["bubble measured"],
            "o-",
            color=SCHEDULE_COLORS.get(name),
            label=f"measured, {name}",
        )
    ax.set_xscale("log", base=2)
    ax.set_xticks(ms, [str(m) for m in ms])
    ax.set_ylim(0, 1)
    ax.legend(loc="upper right", fontsize="small")
    return label_axes(
        ax,
        title=f"Pipeline bubble, p = {p} stages",
        xlabel="micro-batches m",
        ylabel="idle share of the step",
    )
