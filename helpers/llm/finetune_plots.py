"""Figures of lesson 17: accuracy vs labels (the value of pretraining), accuracy vs
trainable share for each method, and the LoRA rank x target-layers grid."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from helpers.core.validation import check_choice, check_int
from helpers.llm.finetune_runs import LabelRuns, LoraGrid, MethodRuns
from helpers.ui.plots import label_axes, new_ax

START_COLORS = {"pretrained": "#0072B2", "scratch": "#D55E00"}
TARGET_COLORS = {"attention": "#0072B2", "mlp": "#009E73", "both": "#D55E00"}


def plot_label_curve(runs: LabelRuns, *, ax: Axes | None = None) -> Axes:
    """Test accuracy against the number of labels, pretrained vs from scratch."""
    if not isinstance(runs, LabelRuns):
        raise TypeError(f"runs must be a LabelRuns, got {type(runs).__name__}")
    ax = new_ax(ax)
    for start, rows in runs.table.groupby("start", sort=False):
        ax.plot(rows["labels"], rows["accuracy"], "o-", color=START_COLORS[start],
                label=f"{start} body, full fine-tuning")  # fmt: skip
    ax.axhline(0.25, ls=":", color="grey", lw=1, label="chance (4 classes)")
    ax.set_xscale("log", base=2)
    ax.set_ylim(0, 1)
    ax.legend(loc="upper left", fontsize="small")
    return label_axes(
        ax,
        title="Tickets: what pretraining is worth",
        xlabel="labelled tickets (log scale)",
        ylabel="test accuracy",
    )


def plot_methods(runs: MethodRuns, *, ax: Axes | None = None) -> Axes:
    """Accuracy against the trainable share (log scale), one point per method."""
    if not isinstance(runs, MethodRuns):
        raise TypeError(f"runs must be a MethodRuns, got {type(runs).__name__}")
    ax = new_ax(ax)
    t = runs.table
    ax.scatter(t["trainable %"], t["accuracy"], s=40, color="#0072B2", zorder=3)
    for row in t.itertuples():
        ax.annotate(row.method, (row._3, row.accuracy), textcoords="offset points",
                    xytext=(5, 4), fontsize="small")  # fmt: skip
    ax.set_xscale("log")
    ax.set_ylim(0, 1)
    ax.set_xlim(t["trainable %"].min() / 2, 400)
    return label_axes(ax, title=f"Same task, same budget ({runs.n_labels} labels)",
                      xlabel="trainable parameters (% of the model, log scale)",
                      ylabel="test accuracy")  # fmt: skip


def plot_lora_grid(
    grid: LoraGrid, *, rank: int | None = None, targets: str | None = None,
    ax: Axes | None = None,
) -> Axes:  # fmt: skip
    """Accuracy against LoRA rank, one line per target group; ``rank`` and
    ``targets`` (optional) ring the selected cell."""
    if not isinstance(grid, LoraGrid):
        raise TypeError(f"grid must be a LoraGrid, got {type(grid).__name__}")
    t = grid.table
    ranks = sorted(int(r) for r in t["rank"].unique())
    if rank is not None:
        rank = check_int("rank", rank, low=1, high=4096)
        if rank not in ranks:
            raise ValueError(f"rank must be one of {ranks}, got {rank}")
    if targets is not None:
        targets = check_choice("targets", targets, list(TARGET_COLORS))
    ax = new_ax(ax)
    for name, rows in t.groupby("targets", sort=False):
        ax.plot(rows["rank"], rows["accuracy"], "o-", color=TARGET_COLORS[name],
                label=f"LoRA on {name}")  # fmt: skip
    if rank is not None and targets is not None:
        sel = t[(t["rank"] == rank) & (t["targets"] == targets)]
        ax.plot(sel["rank"], sel["accuracy"], "o", ms=14, mfc="none", mec="black",
                label="selected")  # fmt: skip
    ax.set_xscale("log", base=2)
    ax.set_xticks(ranks, [str(r) for r in ranks])
    lo = float(np.min(t["accuracy"]))
    ax.set_ylim(max(0.0, lo - 0.1), min(1.0, float(np.max(t["accuracy"])) + 0.1))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small")
    return label_axes(ax, title="LoRA: rank and target layers",
                      xlabel="rank r (log scale)", ylabel="test accuracy")  # fmt: skip
