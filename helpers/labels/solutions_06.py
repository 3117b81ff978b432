"""Expected answers of lesson 06's exercises, computed from the lesson's data.

The notebook's check cells call these, so no expected value is typed in or shown
before the student answers. Each function recomputes its answer from the inputs the
lesson passes in (the pool, the 50 given labels, the grid's cells).
"""

from __future__ import annotations

import numpy as np

from helpers.core.validation import check_array, check_real
from helpers.labels.selftraining import (
    MAX_ROUNDS,
    knn,
    logistic_regression,
    self_train,
)
from helpers.labels.selftraining_grid import GridCell

LETTERS = ("a", "b", "c")
"""06.3's choices: (a) class-balanced selection only starts after round 1;
(b) too few predictions clear the threshold, so there is nothing to balance;
(c) at that threshold the pseudo-labels are mostly wrong."""


def ex1_wrong_share(X: np.ndarray, y: np.ndarray, y_true: np.ndarray) -> float:
    """06.1: the share of wrong pseudo-labels of 3-NN, class-balanced top-10 per
    digit, threshold 0.5, up to 12 rounds."""
    run = self_train(
        X,
        y,
        make_model=knn,
        k=10,
        balanced=True,
        threshold=0.5,
        max_rounds=12,
        y_true=y_true,
    )
    return run.n_wrong / max(run.n_pseudo, 1)


def ex2_loop_wrong(
    X: np.ndarray,
    y: np.ndarray,
    y_true: np.ndarray,
    *,
    threshold: float = 0.7,
    rounds: int = 5,
) -> int:
    """06.2: wrong pseudo-labels of section 1's loop (logistic regression, C=10,
    every prediction above ``threshold``) over ``rounds`` rounds."""
    threshold = check_real("threshold", threshold, low=0, high=1)
    if not isinstance(rounds, int | np.integer) or isinstance(rounds, bool):
        raise TypeError(f"rounds must be an integer, got {type(rounds).__name__}")
    if not 1 <= rounds <= MAX_ROUNDS:
        raise ValueError(f"rounds must be in [1, {MAX_ROUNDS}], got {rounds}")
    run = self_train(
        X,
        y,
        threshold=threshold,
        max_rounds=int(rounds),
        make_model=logistic_regression,
        y_true=y_true,
    )
    return run.n_wrong


def ex3_letter(plain: GridCell, balanced: GridCell) -> str:
    """06.3: why class-balanced selection does not help at the highest threshold,
    read from the two cells (same model and threshold, the two rules)."""
    for name, cell in (("plain", plain), ("balanced", balanced)):
        if not isinstance(cell, GridCell):
            raise TypeError(f"{name} must be a GridCell, got {type(cell).__name__}")
    counts = check_array("class_counts", balanced.class_counts, ndim=3)
    pseudo = max(balanced.pseudo, 1.0)
    if balanced.wrong_total > 0.5 * pseudo:
        return "c"
    n_classes = counts.shape[2]
    first_round = counts[:, 0, :].sum(axis=0)  # (classes,) pooled over seeds
    k_max = counts[:, 0, :].max()  # most taken of one digit in one round
    too_few = (first_round > 0).sum() < n_classes or k_max < 2
    return "b" if too_few else "a"
