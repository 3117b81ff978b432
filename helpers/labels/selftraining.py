"""Self-training (lesson 06): pseudo-labels above a confidence threshold.

* :func:`self_train` -- the loop: fit on the labelled set, predict the unlabelled pool,
  keep confident predictions as **pseudo-labels**, refit from scratch; with a threshold,
  top-k per round, class-balanced selection and a maximum number of rounds. It returns
  a per-round :class:`SelfTrainingResult` (added, wrong, class mix, test accuracy).
* :func:`sklearn_self_training` -- scikit-learn's ``SelfTrainingClassifier`` on the same
  split, for comparison.
* :func:`partial_labels` -- hide all but a few labels per class.
* :func:`hold_out_validation` -- a labelled validation set cut from the test set, to
  choose settings on (the test set is scored once, for the chosen one).

What the pseudo-labels are worth in true labels (the cost view) is measured with the
shared :mod:`helpers.labels.curves`. The widget's precomputed grid of runs is in
:mod:`helpers.labels.selftraining_grid`, its plots in
:mod:`helpers.labels.selftraining_plots` and the widget in
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
from helpers.core.validation import (
    check_array,
    check_choice,
    check_int,
    check_labels,
    check_probabilities,
    check_real,
    check_same_length,
)

UNLABELED = -1
"""The label that marks an unlabelled example (scikit-learn's convention)."""

ModelFactory = Callable[[], ClassifierMixin]
"""A function with no arguments that returns a fresh, unfitted classifier."""

MAX_K = 1_000_000
"""Most pseudo-labels one round may add (``k``)."""
MAX_ROUNDS = 1000
"""Most self-training rounds (``max_rounds``)."""
MAX_NEIGHBORS = 1000
"""Most neighbours :func:`knn` may vote with."""
STOP_REASONS = ("max_rounds", "none_confident", "all_labeled")
"""Why a self-training run stopped (:attr:`SelfTrainingResult.stop_reason`)."""


# ------------------------------------------------------------------ base models


def logistic_regression(*, C: float = 10.0) -> ClassifierMixin:
    """Logistic regression, the textbook base model.

    ``C=10`` (weak regularisation) gave the best supervised accuracy on 50 digit labels
    among C in 0.1-100 when the lesson was written.
    """
    C = check_real("C", C, low=0, open_low=True)
    return LogisticRegression(C=C, max_iter=2000)


def knn(*, n_neighbors: int = 3) -> ClassifierMixin:
    """Distance-weighted k nearest neighbours (confidence = weighted vote share);
    ``n_neighbors`` is 1 to :data:`MAX_NEIGHBORS`."""
    n_neighbors = check_int("n_neighbors", n_neighbors, low=1, high=MAX_NEIGHBORS)
    return KNeighborsClassifier(n_neighbors=n_neighbors, weights="distance")


BASE_MODELS: dict[str, ModelFactory] = {
    "logistic regression": logistic_regression,
    "3-NN": knn,
}
"""The base models the lesson compares, by name."""


# ------------------------------------------------------------------ validation


def _check_partial_labels(
    X: np.ndarray, y: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``X`` 2-D, ``y`` one integer label per row (``-1`` = unlabelled) with at least
    two labelled classes. Beyond validation.py: the -1 convention and the classes."""
    X = check_array("X", X, ndim=2)
    y = check_labels("y", y)
    check_same_length(X=X, y=y)
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


def _check_rule(k: int | None, balanced: bool) -> int | None:
    """``k`` (None, or 1 to :data:`MAX_K`); class-balanced selection needs one."""
    if balanced and k is None:
        raise ValueError("balanced selection needs k (pseudo-labels per class)")
    return None if k is None else check_int("k", k, low=1, high=MAX_K)


def _check_factory(make_model: Any) -> ModelFactory:
    if not callable(make_model):
        raise TypeError(
            "make_model must be a function that returns a fresh classifier, got "
            f"{type(make_model).__name__}"
        )
    return make_model


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
    val_accuracy: np.ndarray | None = None  # (n_rounds + 1,) with a validation set

    def __post_init__(self) -> None:
        classes = check_labels("classes", self.classes)
        added = check_array("added", self.added, ndim=1, min_len=0)
        n = len(added)
        wrong = check_array("wrong", self.wrong, ndim=1, min_len=0)
        counts = check_array("class_counts", self.class_counts, ndim=2, min_len=0)
        accuracy = check_array(
            "test_accuracy", self.test_accuracy, ndim=1, finite=False
        )
        if wrong.shape != (n,) or counts.shape != (n, classes.size):
            raise ValueError(
                f"wrong and class_counts must have one row per round ({n}) and "
                f"class_counts one column per class ({classes.size}), got shapes "
                f"{wrong.shape} and {counts.shape}"
            )
        if accuracy.shape != (n + 1,):
            raise ValueError(
                f"test_accuracy must have n_rounds + 1 = {n + 1} entries, got "
                f"{accuracy.shape[0]}"
            )
        for name in ("labels", "labeled_round"):  # -1: no label, never labelled
            values = check_array(name, getattr(self, name), ndim=1)
            if np.any(values != np.round(values)) or np.any(values < UNLABELED):
                raise ValueError(f"{name} must hold integers >= -1")
        check_same_length(labels=self.labels, labeled_round=self.labeled_round)
        check_choice("stop_reason", self.stop_reason, STOP_REASONS)
        if self.val_accuracy is not None:
            val = check_array("val_accuracy", self.val_accuracy, ndim=1, finite=False)
            if val.shape != (n + 1,):
                raise ValueError(
                    f"val_accuracy must have n_rounds + 1 = {n + 1} entries, got "
                    f"{val.shape[0]}"
                )
        check_int("n_fits", self.n_fits, low=1, high=n + 1)
        check_real("seconds", self.seconds, low=0)

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
    threshold = check_real("threshold", threshold, low=0, high=1)
    k = _check_rule(k, balanced)
    proba = check_probabilities("proba", proba)
    if np.shape(classes) != (proba.shape[1],):
        raise ValueError(
            f"classes must name the {proba.shape[1]} columns of proba, got shape "
            f"{np.shape(classes)}"
        )
    classes = check_labels("classes", classes)
    confidence = proba.max(axis=1)  # (n_unlabeled,)
    predicted = classes[proba.argmax(axis=1)]  # (n_unlabeled,)
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
    X_val: np.ndarray | None = None,
    y_val: np.ndarray | None = None,
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
    X_val, y_val : a validation set, also scored after every fit
        (``val_accuracy``): choose settings on it, not on the test set.
    """
    X, y = _check_partial_labels(X, y)
    threshold = check_real("threshold", threshold, low=0, high=1)
    k = _check_rule(k, balanced)
    max_rounds = check_int("max_rounds", max_rounds, low=0, high=MAX_ROUNDS)
    make_model = _check_factory(make_model)
    if y_true is not None:
        y_true = check_labels("y_true", y_true)
        check_same_length(y=y, y_true=y_true)
    X_test, y_test = _check_scored_set("test", X_test, y_test, X.shape[1])
    X_val, y_val = _check_scored_set("val", X_val, y_val, X.shape[1])

    start = time.perf_counter()
    labels = y.copy()
    labeled_round = np.where(y != UNLABELED, 0, -1)
    classes = np.unique(y[y != UNLABELED])
    added, wrong, counts = [], [], []
    accuracy: list[float] = []
    val_accuracy: list[float] = []

    def fit() -> Any:
        has = labels != UNLABELED
        model = make_model().fit(X[has], labels[has])
        score = model.score(X_test, y_test) if X_test is not None else np.nan
        accuracy.append(float(score))
        if X_val is not None:
            val_accuracy.append(float(model.score(X_val, y_val)))
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
        val_accuracy=np.asarray(val_accuracy) if X_val is not None else None,
    )


def _check_scored_set(
    name: str, X_s: Any, y_s: Any, n_features: int
) -> tuple[np.ndarray | None, np.ndarray | None]:
    """A test or validation set (``X_<name>``, ``y_<name>``), both or neither."""
    if (X_s is None) != (y_s is None):
        raise ValueError(f"pass X_{name} and y_{name} together")
    if X_s is None:
        return None, None
    X_s = check_array(f"X_{name}", X_s, ndim=2)
    y_s = check_labels(f"y_{name}", y_s)
    check_same_length(**{f"X_{name}": X_s, f"y_{name}": y_s})
    if X_s.shape[1] != n_features:
        raise ValueError(
            f"X_{name} must have the {n_features} columns of X, got {X_s.shape[1]}"
        )
    return X_s, y_s


def partial_labels(y: np.ndarray, *, per_class: int = 5, seed: int = 0) -> np.ndarray:
    """``y`` with all but ``per_class`` labels of each class hidden (set to -1);
    ``per_class`` is at most the size of the smallest class."""
    y = check_labels("y", y)
    per_class = check_int("per_class", per_class, low=1)
    seed = check_int("seed", seed, low=0)
    keep = labelled_subset(y, per_class=per_class, seed=seed)
    partial = np.full(y.shape, UNLABELED, dtype=int)
    partial[keep] = y[keep]
    return partial


def hold_out_validation(
    split: DigitsSplit, *, per_class: int = 10, seed: int = 0
) -> tuple[DigitsSplit, np.ndarray, np.ndarray]:
    """Set ``per_class`` labelled images of each digit of the test set aside as a
    validation set: returns the split with the smaller test set, ``X_val`` and
    ``y_val``. Settings are chosen on the validation set; the test set is scored
    for the chosen one."""
    if not isinstance(split, DigitsSplit):
        raise TypeError(f"split must be a DigitsSplit, got {type(split).__name__}")
    per_class = check_int("per_class", per_class, low=1)
    seed = check_int("seed", seed, low=0)
    val = labelled_subset(split.y_test, per_class=per_class, seed=seed)
    rest = np.setdiff1d(np.arange(len(split.y_test)), val)
    smaller = DigitsSplit(
        split.X_pool, split.y_pool, split.X_test[rest], split.y_test[rest], split.scaled
    )
    return smaller, split.X_test[val], split.y_test[val]


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
    X, y = _check_partial_labels(X, y)
    threshold = check_real("threshold", threshold, low=0, high=1)
    max_rounds = check_int("max_rounds", max_rounds, low=0, high=MAX_ROUNDS)
    make_model = _check_factory(make_model)
    model = SelfTrainingClassifier(
        clone(make_model()), threshold=threshold, max_iter=max_rounds
    )
    return model.fit(X, y)
