"""Figures of lesson 05's labeling guide: the flowchart and the map of settings.

The flowchart's layout (where each node sits, what its box says) lives here; the
guide itself is :mod:`helpers.labels.guide` and its tables
:mod:`helpers.labels.guide_data`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import numpy as np
from matplotlib.axes import Axes

from helpers.labels.guide import taken_edges, walk
from helpers.labels.guide_data import ROUTES, SETTINGS, TREE
from helpers.ui.plots import color_for, label_axes, new_ax

_POS: dict[str, tuple[float, float]] = {
    "data": (5.0, 5.4),
    "acquire": (1.5, 5.4),
    "labels": (5.0, 4.2),
    "good": (8.6, 4.2),
    "supervised": (8.6, 5.4),
    "representation": (9.0, 3.0),
    "enough": (7.0, 3.0),
    "budget_few": (2.6, 1.85),
    "budget_more": (7.0, 1.85),
    "crowdsourcing": (1.3, 0.5),
    "weak_supervision": (3.8, 0.5),
    "active_learning": (6.0, 0.5),
    "self_training": (8.5, 0.5),
}


_TEXT = {
    "data": "data?",
    "labels": "labels?",
    "enough": "enough labels\nfor a first model?",
    "good": "first model\ngood enough?",
    "budget_few": "budget for\nlabeling?",
    "budget_more": "budget for\nlabeling?",
    "acquire": "01 acquire data",
    "supervised": "04, 11 supervised",
    "representation": "03, 02, 09 improve\nrepresentation",
    "crowdsourcing": "05 crowdsourcing",
    "weak_supervision": "08 weak\nsupervision",
    "active_learning": "07 active learning\n(human in the loop)",
    "self_training": "06 self-training\n(semi-supervised)",
}


_GREY = "#BBBBBB"


def plot_flowchart(
    answers: Mapping[str, str | None], *, ax: Axes | None = None
) -> Axes:
    """The decision guide as a flowchart; the path of ``answers`` is highlighted."""
    path, route = walk(answers)
    on_path = set(path) | ({route.key} if route else set())
    taken = taken_edges(answers)
    ax = new_ax(ax, figsize=(9, 5))
    for node, edges in TREE.items():
        for answer, target in edges.items():
            hot = (node, target) in taken
            color = color_for("after") if hot else _GREY
            ax.annotate(
                "",
                xy=_POS[target],
                xytext=_POS[node],
                arrowprops={
                    "arrowstyle": "-|>",
                    "color": color,
                    "lw": 2.2 if hot else 1.0,
                    "shrinkA": 16,
                    "shrinkB": 16,
                },
            )
            mid = np.mean([_POS[node], _POS[target]], axis=0)
            ax.text(
                *mid,
                answer,
                fontsize=7.5,
                ha="center",
                va="center",
                color=color,
                bbox={"fc": "white", "ec": "none", "pad": 0.5},
            )
    for node, (x, y) in _POS.items():
        leaf = node in ROUTES
        if node in on_path:
            face = color_for("correct") if leaf else color_for("after")
            fg = "white"
        else:
            face, fg = "#F2F2F2", "#555555"
        ax.text(
            x,
            y,
            _TEXT[node],
            ha="center",
            va="center",
            fontsize=8,
            color=fg,
            weight="bold" if node in on_path else "normal",
            bbox={
                "boxstyle": "round,pad=0.4" if leaf else "square,pad=0.4",
                "fc": face,
                "ec": face if node in on_path else _GREY,
            },
        )
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 6)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    # The plot font has no CJK glyphs: the title drops a "(中文)" part of the name.
    name = route.name.split(" (")[0] if route else ""
    title = f"Route: {name}" if route else "Answer the highlighted question"
    return label_axes(ax, title=title, xlabel="", ylabel="")


def plot_learning_settings(*, ax: Axes | None = None) -> Axes:
    """Each setting placed by how many examples carry a human label and how trustworthy
    those labels are (a qualitative map: positions are not measurements)."""
    ax = new_ax(ax, figsize=(8, 5))
    for name, _, assumes, _, lessons, (x, y) in SETTINGS:
        ax.scatter([x], [y], s=900, color=color_for(name), alpha=0.25, edgecolor="none")
        ax.text(
            x,
            y + 0.01,
            f"{name}\n(lessons {lessons})",
            ha="center",
            va="bottom",
            fontsize=8.5,
            weight="bold",
        )
        ax.text(
            x,
            y - 0.03,
            textwrap.fill(assumes, 30),
            ha="center",
            va="top",
            fontsize=7.5,
            linespacing=1.1,
        )
    ax.set_xlim(-0.12, 1.12)
    ax.set_ylim(-0.08, 1.1)
    ax.set_xticks([0, 0.5, 1], ["none", "some", "all"])
    ax.set_yticks([0.1, 0.9], ["noisy /\nnone", "exact"])
    return label_axes(
        ax,
        title="Learning settings by what they assume about labels",
        xlabel="share of training examples with a human label",
        ylabel="how far each label can be trusted",
    )
