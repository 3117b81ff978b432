"""Votes from several sources, and the one majority vote of lessons 05 and 08.

A vote matrix is an integer array ``(n_items, n_voters)``: annotators in lesson 05,
labeling functions in lesson 08. Each entry is a class ``0..n_classes-1`` or the
``abstain`` marker (``-1`` by default: "this voter said nothing about this item").

* :func:`check_votes` -- the one validation of a vote matrix;
* :func:`one_hot_votes`, :func:`vote_counts` -- the votes one-hot, and how many
  votes each class got on each item;
* :func:`majority_vote` -- the most voted class, with the tie rule as an option;
* the caps on sizes shared by lessons 05 and 08 (:data:`MAX_CLASSES`,
  :data:`MAX_ITEMS`, :data:`MAX_VOTERS`, :data:`MAX_VOTES`, :data:`MAX_ITER`): a count
  past its cap is refused before anything is allocated or looped over.

:mod:`helpers.labels.crowd` and :mod:`helpers.labels.weak` both use these (and offer
``majority_vote`` under their own names, so ``crowd.majority_vote`` and
``weak.majority_vote`` are this very function).
"""

from __future__ import annotations

import numpy as np

from helpers.core.validation import check_choice, check_int

ABSTAIN = -1
"""The default marker for "no vote" (an annotator who skipped, a rule that abstains)."""

TIES = ("random", "lowest", "abstain")
"""Tie rules of :func:`majority_vote`."""

MAX_CLASSES = 100
"""At most this many classes: votes one-hot are ``(n_items, n_voters, n_classes)``."""

MAX_ITEMS = 1_000_000
"""At most this many items a simulator draws (annotated digits, label matrices)."""

MAX_VOTERS = 1_000
"""At most this many voters (annotators, labeling functions) a simulator draws."""

MAX_VOTES = 10_000_000
"""At most this many entries ``n_items * n_voters`` in a simulated vote matrix."""

MAX_ITER = 10_000
"""At most this many rounds of an iterative fit (EM, L-BFGS) in lessons 05 and 08."""


def check_votes(
    name: str,
    votes: np.ndarray,
    *,
    n_classes: int,
    abstain: int = ABSTAIN,
) -> np.ndarray:
    """``votes`` as a non-empty 2-D integer array of classes ``0..n_classes-1`` or
    ``abstain``; ``name`` is how messages call the argument (``"votes"``, ``"L"``).

    >>> check_votes("votes", np.array([[0, 3]]), n_classes=3)
    Traceback (most recent call last):
    ValueError: votes must be in [0, 2] or -1 for 'no vote', got values from 0 to 3
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a string, got {type(name).__name__}")
    n_classes = check_int("n_classes", n_classes, low=2, high=MAX_CLASSES)
    abstain = check_int("abstain", abstain)
    if 0 <= abstain < n_classes:
        raise ValueError(
            f"abstain must not be a class (0..{n_classes - 1}), got {abstain}"
        )
    v = np.asarray(votes)
    if v.ndim != 2:
        raise ValueError(
            f"{name} must be a 2-D array (n_items, n_voters), got shape {v.shape}"
        )
    if v.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {v.shape}")
    if not np.issubdtype(v.dtype, np.integer):
        raise ValueError(
            f"{name} must be integers ({abstain} = no vote), got dtype {v.dtype}"
        )
    bad = (v != abstain) & ((v < 0) | (v >= n_classes))
    if bad.any():
        raise ValueError(
            f"{name} must be in [0, {n_classes - 1}] or {abstain} for 'no vote', got "
            f"values from {v.min()} to {v.max()}"
        )
    return v


def one_hot_votes(
    votes: np.ndarray, *, n_classes: int, abstain: int = ABSTAIN
) -> np.ndarray:
    """Votes as ``(n_items, n_voters, n_classes)`` zeros and ones; no vote is all
    zeros."""
    v = check_votes("votes", votes, n_classes=n_classes, abstain=abstain)
    return (v[:, :, None] == np.arange(n_classes)).astype(float)  # (n, J, K)


def vote_counts(
    votes: np.ndarray, *, n_classes: int, abstain: int = ABSTAIN
) -> np.ndarray:
    """How many votes each class got on each item, shape ``(n_items, n_classes)``.

    >>> vote_counts(np.array([[2, 2, -1], [0, 1, 1]]), n_classes=3).tolist()
    [[0, 0, 2], [1, 2, 0]]
    """
    onehot = one_hot_votes(votes, n_classes=n_classes, abstain=abstain)  # (n, J, K)
    return onehot.sum(axis=1).astype(int)


def majority_vote(
    votes: np.ndarray,
    *,
    n_classes: int,
    abstain: int = ABSTAIN,
    ties: str = "random",
    seed: int = 0,
) -> np.ndarray:
    """The most voted class per item; ``abstain`` for items nobody voted on.

    Parameters
    ----------
    votes : int ``(n_items, n_voters)``, classes or ``abstain``.
    n_classes : number of classes ``K``.
    abstain : the "no vote" marker, in ``votes`` and in the result.
    ties : what an item whose top classes tie gets:

        * ``"random"`` (default) -- one of the tied classes, uniformly at random,
          seeded by ``seed`` (reproducible; favours no class);
        * ``"lowest"`` -- the smallest tied class index (deterministic, favours
          class 0: what a bare ``argmax`` does);
        * ``"abstain"`` -- ``abstain``: no label rather than a coin flip.
    seed : seeds the ``"random"`` tie break.

    >>> v = np.array([[3, 3, 1], [2, 0, -1], [-1, -1, -1]])
    >>> majority_vote(v, n_classes=4, ties="lowest").tolist()
    [3, 0, -1]
    >>> majority_vote(v, n_classes=4, ties="abstain").tolist()
    [3, -1, -1]
    """
    ties = check_choice("tie rule (ties)", ties, TIES)
    seed = check_int("seed", seed, low=0)
    counts = vote_counts(votes, n_classes=n_classes, abstain=abstain)  # (n, K)
    top = counts == counts.max(axis=1, keepdims=True)  # (n, K) tied maxima
    if ties == "random":
        noise = np.random.default_rng(seed).random(counts.shape)  # (n, K)
        labels = np.where(top, noise, -1.0).argmax(axis=1)
    else:
        labels = top.argmax(axis=1)  # the lowest tied class
        if ties == "abstain":
            labels[top.sum(axis=1) > 1] = abstain
    return np.where(counts.sum(axis=1) > 0, labels, abstain)
