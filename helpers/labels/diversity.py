"""Diversity for batch queries: k-means representatives and greedy k-center.

The geometry behind lesson 07's diversity strategies (``kmeans``, ``coreset`` and the
second stage of ``hybrid`` in :mod:`helpers.labels.strategies`): a batch should cover
the pool rather than repeat one doubt ten times.
"""

from __future__ import annotations

import numpy as np

from helpers.core.validation import check_array, check_int

MAX_ITER = 1000
"""Most Lloyd iterations :func:`weighted_kmeans` runs."""


def _check_generator(rng: object, *, required: bool = True) -> np.random.Generator:
    """``rng`` if it is a NumPy ``Generator`` (or None when not ``required``);
    validation.py has no check for random generators."""
    if rng is None and not required:
        return rng
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            "rng must be a numpy Generator (np.random.default_rng(seed)), got "
            f"{type(rng).__name__} {rng!r}"
        )
    return rng


def _check_points(name: str, X: object, *, min_len: int = 1) -> np.ndarray:
    """Points as a 2-D finite float array (float32 kept)."""
    X = check_array(name, X, ndim=2, dtype=None, min_len=min_len)
    return X if np.issubdtype(X.dtype, np.floating) else X.astype(float)


def _sq_dist(X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    sq = (X**2).sum(axis=1)[:, None] - 2 * X @ Y.T + (Y**2).sum(axis=1)[None, :]
    return np.maximum(sq, 0.0)


def squared_distances(X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """Squared Euclidean distances between the rows of ``X`` and ``Y``, ``(n, m)``."""
    X, Y = _check_points("X", X), _check_points("Y", Y)
    if X.shape[1] != Y.shape[1]:
        raise ValueError(
            f"X and Y must have the same number of columns, got {X.shape[1]} and "
            f"{Y.shape[1]}"
        )
    return _sq_dist(X, Y)


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
    ``k`` is at most the number of rows, ``n_iter`` at most :data:`MAX_ITER`.
    """
    X = _check_points("X", X)
    n = len(X)
    k = check_int("k", k, low=1, high=n)
    rng = _check_generator(rng)
    n_iter = check_int("n_iter", n_iter, low=1, high=MAX_ITER)
    w = np.ones(n) if weights is None else check_array("weights", weights, ndim=1)
    if w.shape != (n,) or np.any(w < 0) or w.sum() <= 0:
        raise ValueError("weights must be non-negative, one per row, not all zero")
    centers = np.empty((k, X.shape[1]))
    centers[0] = X[rng.choice(n, p=w / w.sum())]
    d2 = _sq_dist(X, centers[:1])[:, 0]  # (n,) to the nearest centre
    for j in range(1, k):
        p = w * d2
        j_row = rng.choice(n, p=p / p.sum()) if p.sum() > 0 else rng.integers(n)
        centers[j] = X[j_row]
        d2 = np.minimum(d2, _sq_dist(X, centers[j : j + 1])[:, 0])
    for _ in range(n_iter):
        labels = _sq_dist(X, centers).argmin(axis=1)  # (n,)
        member = np.zeros((n, k))
        member[np.arange(n), labels] = w  # (n, k) weighted one-hot
        mass = member.sum(axis=0)  # (k,)
        filled = mass > 0
        new = centers.copy()
        new[filled] = (member.T @ X)[filled] / mass[filled, None]
        if np.allclose(new, centers):
            break
        centers = new
    labels = _sq_dist(X, centers).argmin(axis=1)
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
    X = _check_points("X", X)
    centers, labels = weighted_kmeans(X, k, rng=rng, weights=weights)
    d2 = _sq_dist(X, centers)  # (n, k)
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

    ``centers`` (the labelled set) must hold at least one row, with the columns of
    ``X``; ``k`` is at most the number of rows of ``X``. Returns ``k`` distinct
    positions into ``X`` in the order they were chosen.
    """
    X = _check_points("X", X)
    centers = _check_points("centers", centers, min_len=0)
    if len(centers) == 0:
        raise ValueError("core-set needs at least one labelled example in X_labeled")
    if centers.shape[1] != X.shape[1]:
        raise ValueError(
            f"centers must have the {X.shape[1]} columns of X, got {centers.shape[1]}"
        )
    k = check_int("k", k, low=1, high=len(X))
    # Squared distances to the nearest centre, updated one new centre at a time.
    d2 = _sq_dist(X, centers).min(axis=1)  # (n,)
    chosen = np.empty(k, dtype=int)
    for i in range(k):
        j = int(np.argmax(d2))
        chosen[i] = j
        d2 = np.minimum(d2, ((X - X[j]) ** 2).sum(axis=1))
        d2[j] = -np.inf
    return chosen
