"""The embedding explorer of lesson 09: precomputed SimCLR runs, shown on demand.

:func:`build_embedding_widget` takes (or loads from the cache) the grid of
:func:`helpers.represent.explorer.compute_explorer_grid`; its callback only selects a
setting (:func:`helpers.represent.explorer.explorer_view`) and draws it with
:func:`helpers.represent.projection_plots.plot_embedding` and
:func:`helpers.represent.explorer_plots.plot_alignment_uniformity`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from helpers.represent.contrastive import SimCLRConfig
from helpers.represent.explorer import (
    PROJECTIONS,
    ExplorerGrid,
    explorer_grid,
    explorer_view,
)
from helpers.represent.explorer_plots import plot_alignment_uniformity
from helpers.represent.projection_plots import plot_embedding
from helpers.ui.widgets import InteractiveFigure, dropdown, steps, toggle


def build_embedding_widget(grid: ExplorerGrid | None = None) -> InteractiveFigure:
    """The lesson's centrepiece: move epoch, temperature, strength and projection.

    ``grid`` defaults to the cached :func:`helpers.represent.explorer.explorer_grid`;
    it is the widget's ``state``.
    """
    grid = explorer_grid(verbose=False) if grid is None else grid
    if not isinstance(grid, ExplorerGrid):
        raise TypeError(f"grid must be an ExplorerGrid, got {type(grid).__name__}")
    spec = grid.spec

    def draw(axes: np.ndarray, p: dict[str, Any]) -> str:
        view = explorer_view(
            grid,
            temperature=p["temperature"],
            strength=p["strength"],
            epoch=p["epoch"],
            projection=p["projection"],
        )
        plot_embedding(
            view.points,
            grid.labels,
            ax=axes[0, 0],
            projection=view.projection,
            limits=view.limits,
            title=f"Test digits, epoch {view.epoch} ({view.projection})",
        )
        plot_alignment_uniformity(grid, view, ax=axes[0, 1], baselines=grid.baselines)
        return view.to_html(grid.baselines)

    default = SimCLRConfig()
    tau = default.temperature if default.temperature in spec.temperatures else None
    strength = default.strength if default.strength in spec.strengths else None
    controls = {
        "epoch": steps(
            "epoch", spec.snapshot_epochs, value=spec.snapshot_epochs[-1], fmt="{}"
        ),
        "temperature": dropdown(
            "temperature τ", list(spec.temperatures), value=tau or spec.temperatures[0]
        ),
        "strength": dropdown(
            "augmentation strength",
            list(spec.strengths),
            value=strength or spec.strengths[0],
        ),
        "projection": toggle("projection", list(PROJECTIONS), value="t-SNE"),
    }
    return InteractiveFigure(
        controls,
        draw,
        ncols=2,
        figsize=(10.0, 4.4),
        adjust={
            "left": 0.04,
            "right": 0.98,
            "bottom": 0.13,
            "top": 0.91,
            "wspace": 0.2,
        },
        state=grid,
    )
