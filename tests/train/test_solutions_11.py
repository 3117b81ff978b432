"""helpers.train.solutions_11: each expected answer against an independent route."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.train import solutions_11 as S
from helpers.train.families import digits_parts
from helpers.train.grid import DEFAULT, GridResults


def test_ex1_counts_parameters_by_the_formula():
    assert S.ex1_parameters() == 64 * 32 + 32 + 32 * 10 + 10
    assert S.ex1_parameters(n_features=5, width=3, n_classes=2) == 5 * 3 + 3 + 3 * 2 + 2


def _grid_with(first_perfect: int | None, best_val: int) -> GridResults:
    """A grid whose 50-image run first fits its training set at epoch index
    ``first_perfect`` (never if None) and has its lowest validation loss at
    ``best_val``."""
    import pandas as pd

    from helpers.train.grid import CURVES, settings

    runs = pd.DataFrame(settings()).assign(
        **{"train accuracy": 0.5, "val accuracy": 0.5, "best val accuracy": 0.5},
        seconds=1.0,
    )
    curves = np.full((len(runs), 4, 6), 0.5)
    i = int(np.flatnonzero(runs["n_train"] == 50)[0])
    if first_perfect is not None:
        curves[i, CURVES.index("train_acc"), first_perfect:] = 1.0
    curves[i, CURVES.index("val_loss"), best_val] = 0.1
    return GridResults(runs, curves, 6)


@pytest.mark.parametrize(
    ("first", "best", "letter"), [(1, 4, "a"), (3, 3, "b"), (5, 2, "c"), (None, 2, "d")]
)
def test_ex2_compares_first_perfect_epoch_with_best_validation(first, best, letter):
    assert S.ex2_overfit_letter(_grid_with(first, best)) == letter
    assert letter in S.OVERFIT_CHOICES
    assert DEFAULT["n_train"] != 50


def test_ex2_on_the_shipped_grid_reads_the_curves():
    from helpers.train.grid import training_grid

    grid = training_grid()
    train = grid.curve({"n_train": 50}, "train_acc")
    val_loss = grid.curve({"n_train": 50}, "val_loss")
    hits = [e for e, acc in enumerate(train) if acc == 1.0]
    best = min(range(len(val_loss)), key=lambda e: val_loss[e])
    expected = (
        "d" if not hits else "a" if hits[0] < best else "b" if hits[0] == best else "c"
    )
    assert S.ex2_overfit_letter(grid) == expected


def test_ex3_is_a_deterministic_sgd_run():
    parts = digits_parts(n_train=60)
    a = S.ex3_sgd_accuracy(parts, lr=0.1, epochs=2)
    b = S.ex3_sgd_accuracy(parts, lr=0.1, epochs=2)
    assert a == b and 0.1 < a <= 1.0
    assert S.ex3_sgd_accuracy(parts, lr=0.001, epochs=2) != a
