"""Lesson 10's augmentation-vs-synthesis widget: ratio and strength over a grid.

:func:`build_synthetic_widget` takes (or loads from the cache) the grid of
:func:`helpers.synth.synthetic_digits.compute_digits_grid`; its callback only selects
a precomputed cell and redraws it with :mod:`helpers.synth.synthetic_plots`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from helpers.synth.synthetic_digits import SOURCES, DigitsGrid, digits_grid
from helpers.synth.synthetic_plots import plot_digit_examples, plot_ratio_curves
from helpers.ui.widgets import InteractiveFigure, steps


def _middle(options: tuple, preferred: Any) -> Any:
    return preferred if preferred in options else options[len(options) // 2]


def build_synthetic_widget(*, grid: DigitsGrid | None = None) -> InteractiveFigure:
    """Ratio and strength sliders over the precomputed grid; callbacks only select.

    ``grid`` defaults to the cached :func:`helpers.synth.synthetic_digits.digits_grid`;
    it is the widget's ``state``.
    """
    grid = digits_grid(verbose=False) if grid is None else grid
    if not isinstance(grid, DigitsGrid):
        raise TypeError(f"grid must be a DigitsGrid, got {type(grid).__name__}")

    def draw(axes: np.ndarray, p: dict[str, Any]) -> str:
        strength, ratio = p["strength"], p["ratio"]
        plot_ratio_curves(grid, strength=strength, ratio=ratio, ax=axes[0, 0])
        plot_digit_examples(grid, strength=strength, ax=axes[0, 1])
        real = np.median(grid.at("augmented", strength, 0))
        parts = [f"real only: <b>{real:.3f}</b>"]
        for source in SOURCES:
            value = np.median(grid.at(source, strength, ratio))
            parts.append(
                f"+ {source}: <b>{value:.3f}</b> ({100 * (value - real):+.1f} points)"
            )
        return (
            f"{len(grid.seeds)} seeds, median test accuracy at ratio {ratio}: "
            + "; ".join(parts)
        )

    controls = {
        "ratio": steps(
            "extra : real ratio", grid.ratios, value=_middle(grid.ratios, 8)
        ),
        "strength": steps(
            "strength", grid.strengths, value=_middle(grid.strengths, 0.5)
        ),
    }
    return InteractiveFigure(
        controls,
        draw,
        ncols=2,
        figsize=(9.5, 4.0),
        adjust={
            "left": 0.07,
            "right": 0.98,
            "bottom": 0.3,
            "top": 0.88,
            "wspace": 0.25,
        },
        state=grid,
    )
