"""What are labels worth? Accuracy against the number of true labels, over seeds.

Lessons 06-09 each ask how many hand labels a cheaper route is worth: self-training
(06), an active-learning strategy (07), labeling functions (08), a pretrained
representation (09). They answer with the same two tools:

* :func:`accuracy_vs_labels` measures a supervised **learning curve**: for every seed
  and label budget it draws ``per_class`` true labels per class
  (:func:`helpers.core.data.labelled_subset`) and scores a model trained on them.
* :func:`labels_to_reach` reads a curve with one meaning everywhere: **the fewest labels
  at which the median accuracy over seeds first reaches the target** (NaN when it never
  does within the curve). Read on the measured grid by default; with
  ``interpolate=True`` the crossing is placed linearly between the two grid points
  around it.

The figure that goes with them is :func:`helpers.labels.curves_plots.plot_labels_worth`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from helpers.core.data import labelled_subset
from helpers.core.validation import (
    check_array,
    check_int,
    check_labels,
    check_real,
    check_seeds,
)

ScoreFn = Callable[[np.ndarray, int], float]
"""``score(labelled_indices, seed) -> accuracy`` of a model trained on those labels."""


@dataclass(frozen=True)
class LabelCurve:
    """Accuracy at several label budgets over several seeds.

    ``n_labels`` has shape ``(n_points,)`` (total labels, increasing) and ``accuracy``
    shape ``(n_seeds, n_points)``.
    """

    n_labels: np.ndarray
    accuracy: np.ndarray

    def __post_init__(self) -> None:
        n = check_array("n_labels", self.n_labels, ndim=1)
        acc = check_array("accuracy", np.atleast_2d(self.accuracy), ndim=2)
        if acc.shape[1] != n.shape[0]:
            raise ValueError(
                f"accuracy must have shape (n_seeds, {n.shape[0]}) to match n_labels, "
                f"got {acc.shape}"
            )
        if np.any(np.diff(n) <= 0):
            raise ValueError(f"n_labels must increase, got {n.tolist()}")
        object.__setattr__(self, "n_labels", n)
        object.__setattr__(self, "accuracy", acc)

    def median(self) -> np.ndarray:
        """Median accuracy over seeds, shape ``(n_points,)``."""
        return np.median(self.accuracy, axis=0)


def accuracy_vs_labels(
    score: ScoreFn,
    y: np.ndarray,
    *,
    per_class: Sequence[int],
    seeds: Sequence[int],
) -> LabelCurve:
    """A supervised learning curve: ``score`` on ``per_class`` labels per class.

    Parameters
    ----------
    score : ``score(indices, seed) -> accuracy``: train on the examples at
        ``indices`` (with their true labels) and return held-out accuracy.
    y : the true labels of the pool the labels are drawn from, shape ``(n,)``.
    per_class : label budgets per class, increasing.
    seeds : one draw of labels per seed; the same seed draws the same labels.

    >>> y = np.repeat([0, 1], 5)
    >>> curve = accuracy_vs_labels(lambda idx, s: len(idx) / 10, y,
    ...                            per_class=[1, 2, 5], seeds=[0, 1])
    >>> curve.n_labels.tolist(), curve.median().tolist()
    ([2.0, 4.0, 10.0], [0.2, 0.4, 1.0])
    """
    if not callable(score):
        raise TypeError(f"score must be callable, got {type(score).__name__}")
    y = check_labels("y", y)
    budgets = [check_int("per_class", n, low=1) for n in per_class]
    if not budgets:
        raise ValueError("per_class must name at least one budget")
    seeds = check_seeds(seeds)
    n_classes = len(np.unique(y))
    runs = np.empty((len(seeds), len(budgets)))  # (n_seeds, n_points)
    for i, seed in enumerate(seeds):
        for j, n in enumerate(budgets):
            idx = labelled_subset(y, per_class=n, seed=seed)
            runs[i, j] = check_real("score(...)", score(idx, seed), low=0, high=1)
    return LabelCurve(n_classes * np.asarray(budgets, dtype=float), runs)


def labels_to_reach(
    curve: LabelCurve, target: float, *, interpolate: bool = False
) -> float:
    """The fewest labels at which the median accuracy over seeds first reaches
    ``target``; NaN when it never does on the curve.

    On the grid by default; with ``interpolate`` the crossing is placed linearly
    between the last grid point below the target and the first at or above it (a
    target at or below the first point gives the first budget).

    >>> c = LabelCurve(np.array([10, 20, 40]), np.array([[0.5, 0.7, 0.9]]))
    >>> labels_to_reach(c, 0.7), round(labels_to_reach(c, 0.8, interpolate=True), 6)
    (20.0, 30.0)
    >>> labels_to_reach(c, 0.95)
    nan
    """
    if not isinstance(curve, LabelCurve):
        raise TypeError(f"curve must be a LabelCurve, got {type(curve).__name__}")
    target = check_real("target", target, low=0, high=1)
    med = curve.median()
    hit = np.flatnonzero(med >= target)
    if not hit.size:
        return float("nan")
    j = int(hit[0])
    if not interpolate or j == 0:
        return float(curve.n_labels[j])
    a0, a1 = med[j - 1], med[j]
    x0, x1 = curve.n_labels[j - 1], curve.n_labels[j]
    return float(x0 + (target - a0) / (a1 - a0) * (x1 - x0))
