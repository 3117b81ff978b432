"""Lesson 17's widget: how do LoRA's rank and the layers it adapts change accuracy
and the number of trainable parameters? (A precomputed grid: callbacks select.)"""

from __future__ import annotations

from helpers.llm.finetune_plots import plot_lora_grid
from helpers.llm.finetune_runs import LoraGrid, load
from helpers.ui.widgets import InteractiveFigure, steps, toggle


def build_lora_widget(grid: LoraGrid | None = None) -> InteractiveFigure:
    """Pick a rank and the target layers; see the grid's accuracy curves with the
    choice ringed and its trainable parameters. ``grid`` defaults to the shipped
    :func:`helpers.llm.finetune_runs.lora_grid`."""
    if grid is None:
        grid = load("ft_lora_grid", verbose=False)
    if not isinstance(grid, LoraGrid):
        raise TypeError(f"grid must be a LoraGrid, got {type(grid).__name__}")
    t = grid.table
    ranks = sorted(int(r) for r in t["rank"].unique())
    rows = {(int(r["rank"]), r["targets"]): r for r in t.to_dict("records")}
    controls = {
        "rank": steps("rank r", ranks, value=ranks[len(ranks) // 2], fmt="{}"),
        "targets": toggle("layers", ["attention", "mlp", "both"], value="attention"),
    }

    def draw(axes, params) -> str:
        rank, targets = params["rank"], params["targets"]
        plot_lora_grid(grid, rank=rank, targets=targets, ax=axes[0, 0])
        row = rows[(rank, targets)]
        return (
            f"rank {rank} on {targets}: accuracy <b>{row['accuracy']:.1%}</b> with "
            f"<b>{row['trainable']:,}</b> trainable parameters "
            f"({row['trainable %']:.2f} % of the model, head included)"
        )

    return InteractiveFigure(
        controls,
        draw,
        figsize=(8, 3.6),
        adjust={"left": 0.1, "right": 0.72, "bottom": 0.16, "top": 0.88},
        state=grid,
    )
