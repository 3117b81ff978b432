"""Diversity for batch queries: k-means representatives and greedy k-center.

The geometry behind lesson 07's diversity strategies (``kmeans``, ``coreset`` and the
second stage of ``hybrid`` in :mod:`helpers.labels.strategies`): a batch should cover
the pool rather than repeat one doubt ten times.
"""

from __future__ import annotations

import numpy as np

from helpers.core.validation import check_array, check_int


def squared_distances(X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """Squared Euclidean distances between the rows of ``X`` and ``Y``, ``(n, m)``."""
    sq = (X**2).sum(axis=1)[:, None] - 2 * X @ Y.T + (Y**2).sum(axis=1)[None, :]
    return np.maximum(sq, 0.0)


def weighted_kmeans(
    X: np.ndarray,
    k: int,
    *,
    rng: np.random.Generator,
    weights: np.ndarray | None = None,
    n_iter: int = 30,
) -> tuple[np.ndarray, np.ndarray]:
    """Lloyd's k-means with k-means++ seeding; ``weights`` pull centres to heavy rows.

    Returns ``(centers, labels)``, shapes ``(k, n_features)`` and ``(n,)``.
    """
    n = len(X)
    k = check_int("k", k, low=1, high=n)
    w = np.ones(n) if weights is None else check_array("weights", weights, ndim=1)
    if w.shape != (n,) or np.any(w < 0) or w.sum() <= 0:
        raise ValueError("weights must be non-negative, one per row, not all zero")
    centers = np.empty((k, X.shape[1]))
    centers[0] = X[rng.choice(n, p=w / w.sum())]
    d2 = squared_distances(X, centers[:1])[:, 0]  # (n,) to the nearest centre
    for j in range(1, k):
        p = w * d2
        j_row = rng.choice(n, p=p / p.sum()) if p.sum() > 0 else rng.integers(n)
        centers[j] = X[j_row]
        d2 = np.minimum(d2, squared_distances(X, centers[j : j + 1])[:, 0])
    for _ in range(n_iter):
        labels = squared_distances(X, centers).argmin(axis=1)  # (n,)
        member = np.zeros((n, k))
        member[np.arange(n), labels] = w  # (n, k) weighted one-hot
        mass = member.sum(axis=0)  # (k,)
        filled = mass > 0
        new = centers.copy()
        new[filled] = (member.T @ X)[filled] / mass[filled, None]
        if np.allclose(new, centers):
            break
        centers = new
    labels = squared_distances(X, centers).argmin(axis=1)
    return centers, labels


def kmeans_representatives(
    X: np.ndarray,
    k: int,
    *,
    rng: np.random.Generator,
    weights: np.ndarray | None = None,
) -> np.ndarray:
    """Cluster ``X`` into ``k`` groups; return the member closest to each centre.

    Clusters that end up empty are made up for by the points farthest from the
    representatives already chosen, so exactly ``k`` distinct positions come back.
    """
    centers, labels = weighted_kmeans(X, k, rng=rng, weights=weights)
    d2 = squared_distances(X, centers)  # (n, k)
    d2[labels[:, None] != np.arange(k)[None, :]] = np.inf  # only own members
    nonempty = np.isfinite(d2).any(axis=0)
    picked = d2[:, nonempty].argmin(axis=0)
    if len(picked) < k:
        rest = np.setdiff1d(np.arange(len(X)), picked)
        extra = k_center_greedy(X[rest], X[picked], k - len(picked))
        picked = np.concatenate([picked, rest[extra]])
    return picked


def k_center_greedy(X: np.ndarray, centers: np.ndarray, k: int) -> np.ndarray:
    """Greedy k-center: repeatedly take the point farthest from every chosen centre.

    ``centers`` (the labelled set) must hold at least one row. Returns ``k`` distinct
    positions into ``X`` in the order they were chosen.
    """
    if len(centers) == 0:
        raise ValueError("core-set needs at least one labelled example in X_labeled")
    # Squared distances to the nearest centre, updated one new centre at a time.
    d2 = squared_distances(X, centers).min(axis=1)  # (n,)
    chosen = np.empty(k, dtype=int)
    for i in range(k):
        j = int(np.argmax(d2))
        chosen[i] = j
        d2 = np.minimum(d2, ((X - X[j]) ** 2).sum(axis=1))
        d2[j] = -np.inf
    return chosen
