"""A precomputed grid of training runs for the hyperparameter widget.

One MLP on the digits (:func:`helpers.train.families.digits_parts`) around a default
setting (:data:`DEFAULT`), varying **one setting at a time** (:data:`AXES`): learning
rate, batch size, optimiser, weight decay, dropout and training-set size. A full
product would be 4 x 3 x 3 x 3 x 3 x 3 = 972 runs; one at a time it is 14. Each run
keeps its whole history (train and validation loss and accuracy per epoch).

Shipped as the artefact ``training_grid`` (normal mode: 50 epochs per run, a minute
or two on one core); fast mode trains 8 epochs on at most 200 images.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import torch

from helpers.core.artefacts import shipped
from helpers.core.config import pick
from helpers.core.progress import progress
from helpers.core.validation import check_array, check_choice, check_frame, check_int
from helpers.train.families import digits_parts
from helpers.train.models import build_model
from helpers.train.trainer import TrainConfig, fit

DEFAULT: dict[str, Any] = {
    "lr": 1e-2,
    "batch_size": 32,
    "optimizer": "adam",
    "weight_decay": 0.0,
    "dropout": 0.0,
    "n_train": 1000,
}
"""The setting every run starts from; a run changes at most one of these."""

AXES: dict[str, tuple] = {
    "lr": (1e-4, 1e-3, 1e-2, 1e-1),
    "batch_size": (8, 32, 128),
    "optimizer": ("sgd", "momentum", "adam"),
    "weight_decay": (0.0, 1e-3, 1e-2),
    "dropout": (0.0, 0.3, 0.6),
    "n_train": (50, 200, 1000),
}
"""The values each setting takes (the default among them)."""

CURVES = ("train_loss", "val_loss", "train_acc", "val_acc")
RESULTS = ("train accuracy", "val accuracy", "best val accuracy", "seconds")
WIDTH = 64


def settings() -> list[dict[str, Any]]:
    """Every run's setting: the default, then one axis changed at a time."""
    out = [dict(DEFAULT)]
    for axis, values in AXES.items():
        out += [{**DEFAULT, axis: v} for v in values if v != DEFAULT[axis]]
    return out


@dataclass(frozen=True)
class GridResults:
    """``runs``: one row per run (its setting and final accuracies);
    ``curves``: shape (n_runs, 4, epochs) in the order of :data:`CURVES`."""

    runs: pd.DataFrame
    curves: np.ndarray
    epochs: int

    def __post_init__(self) -> None:
        check_frame(self.runs, (*AXES, *RESULTS), name="runs")
        epochs = check_int("epochs", self.epochs, low=1, high=10_000)
        curves = check_array("curves", self.curves, ndim=3)
        if curves.shape != (len(self.runs), len(CURVES), epochs):
            raise ValueError(
                f"curves must have shape (runs, {len(CURVES)}, epochs) = "
                f"({len(self.runs)}, {len(CURVES)}, {epochs}), got {curves.shape}"
            )

    def index_of(self, setting: dict[str, Any]) -> int:
        """The run of ``setting``; a ValueError when it changes more than one axis
        from the default (the grid has no such run)."""
        if not isinstance(setting, dict):
            raise TypeError(f"setting must be a dict, got {type(setting).__name__}")
        full = {**DEFAULT, **setting}
        if set(full) != set(AXES):
            raise ValueError(
                f"setting must name only {list(AXES)}, got {list(setting)}"
            )
        for axis in AXES:
            check_choice(axis, full[axis], AXES[axis])
        moved = [a for a in AXES if full[a] != DEFAULT[a]]
        if len(moved) > 1:
            resets = ", ".join(f"{a}={DEFAULT[a]!r}" for a in moved[1:])
            raise ValueError(
                f"this grid varies one setting at a time: {' and '.join(moved)} both "
                f"differ from the default; set {resets} back to vary {moved[0]}"
            )
        match = np.ones(len(self.runs), bool)
        for axis in AXES:
            match &= (self.runs[axis] == full[axis]).to_numpy()
        return int(np.flatnonzero(match)[0])

    def curve(self, setting: dict[str, Any], name: str) -> np.ndarray:
        """One curve (``name`` in :data:`CURVES`) of the run of ``setting``."""
        check_choice("name", name, CURVES)
        return self.curves[self.index_of(setting), CURVES.index(name)]


def compute_grid(*, epochs: int = 50, max_train: int = 1000) -> GridResults:
    """Train every run of :func:`settings` (``max_train`` caps the training set)."""
    epochs = check_int("epochs", epochs, low=1, high=10_000)
    max_train = check_int("max_train", max_train, low=10, high=1000)
    torch.set_num_threads(1)
    parts = digits_parts()
    rows, curves = [], []
    for setting in progress(settings(), desc="training grid"):
        n = min(setting["n_train"], max_train)
        model = build_model("mlp", width=WIDTH, dropout=setting["dropout"])
        config = TrainConfig(
            epochs=epochs,
            lr=setting["lr"],
            batch_size=setting["batch_size"],
            optimizer=setting["optimizer"],
            weight_decay=setting["weight_decay"],
        )
        h = fit(
            model,
            parts.X_train[:n],
            parts.y_train[:n],
            parts.X_val,
            parts.y_val,
            config=config,
            progress=False,
        )
        curves.append([getattr(h, c) for c in CURVES])
        rows.append(
            {
                **setting,
                "train accuracy": h.train_acc[-1],
                "val accuracy": h.val_acc[-1],
                "best val accuracy": max(h.val_acc),
                "seconds": h.seconds,
            }
        )
    return GridResults(pd.DataFrame(rows), np.asarray(curves, dtype=float), epochs)


def training_grid(*, verbose: bool = True) -> GridResults:
    """The lesson's grid: shipped in normal mode, computed small in fast mode."""
    options = {"epochs": pick(50, 8), "max_train": pick(1000, 200)}
    return shipped(
        "training_grid",
        lambda: compute_grid(**options),
        params=options,
        verbose=verbose,
    )
