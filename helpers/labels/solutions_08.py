"""Expected answers of lesson 08's exercises, computed from the lesson's data.

The notebook's check cells call these, so an expected value is never on screen:

* :func:`conflict_share` -- 08.1, the share of voted-on items whose votes disagree;
* :func:`single_vote_posterior` -- 08.2, ``P(class | one function votes it, the
  others abstain)`` under a fitted label model;
* :func:`conflict_gain_letter` -- 08.3, where the label model's gain over majority
  vote comes from, as a multiple-choice letter;
* :func:`threshold_label_accuracy` -- 08.4, the label model's label accuracy when
  the weak classifier ``clf_dev`` votes only above another confidence threshold.
"""

from __future__ import annotations

import numpy as np

from helpers.core.validation import check_array, check_int, check_labels, check_real
from helpers.labels.label_model import LabelModel
from helpers.labels.tickets import TicketData, ticket_lfs
from helpers.labels.votes import ABSTAIN, check_votes
from helpers.labels.weak import apply_lfs, classifier_lf

GAIN_TOL = 0.002
"""08.3: gains that differ by less than this count as equal (answer c)."""


def conflict_share(L: np.ndarray, *, n_classes: int) -> float:
    """Share of the items with at least one vote whose votes name two or more
    different classes."""
    L = check_votes("L", L, n_classes=n_classes)
    covered = (L != ABSTAIN).any(axis=1)
    if not covered.any():
        raise ValueError("no function votes on any item: no conflicts to count")
    n_distinct = np.array([len(set(row[row != ABSTAIN])) for row in L[covered]])
    return float((n_distinct >= 2).mean())


def single_vote_posterior(model: LabelModel, *, lf_index: int, cls: int) -> float:
    """``P(y = cls | function lf_index votes cls, every other function abstains)``."""
    if not isinstance(model, LabelModel) or not hasattr(model, "hit_"):
        raise TypeError("model must be a fitted LabelModel")
    m, K = len(model.hit_), model.n_classes
    lf_index = check_int("lf_index", lf_index, low=0, high=m - 1)
    cls = check_int("cls", cls, low=0, high=K - 1)
    row = np.full((1, m), ABSTAIN)
    row[0, lf_index] = cls
    return float(model.predict_proba(row)[0, cls])


def _votes_1d(name: str, values: np.ndarray, n_classes: int) -> np.ndarray:
    """Labels that may be ``ABSTAIN``, as a 1-D integer array."""
    arr = check_array(name, values, ndim=1)
    if not np.all(arr == np.round(arr)):
        raise ValueError(f"{name} must hold integer labels (-1 = no vote)")
    column = arr.astype(int).reshape(-1, 1)  # (n, 1)
    return check_votes(name, column, n_classes=n_classes).ravel()


def conflict_gain_letter(
    L: np.ndarray,
    y: np.ndarray,
    lm_labels: np.ndarray,
    mv_labels: np.ndarray,
    *,
    n_classes: int,
) -> str:
    """08.3: is the label model's accuracy gain over majority vote (a) larger on
    tickets whose votes conflict, (b) larger on tickets without conflict, or (c)
    about the same (within :data:`GAIN_TOL`)? Labels may be ``ABSTAIN``."""
    L = check_votes("L", L, n_classes=n_classes)
    n = len(L)
    y = check_labels("y", y, n_classes=n_classes)
    lm = _votes_1d("lm_labels", lm_labels, n_classes)
    mv = _votes_1d("mv_labels", mv_labels, n_classes)
    for name, arr in (("y", y), ("lm_labels", lm), ("mv_labels", mv)):
        if len(arr) != n:
            raise ValueError(
                f"L and {name} must have the same length, got {n} and {len(arr)}"
            )
    covered = (L != ABSTAIN).any(axis=1)
    n_distinct = np.array([len(set(row[row != ABSTAIN])) for row in L])
    conflict = covered & (n_distinct >= 2)
    calm = covered & (n_distinct == 1)
    if not conflict.any() or not calm.any():
        raise ValueError("need covered items both with and without conflicts")

    def gain(mask: np.ndarray) -> float:
        return float((lm[mask] == y[mask]).mean() - (mv[mask] == y[mask]).mean())

    g_conflict, g_calm = gain(conflict), gain(calm)
    if abs(g_conflict - g_calm) < GAIN_TOL:
        return "c"
    return "a" if g_conflict > g_calm else "b"


def threshold_label_accuracy(
    data: TicketData, *, threshold: float, n_classes: int = 4
) -> float:
    """08.4: rebuild the ten ticket functions with ``clf_dev`` voting only at
    ``threshold``, refit the label model on the train set and return its label
    accuracy on the covered train tickets (scored with the hidden truth)."""
    if not isinstance(data, TicketData):
        raise TypeError(f"data must be a TicketData, got {type(data).__name__}")
    threshold = check_real("threshold", threshold, low=0, high=1)
    n_classes = check_int("n_classes", n_classes, low=2, high=len(data.classes))
    lfs = ticket_lfs(data.dev_text, data.y_dev)
    lfs = [
        classifier_lf("clf_dev", data.dev_text, data.y_dev, threshold=threshold)
        if lf.name == "clf_dev"
        else lf
        for lf in lfs
    ]
    L = apply_lfs(lfs, data.train_text, n_classes=n_classes)
    covered = (L != ABSTAIN).any(axis=1)
    labels = LabelModel(n_classes).fit(L).predict(L)
    y = data.truth("train")
    return float((labels[covered] == y[covered]).mean())
