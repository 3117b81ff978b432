"""Figures of lesson 18's evaluation section: what BLEU is made of, and the harness
table as a heat map."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from helpers.llm.textmetrics import BleuScore
from helpers.ui.plots import color_for, label_axes, new_ax


def plot_bleu_parts(scores: dict[str, BleuScore], ax: Axes | None = None) -> Axes:
    """Modified n-gram precisions (bars per order) of several candidates, with each
    one's brevity penalty and BLEU in the legend."""
    if not isinstance(scores, dict) or not scores:
        raise TypeError("scores must be a non-empty dict of name -> BleuScore")
    if not all(isinstance(s, BleuScore) for s in scores.values()):
        raise TypeError("scores must hold BleuScore values")
    ax = new_ax(ax, figsize=(7, 3.6))
    width = 0.8 / len(scores)
    for i, (name, s) in enumerate(scores.items()):
        orders = np.arange(1, len(s.precisions) + 1)
        ax.bar(
            orders + (i - (len(scores) - 1) / 2) * width,
            s.precisions,
            width=width,
            color=color_for(name),
            label=f"{name}: BP {s.brevity_penalty:.2f}, BLEU {s.score:.1f}",
        )
    ax.set_xticks(orders)
    ax.set_ylim(0, 105)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    return label_axes(
        ax,
        title="BLEU's parts: clipped n-gram precisions",
        xlabel="n-gram order n",
        ylabel="modified precision p_n (%)",
    )


def plot_harness(table: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """The harness table as a heat map (scores in %, annotated), with a colour bar."""
    if not isinstance(table, pd.DataFrame) or table.empty:
        raise TypeError("table must be a non-empty DataFrame (harness_table)")
    ax = new_ax(ax, figsize=(7, 3.8))
    values = table.to_numpy(dtype=float)  # (tasks, models)
    image = ax.imshow(values, cmap="viridis", vmin=0, vmax=100, aspect="auto")
    for (r, c), v in np.ndenumerate(values):
        ax.text(
            c,
            r,
            f"{v:.0f}",
            ha="center",
            va="center",
            color="white" if v < 60 else "black",
            fontsize=9,
        )
    ax.set_xticks(range(values.shape[1]), list(table.columns))
    ax.set_yticks(range(values.shape[0]), list(table.index))
    ax.grid(False)
    ax.figure.colorbar(image, ax=ax, label="score (%)")
    return label_axes(
        ax,
        title="The harness: held-out tasks of four kinds",
        xlabel="model",
        ylabel="task (metric)",
    )
