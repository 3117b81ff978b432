"""Expected answers of lesson 11's exercises, computed from the lesson's data.

The notebook's check cells call these; nothing here is printed in the lesson.
"""

from __future__ import annotations

import numpy as np

from helpers.core.validation import check_choice, check_int, check_real
from helpers.train.families import Parts
from helpers.train.grid import CURVES, GridResults
from helpers.train.models import build_model, count_parameters
from helpers.train.trainer import TrainConfig, fit

OVERFIT_CHOICES = {
    "a": "it first reaches 100 % before the epoch of lowest validation loss",
    "b": "it first reaches 100 % at the epoch of lowest validation loss",
    "c": "it first reaches 100 % after the epoch of lowest validation loss",
    "d": "it never reaches 100 % within the run's epochs",
}
"""Exercise 11.2's options: when training accuracy first reaches 100 %, compared
with the epoch of lowest validation loss."""


def ex1_parameters(
    *, n_features: int = 64, width: int = 32, n_classes: int = 10
) -> int:
    """Trainable numbers of an MLP with one hidden layer of ``width`` units."""
    return count_parameters(
        build_model("mlp", n_features=n_features, width=width, n_classes=n_classes)
    )


def ex2_overfit_letter(grid: GridResults, *, n_train: int = 50) -> str:
    """The letter of :data:`OVERFIT_CHOICES` that the run on ``n_train`` images
    shows: the first epoch with training accuracy 1.0 against the epoch of the
    lowest validation loss."""
    if not isinstance(grid, GridResults):
        raise TypeError(f"grid must be GridResults, got {type(grid).__name__}")
    check_choice("n_train", n_train, (50, 200, 1000))
    run = grid.curves[grid.index_of({"n_train": n_train})]  # (4, epochs)
    perfect = np.flatnonzero(run[CURVES.index("train_acc")] >= 1.0)
    if perfect.size == 0:
        return "d"
    best = int(np.argmin(run[CURVES.index("val_loss")]))
    return "a" if perfect[0] < best else "b" if perfect[0] == best else "c"


def ex3_sgd_accuracy(parts: Parts, *, lr: float = 0.1, epochs: int = 10) -> float:
    """Validation accuracy of the default MLP (width 64) trained with plain SGD."""
    if not isinstance(parts, Parts):
        raise TypeError(f"parts must be Parts, got {type(parts).__name__}")
    lr = check_real("lr", lr, low=0, open_low=True, high=100)
    epochs = check_int("epochs", epochs, low=1, high=1000)
    model = build_model("mlp", width=64)
    config = TrainConfig(epochs=epochs, lr=lr, optimizer="sgd")
    history = fit(
        model,
        parts.X_train,
        parts.y_train,
        parts.X_val,
        parts.y_val,
        config=config,
        progress=False,
    )
    return history.val_acc[-1]
