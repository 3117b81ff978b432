"""The lifecycle figure of lesson 00, drawn from the lesson map."""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from helpers.core.lessons import LLM_BRANCH, MAIN_LOOP
from helpers.ui.plots import OKABE_ITO


def _box(
    ax: Axes, xy: tuple[float, float], text: str, color: str, width: float = 1.8
) -> None:
    x, y = xy
    ax.add_patch(
        FancyBboxPatch(
            (x - width / 2, y - 0.38),
            width,
            0.76,
            boxstyle="round,pad=0.05",
            facecolor=color,
            edgecolor="none",
            alpha=0.9,
        )
    )
    ax.text(
        x, y, text, ha="center", va="center", fontsize=8.5, color="white", weight="bold"
    )


def _arrow(ax: Axes, a: tuple[float, float], b: tuple[float, float], **kw) -> None:
    ax.add_patch(
        FancyArrowPatch(
            a,
            b,
            arrowstyle="-|>",
            mutation_scale=12,
            color=kw.pop("color", "#444444"),
            lw=1.3,
            **kw,
        )
    )


def plot_lifecycle(ax: Axes | None = None) -> Axes:
    """The lifecycle as a loop of stages naming their lessons, plus the LLM branch."""
    if ax is None:
        _, ax = plt.subplots(figsize=(11, 5.2))
    n = len(MAIN_LOOP)
    xs = [1.2 + 2.3 * i for i in range(n // 2)]
    top = [(x, 3.4) for x in xs]
    bottom = [(x, 1.7) for x in reversed(xs)]
    positions = top + bottom
    for (label, lessons), pos in zip(MAIN_LOOP, positions, strict=True):
        tag = ", ".join(f"{k:02d}" for k in lessons)
        _box(ax, pos, f"{label}\nlesson {tag}", OKABE_ITO["blue"])
    for a, b in zip(positions, positions[1:], strict=False):
        dx = 0.95 if a[1] == b[1] else 0
        sign = 1 if b[0] > a[0] else -1
        if a[1] == b[1]:
            _arrow(ax, (a[0] + sign * dx, a[1]), (b[0] - sign * dx, b[1]))
        else:
            _arrow(ax, (a[0], a[1] - 0.42), (b[0], b[1] + 0.42))
    # Monitoring feeds back to data: the loop closes.
    _arrow(
        ax,
        (positions[-1][0], positions[-1][1] + 0.42),
        (positions[1][0], positions[1][1] - 0.42),
        connectionstyle="arc3,rad=-0.25",
        color=OKABE_ITO["vermillion"],
    )
    ax.text(
        3.0,
        2.55,
        "drift → collect\nand label again",
        fontsize=8,
        color=OKABE_ITO["vermillion"],
        ha="center",
        va="center",
    )
    # The large-model branch.
    branch = [(1.0 + 1.9 * i, 0.1) for i in range(len(LLM_BRANCH))]
    for (label, lessons), pos in zip(LLM_BRANCH, branch, strict=True):
        tag = ", ".join(f"{k:02d}" for k in lessons)
        _box(ax, pos, f"{label}\nlesson {tag}", OKABE_ITO["purple"], width=1.5)
    for a, b in zip(branch, branch[1:], strict=False):
        _arrow(ax, (a[0] + 0.8, a[1]), (b[0] - 0.8, b[1]))
    ax.text(
        0.25,
        0.75,
        "Large-model lifecycle",
        fontsize=9,
        weight="bold",
        color=OKABE_ITO["purple"],
    )
    ax.text(
        0.25,
        4.05,
        "The lifecycle of an AI system (capstone: lesson 15)",
        fontsize=9,
        weight="bold",
        color=OKABE_ITO["blue"],
    )
    ax.set_xlim(0, 9.6)
    ax.set_ylim(-0.5, 4.3)
    ax.set_axis_off()
    ax.set_title("Stages of the lifecycle and the lessons that teach them")
    return ax
