"""Labeling functions beyond the tickets: weak digit classifiers (lesson 08).

Does lesson 08's "the label model beats majority vote" hold for other labeling
functions? :func:`digits_label_matrix` makes a second task: each labeling function is
a weak classifier of the digits pool (a logistic regression on a few random pixels,
trained on 3 labelled images per digit) that votes only when it is fairly sure. Unlike
the ticket rules, every function votes many classes. :func:`aggregator_accuracy`
scores majority vote, the lesson's :class:`~helpers.labels.label_model.LabelModel` and
Dawid-Skene (:func:`~helpers.labels.crowd.dawid_skene`, abstains read as missing
votes) on any label matrix.
"""

from __future__ import annotations

import numpy as np
from sklearn.linear_model import LogisticRegression

from helpers.core.data import labelled_subset, load_digits_split
from helpers.core.validation import check_int, check_labels, check_same_length
from helpers.labels.crowd import dawid_skene
from helpers.labels.label_model import LabelModel
from helpers.labels.votes import ABSTAIN, MAX_VOTERS, check_votes, majority_vote

AGGREGATORS = ("majority vote", "label model", "Dawid-Skene")
"""The keys of :func:`aggregator_accuracy`."""


def digits_label_matrix(
    *, seed: int = 0, varied: bool = True, n_lfs: int = 12
) -> tuple[np.ndarray, np.ndarray]:
    """Votes of ``n_lfs`` weak digit classifiers on the digits pool: ``(L, y)``.

    Function ``j`` is a logistic regression (C = 10, loose tolerance 0.01: a quick
    weak classifier) on a random subset of the 64
    pixels, trained on 3 labelled pool images per digit; it votes its most probable
    digit when that probability is at least 0.4 and abstains otherwise. ``varied``:
    the functions see from 6 to 32 pixels (weak to fair, so their accuracies
    differ); otherwise 16 pixels each (all about equally good). ``n_lfs`` is 2 to
    :data:`~helpers.labels.votes.MAX_VOTERS`.
    """
    seed = check_int("seed", seed, low=0)
    n_lfs = check_int("n_lfs", n_lfs, low=2, high=MAX_VOTERS)
    if not isinstance(varied, bool | np.bool_):
        raise TypeError(f"varied must be True or False, got {varied!r}")
    d = load_digits_split()
    rng = np.random.default_rng(seed)
    n_pixels = np.linspace(6, 32, n_lfs).astype(int) if varied else [16] * n_lfs
    L = np.empty((len(d.y_pool), n_lfs), dtype=int)  # (n_pool, n_lfs)
    for j in range(n_lfs):
        pixels = rng.choice(64, n_pixels[j], replace=False)
        dev = labelled_subset(d.y_pool, per_class=3, seed=seed * 1000 + j)
        clf = LogisticRegression(C=10.0, max_iter=500, tol=1e-2).fit(
            d.X_pool[dev][:, pixels], d.y_pool[dev]
        )
        proba = clf.predict_proba(d.X_pool[:, pixels])  # (n_pool, 10)
        L[:, j] = np.where(proba.max(axis=1) >= 0.4, proba.argmax(axis=1), ABSTAIN)
    return L, d.y_pool


def aggregator_accuracy(
    L: np.ndarray, y: np.ndarray, *, n_classes: int, seed: int = 0
) -> dict[str, float]:
    """Label accuracy of each aggregator of :data:`AGGREGATORS` on the items with at
    least one vote (majority vote breaks ties at random, seeded)."""
    L = check_votes("L", L, n_classes=n_classes)
    y = check_labels("y", y, n_classes=n_classes)
    check_same_length(L=L, y=y)
    seed = check_int("seed", seed, low=0)
    covered = (L != ABSTAIN).any(axis=1)
    if not covered.any():
        raise ValueError("no labeling function votes on any item")
    labels = {
        "majority vote": majority_vote(L, n_classes=n_classes, seed=seed),
        "label model": LabelModel(n_classes).fit(L).predict_proba(L).argmax(axis=1),
        "Dawid-Skene": dawid_skene(L, n_classes=n_classes).labels,
    }
    return {
        name: float(np.mean(labels[name][covered] == y[covered]))
        for name in AGGREGATORS
    }
