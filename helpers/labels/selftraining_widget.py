"""Lesson 06's widget: a confidence-threshold slider over the precomputed grid of runs.

:func:`build_self_training_widget` takes the grid of
:func:`helpers.labels.selftraining_grid.selftraining_grid` as its ``state`` and wires a
threshold slider, a plain/class-balanced toggle and a base-model dropdown to the plots
of :mod:`helpers.labels.selftraining_plots`; a callback only selects a grid cell and
redraws. :func:`summary_html` states the cell's numbers in words.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from helpers.core.validation import check_choice, check_real
from helpers.labels.selftraining import BASE_MODELS
from helpers.labels.selftraining_grid import (
    GridCell,
    SelfTrainingGrid,
    selftraining_grid,
)
from helpers.labels.selftraining_plots import plot_accuracy_rounds, plot_pseudo_labels
from helpers.ui.plots import class_colors
from helpers.ui.widgets import InteractiveFigure, dropdown, steps, toggle


def summary_html(cell: GridCell) -> str:
    """The numbers behind the widget's picture, in one line."""
    if not isinstance(cell, GridCell):
        raise TypeError(f"cell must be a GridCell, got {type(cell).__name__}")
    gain = 100 * (cell.final - cell.baseline)
    share_wrong = cell.wrong_total / cell.pseudo if cell.pseudo else 0.0
    n_classes = cell.class_counts.shape[-1]
    return (
        f"<b>{cell.model}, threshold {cell.threshold:.2f}, {cell.mode}</b>: test "
        f"accuracy <b>{cell.final:.3f}</b> after self-training vs {cell.baseline:.3f} "
        f"supervised-only ({gain:+.1f} points) &nbsp;|&nbsp; "
        f"{cell.pseudo:.0f} pseudo-labels, <b>{cell.wrong_total:.0f} wrong</b> "
        f"({share_wrong:.1%}); largest class {cell.largest_share():.0%} of them "
        f"(balanced: {1 / n_classes:.0%}) &nbsp;|&nbsp; "
        f"{np.median(cell.n_fits):.0f} fits, {np.median(cell.seconds):.2f} s per run "
        f"(medians over {cell.added.shape[0]} seeds)"
    )


def digit_key_html(n_classes: int) -> str:
    """The colour key of :func:`plot_pseudo_labels` as HTML.

    The widget shows the key below the figure: a legend of eleven entries would cost
    a third of every redraw.
    """
    swatches = " ".join(
        f"<span style='color:{c}'>&#9632;</span>&nbsp;{d}"
        for d, c in enumerate(class_colors(n_classes))
    )
    return f"bars by predicted digit: {swatches} &nbsp;|&nbsp; black steps: wrong"


# ------------------------------------------------------------------ the widget


def build_self_training_widget(
    grid: SelfTrainingGrid | None = None,
    *,
    model: str = "logistic regression",
    threshold: float | None = None,
    balanced: bool = False,
) -> InteractiveFigure:
    """A confidence-threshold slider over the precomputed grid of self-training runs.

    The grid is the widget's ``state``. Controls: the threshold (only precomputed
    values), plain vs class-balanced selection, and the base model. Each move selects
    a grid cell and redraws two panels: pseudo-labels per round (stacked by predicted
    digit, with the wrong ones) and test accuracy per round against the
    supervised-only baseline.
    """
    # The options first, before the grid is loaded or computed.
    check_choice("model", model, list(BASE_MODELS))
    if threshold is not None:
        check_real("threshold", threshold, low=0, high=1)
    if grid is not None and not isinstance(grid, SelfTrainingGrid):
        raise TypeError(f"grid must be a SelfTrainingGrid, got {type(grid).__name__}")
    grid = grid if grid is not None else selftraining_grid()
    thresholds = list(grid.config.thresholds)
    if threshold is None:
        threshold = min(thresholds, key=lambda t: abs(t - 0.9))
    grid.select(model=model, threshold=threshold, balanced=balanced)  # validates

    def draw(axes: np.ndarray, p: dict[str, Any]) -> str:
        cell = grid.select(
            model=p["model"], threshold=p["threshold"], balanced=p["balanced"]
        )
        other = grid.select(
            model=p["model"], threshold=p["threshold"], balanced=not p["balanced"]
        )
        plot_pseudo_labels(cell, ax=axes[0, 0], legend=False)
        plot_accuracy_rounds(cell, other=other, ax=axes[0, 1])
        return summary_html(cell) + "<br>" + digit_key_html(cell.class_counts.shape[-1])

    controls = {
        "threshold": steps(
            "confidence threshold", thresholds, value=threshold, fmt="{:.2f}"
        ),
        "balanced": toggle(
            "selection",
            [("plain", False), ("class-balanced", True)],
            value=bool(balanced),
        ),
        "model": dropdown("base model", list(grid.config.models), value=model),
    }
    return InteractiveFigure(controls, draw, ncols=2, state=grid)
