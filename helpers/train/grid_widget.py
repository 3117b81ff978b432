"""Widget: move one hyperparameter of the MLP and watch its training curves.

The runs are precomputed (:func:`helpers.train.grid.training_grid`, one setting
varied at a time around the default); a callback only looks up a run and redraws.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from helpers.train.grid import AXES, CURVES, DEFAULT, GridResults, training_grid
from helpers.train.training_plots import plot_grid_run
from helpers.ui.widgets import InteractiveFigure, steps, toggle

LABELS = {
    "lr": "learning rate",
    "batch_size": "batch size",
    "optimizer": "optimiser",
    "weight_decay": "weight decay",
    "dropout": "dropout",
    "n_train": "training images",
}


def _summary(grid: GridResults, setting: dict[str, Any]) -> str:
    run = grid.curves[grid.index_of(setting)]  # (4, epochs)
    tr, va = run[CURVES.index("train_acc"), -1], run[CURVES.index("val_acc"), -1]
    best = int(np.argmin(run[CURVES.index("val_loss")])) + 1
    return (
        f"after {grid.epochs} epochs: train accuracy <b>{tr:.3f}</b>, validation "
        f"accuracy <b>{va:.3f}</b> (gap {tr - va:+.3f}); lowest validation loss at "
        f"epoch {best}"
    )


def build_training_grid_widget(grid: GridResults | None = None) -> InteractiveFigure:
    """Six controls over the precomputed grid (loaded or computed once here).

    The grid changes one setting at a time: with two settings off their defaults
    the widget says which one to set back.
    """
    if grid is None:
        grid = training_grid(verbose=False)
    if not isinstance(grid, GridResults):
        raise TypeError(f"grid must be GridResults, got {type(grid).__name__}")
    controls = {}
    for axis, values in AXES.items():
        label = LABELS[axis]
        if axis == "optimizer":
            controls[axis] = toggle(label, list(values), value=DEFAULT[axis])
        else:
            fmt = "{:.0e}" if axis == "lr" else "{:g}"
            controls[axis] = steps(label, list(values), value=DEFAULT[axis], fmt=fmt)

    def draw(axes: np.ndarray, params: dict[str, Any]) -> str:
        plot_grid_run(grid, params, axes=axes.ravel())
        return _summary(grid, params)

    return InteractiveFigure(
        controls,
        draw,
        ncols=2,
        figsize=(10, 3.6),
        title="One setting at a time: how does it change the curves?",
        state=grid,
    )
