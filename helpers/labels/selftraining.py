"""Self-training (lesson 06): pseudo-labels above a confidence threshold.

* :func:`self_train` -- the loop: fit on the labelled set, predict the unlabelled pool,
  keep confident predictions as **pseudo-labels**, refit from scratch; with a threshold,
  top-k per round, class-balanced selection and a maximum number of rounds. It returns
  a per-round :class:`SelfTrainingResult` (added, wrong, class mix, test accuracy).
* :func:`sklearn_self_training` -- scikit-learn's ``SelfTrainingClassifier`` on the same
  split, for comparison.
* :func:`supervised_curve` and :func:`labels_needed` -- what the pseudo-labels are
  worth in true labels (the cost view).

The widget's precomputed grid, its plots and the widget live in
:mod:`helpers.labels.selftraining_widget`.

Labels follow scikit-learn's convention: ``y == -1`` marks an unlabelled example. The
true labels of the pool (``y_true``) are only ever used to *report* how many
pseudo-labels were wrong, never to choose them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sklearn.base import ClassifierMixin, clone
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.semi_supervised import SelfTrainingClassifier

from helpers.core.data import DigitsSplit, labelled_subset

UNLABELED = -1
"""The label that marks an unlabelled example (scikit-learn's convention)."""

ModelFactory = Callable[[], ClassifierMixin]
"""A function with no arguments that returns a fresh, unfitted classifier."""


# ------------------------------------------------------------------ base models


def logistic_regression(*, C: float = 10.0) -> ClassifierMixin:
    """Logistic regression, the textbook base model.

    ``C=10`` (weak regularisation) gave the best supervised accuracy on 50 digit labels
    among C in 0.1-100 when the lesson was written.
    """
    return LogisticRegression(C=C, max_iter=2000)


def knn(*, n_neighbors: int = 3) -> ClassifierMixin:
    """Distance-weighted k nearest neighbours (confidence = weighted vote share)."""
    return KNeighborsClassifier(n_neighbors=n_neighbors, weights="distance")


BASE_MODELS: dict[str, ModelFactory] = {
    "logistic regression": logistic_regression,
    "3-NN": knn,
}
"""The base models the lesson compares, by name."""


# ------------------------------------------------------------------ validation


def check_threshold(threshold: float) -> float:
    """``threshold`` as a float, or ``ValueError`` unless it lies in [0, 1]."""
    number = int | float | np.integer | np.floating
    if isinstance(threshold, bool) or not isinstance(threshold, number):
        raise ValueError(f"threshold must be a number in [0, 1], got {threshold!r}")
    if not 0.0 <= float(threshold) <= 1.0:
        raise ValueError(f"threshold must be in [0, 1], got {threshold}")
    return float(threshold)


def _check_count(
    name: str, value: int | None, *, minimum: int, allow_none: bool = False
) -> None:
    if value is None and allow_none:
        return
    if (
        isinstance(value, bool)
        or not isinstance(value, int | np.integer)
        or value < minimum
    ):
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")


def _check_labels(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    if X.ndim != 2 or y.ndim != 1 or len(X) != len(y):
        raise ValueError(
            f"X must be 2-D and y 1-D with one label per row, got {X.shape} and "
            f"{y.shape}"
        )
    if not np.issubdtype(y.dtype, np.integer):
        raise ValueError(f"y must hold integer labels (-1 = unlabelled), got {y.dtype}")
    if np.any(y < UNLABELED):
        raise ValueError("y must hold labels >= 0, or -1 for unlabelled examples")
    classes = np.unique(y[y != UNLABELED])
    if classes.size == 0:
        raise ValueError("the labelled set is empty: y has no label other than -1")
    if classes.size < 2:
        raise ValueError(
            f"need labelled examples of at least 2 classes, got only class {classes}"
        )
    return X, y


# ------------------------------------------------------------------ the loop


@dataclass
class SelfTrainingResult:
    """What one self-training run did, round by round.

    Round 0 is the supervised-only model (labelled examples only); round ``r >= 1``
    added ``added[r - 1]`` pseudo-labels and refit. Arrays have one entry per round
    that added something (``n_rounds`` of them); ``test_accuracy`` has ``n_rounds + 1``
    (the baseline first).
    """

    classes: np.ndarray
    added: np.ndarray  # (n_rounds,) pseudo-labels added in each round
    wrong: np.ndarray  # (n_rounds,) of them wrong (needs y_true; else -1)
    class_counts: np.ndarray  # (n_rounds, n_classes) pseudo-labels per class
    test_accuracy: np.ndarray  # (n_rounds + 1,) NaN without a test set
    labels: np.ndarray  # (n,) given labels and pseudo-labels; -1 where none
    labeled_round: np.ndarray  # (n,) round an example entered; 0 given, -1 never
    stop_reason: str  # "max_rounds", "none_confident" or "all_labeled"
    n_fits: int
    seconds: float  # wall time, including scoring the test set after each fit
    model: Any = field(repr=False, default=None)

    @property
    def n_rounds(self) -> int:
        return len(self.added)

    @property
    def baseline_accuracy(self) -> float:
        """Test accuracy of the supervised-only model (round 0)."""
        return float(self.test_accuracy[0])

    @property
    def final_accuracy(self) -> float:
        return float(self.test_accuracy[-1])

    @property
    def n_pseudo(self) -> int:
        return int(self.added.sum())

    @property
    def n_wrong(self) -> int:
        return int(self.wrong.sum())


def select_confident(
    proba: np.ndarray,
    classes: np.ndarray,
    *,
    threshold: float,
    k: int | None = None,
    balanced: bool = False,
) -> np.ndarray:
    """Rows of ``proba`` to pseudo-label: confidence strictly above ``threshold``.

    Parameters
    ----------
    proba : predicted class probabilities, shape ``(n_unlabeled, n_classes)``.
    classes : the class label of each column.
    k : at most ``k`` rows per call (per predicted class when ``balanced``), the most
        confident first; None keeps every row above the threshold.
    balanced : pick up to ``k`` rows for *each* predicted class, so one easy class
        cannot crowd out the rest.

    Returns
    -------
    Sorted row indices.
    """
    threshold = check_threshold(threshold)
    _check_count("k", k, minimum=1, allow_none=True)
    if balanced and k is None:
        raise ValueError("balanced selection needs k (pseudo-labels per class)")
    proba = np.asarray(proba, dtype=float)
    confidence = proba.max(axis=1)  # (n_unlabeled,)
    predicted = np.asarray(classes)[proba.argmax(axis=1)]  # (n_unlabeled,)
    # Most confident first; a stable sort keeps ties in pool order (reproducible).
    order = np.argsort(-confidence, kind="stable")
    order = order[confidence[order] > threshold]
    if balanced:
        picked = [order[predicted[order] == c][:k] for c in classes]
        return np.sort(np.concatenate(picked))
    return np.sort(order if k is None else order[:k])


def self_train(
    X: np.ndarray,
    y: np.ndarray,
    *,
    threshold: float = 0.9,
    k: int | None = None,
    balanced: bool = False,
    max_rounds: int = 10,
    make_model: ModelFactory = logistic_regression,
    y_true: np.ndarray | None = None,
    X_test: np.ndarray | None = None,
    y_test: np.ndarray | None = None,
) -> SelfTrainingResult:
    """Self-train a classifier: fit, pseudo-label confident predictions, refit.

    Parameters
    ----------
    X : features of the pool, shape ``(n, d)``.
    y : labels, ``-1`` for unlabelled examples.
    threshold : keep predictions whose top probability is strictly above this, in
        [0, 1]; 1.0 keeps nothing (supervised only).
    k : top-k pseudo-labels per round (per class when ``balanced``); None = all above
        the threshold.
    balanced : class-balanced selection (needs ``k``).
    max_rounds : stop after this many rounds (0 = supervised only). The loop also
        stops early when nothing is confident or nothing is left unlabelled.
    make_model : returns a fresh classifier with ``predict_proba``; each round fits a
        new one from scratch on given labels plus pseudo-labels.
    y_true : the hidden true labels of the pool, used only to count wrong
        pseudo-labels.
    X_test, y_test : a test set scored after every fit.
    """
    X, y = _check_labels(X, y)
    threshold = check_threshold(threshold)
    _check_count("k", k, minimum=1, allow_none=True)
    _check_count("max_rounds", max_rounds, minimum=0)
    if balanced and k is None:
        raise ValueError("balanced selection needs k (pseudo-labels per class)")
    if y_true is not None and np.shape(y_true) != y.shape:
        raise ValueError(f"y_true must have shape {y.shape}, got {np.shape(y_true)}")
    if (X_test is None) != (y_test is None):
        raise ValueError("pass X_test and y_test together")

    start = time.perf_counter()
    labels = y.copy()
    labeled_round = np.where(y != UNLABELED, 0, -1)
    classes = np.unique(y[y != UNLABELED])
    added, wrong, counts = [], [], []
    accuracy: list[float] = []

    def fit() -> Any:
        has = labels != UNLABELED
        model = make_model().fit(X[has], labels[has])
        score = model.score(X_test, y_test) if X_test is not None else np.nan
        accuracy.append(float(score))
        return model

    model = fit()
    stop_reason = "max_rounds"
    for r in range(1, max_rounds + 1):
        pool = np.flatnonzero(labels == UNLABELED)
        if pool.size == 0:
            stop_reason = "all_labeled"
            break
        proba = model.predict_proba(X[pool])  # (n_unlabeled, n_classes)
        rows = select_confident(
            proba,
            model.classes_,
            threshold=threshold,
            k=k,
            balanced=balanced,
        )
        if rows.size == 0:
            stop_reason = "none_confident"
            break
        chosen = pool[rows]
        labels[chosen] = model.classes_[proba[rows].argmax(axis=1)]
        labeled_round[chosen] = r
        added.append(chosen.size)
        if y_true is not None:  # reporting only: the loop never reads y_true
            wrong.append(int(np.sum(labels[chosen] != y_true[chosen])))
        else:
            wrong.append(-1)
        counts.append([(labels[chosen] == c).sum() for c in classes])
        model = fit()
    else:
        if max_rounds > 0 and not np.any(labels == UNLABELED):
            stop_reason = "all_labeled"

    return SelfTrainingResult(
        classes=classes,
        added=np.asarray(added, dtype=int),
        wrong=np.asarray(wrong, dtype=int),
        class_counts=np.asarray(counts, dtype=int).reshape(-1, classes.size),
        test_accuracy=np.asarray(accuracy),
        labels=labels,
        labeled_round=labeled_round,
        stop_reason=stop_reason,
        n_fits=len(accuracy),
        seconds=time.perf_counter() - start,
        model=model,
    )


def partial_labels(y: np.ndarray, *, per_class: int = 5, seed: int = 0) -> np.ndarray:
    """``y`` with all but ``per_class`` labels of each class hidden (set to -1)."""
    y = np.asarray(y)
    keep = labelled_subset(y, per_class=per_class, seed=seed)
    partial = np.full(y.shape, UNLABELED, dtype=int)
    partial[keep] = y[keep]
    return partial


def sklearn_self_training(
    X: np.ndarray,
    y: np.ndarray,
    *,
    threshold: float = 0.9,
    max_rounds: int = 10,
    make_model: ModelFactory = logistic_regression,
) -> SelfTrainingClassifier:
    """scikit-learn's ``SelfTrainingClassifier`` (criterion "threshold"), fitted.

    It adds *every* prediction above ``threshold`` each round (no top-k, no class
    balance): the same as :func:`self_train` with ``k=None, balanced=False``.
    """
    X, y = _check_labels(X, y)
    threshold = check_threshold(threshold)
    _check_count("max_rounds", max_rounds, minimum=0)
    model = SelfTrainingClassifier(
        clone(make_model()), threshold=threshold, max_iter=max_rounds
    )
    return model.fit(X, y)


# ------------------------------------------------------------------ the cost view


def supervised_curve(
    split: DigitsSplit,
    *,
    per_class: tuple[int, ...] = (5, 10, 20, 40, 80),
    seeds: tuple[int, ...] = (0, 1, 2),
    make_model: ModelFactory = logistic_regression,
) -> np.ndarray:
    """Test accuracy of supervised-only training on true labels, per label budget.

    Returns shape ``(n_seeds, len(per_class))``: the reference for how many labels a
    self-trained accuracy is worth.
    """
    if not per_class or not seeds:
        raise ValueError("per_class and seeds must not be empty")
    runs = np.zeros((len(seeds), len(per_class)))
    for s, seed in enumerate(seeds):
        for j, n in enumerate(per_class):
            keep = labelled_subset(split.y_pool, per_class=n, seed=seed)
            model = make_model().fit(split.X_pool[keep], split.y_pool[keep])
            runs[s, j] = model.score(split.X_test, split.y_test)
    return runs


def labels_needed(
    n_labels: np.ndarray, accuracy: np.ndarray, *, target: float
) -> float:
    """Labels a supervised model needs to reach ``target`` accuracy.

    Linear interpolation on a learning curve (``accuracy`` at ``n_labels``, made
    monotone with a running maximum); NaN when the curve never gets there.
    """
    n_labels = np.asarray(n_labels, dtype=float)
    accuracy = np.maximum.accumulate(np.asarray(accuracy, dtype=float))
    if n_labels.shape != accuracy.shape or n_labels.ndim != 1 or n_labels.size < 2:
        raise ValueError(
            "n_labels and accuracy must be 1-D, the same length and at least 2 long"
        )
    if target <= accuracy[0]:
        return float(n_labels[0])
    if target > accuracy[-1]:
        return float("nan")
    j = int(np.argmax(accuracy >= target))  # first point at or above the target
    a0, a1 = accuracy[j - 1], accuracy[j]
    return float(np.interp(target, [a0, a1], n_labels[j - 1 : j + 1]))
