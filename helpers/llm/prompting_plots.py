"""Figures of lesson 18's prompting section: accuracy against the number of
in-context examples, and the chain-of-thought comparison."""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes

from helpers.ui.plots import color_for, label_axes, new_ax


def plot_shots_curve(curve: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Accuracy (%) against shots: one line per hidden rule and their mean."""
    if not isinstance(curve, pd.DataFrame) or not {"shots", "rule", "accuracy"} <= set(
        curve.columns
    ):
        raise TypeError("curve must be the DataFrame of shots_curve")
    ax = new_ax(ax, figsize=(7, 3.6))
    for rule, part in curve.groupby("rule", sort=False):
        ax.plot(
            part["shots"],
            100 * part["accuracy"],
            marker="o",
            lw=1,
            alpha=0.7,
            color=color_for(str(rule)),
            label=f"rule: {rule}",
        )
    mean = curve.groupby("shots")["accuracy"].mean()
    ax.plot(
        mean.index,
        100 * mean.to_numpy(),
        color="black",
        lw=2.5,
        marker="s",
        label="mean of the rules",
    )
    ax.set_ylim(-3, 103)
    ax.set_xticks(sorted(curve["shots"].unique()))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    return label_axes(
        ax,
        title="In-context learning: accuracy vs number of examples",
        xlabel="examples in the prompt (shots)",
        ylabel="exact-match accuracy (%)",
    )


def plot_cot(table: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Accuracy (%) of each prompting condition on three-number sums (bars)."""
    if not isinstance(table, pd.DataFrame) or not {"condition", "accuracy"} <= set(
        table.columns
    ):
        raise TypeError("table must be the DataFrame of cot_comparison")
    ax = new_ax(ax, figsize=(7, 3.4))
    names = list(table["condition"])
    values = 100 * table["accuracy"].to_numpy()
    colors = [color_for("CoT" if "CoT" in n else "direct") for n in names]
    bars = ax.barh(names, values, color=colors)
    ax.bar_label(bars, fmt="%.0f%%", padding=3, fontsize=9)
    ax.set_xlim(0, 110)
    ax.invert_yaxis()
    return label_axes(
        ax,
        title="Chain of thought vs direct answers (three-number sums)",
        xlabel="exact-match accuracy (%)",
        ylabel="prompt",
    )
