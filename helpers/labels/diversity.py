"""Diversity for batch queries: k-means representatives and greedy k-center.

The geometry behind lesson 07's diversity strategies (``kmeans``, ``coreset`` and the
second stage of ``hybrid`` in :mod:`helpers.labels.strategies`) and of ``typiclust``
(the most typical example of each uncovered cluster): a batch should cover the pool
rather than repeat one doubt ten times.
"""

from __future__ import annotations

import numpy as np
from sklearn.cluster import KMeans

from helpers.core.validation import check_array, check_int

MAX_ITER = 1000
"""Most Lloyd iterations :func:`weighted_kmeans` runs."""
MAX_NEIGHBORS = 10_000
"""Most neighbours :func:`typicality` averages over."""
MAX_CLUSTERS = 100_000
"""Most clusters :func:`typiclust_representatives` may cut the pool into."""
CHUNK = 8192
"""Rows per block when :func:`k_center_greedy` measures the first distances."""


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

    Runs in the pool's precision (a float32 pool stays float32; ``centers`` are cast
    to it) and keeps one ``(n,)`` vector of distances to the nearest centre, updated
    with one matrix-vector product per new centre: ``|x - c|^2 = |x|^2 - 2 x.c +
    |c|^2``. The first distances are computed in chunks of :data:`CHUNK` rows, so a
    large pool never needs an ``(n, n_labeled)`` matrix at once.
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
    centers = centers.astype(X.dtype, copy=False)
    x2 = np.einsum("ij,ij->i", X, X)  # (n,) squared norms
    c2 = np.einsum("ij,ij->i", centers, centers)  # (m,)
    d2 = np.empty(len(X), dtype=X.dtype)  # (n,) squared distance to nearest centre
    for lo in range(0, len(X), CHUNK):
        block = X[lo : lo + CHUNK] @ centers.T  # (chunk, m)
        block *= -2
        block += c2
        d2[lo : lo + CHUNK] = block.min(axis=1)
    d2 += x2
    np.maximum(d2, 0, out=d2)
    chosen = np.empty(k, dtype=int)
    for i in range(k):
        j = int(np.argmax(d2))
        chosen[i] = j
        new = X @ X[j]  # (n,)
        new *= -2
        new += x2
        new += x2[j]
        np.minimum(d2, new, out=d2)
        d2[chosen[: i + 1]] = -np.inf
    return chosen


def typicality(X: np.ndarray, *, n_neighbors: int = 20) -> np.ndarray:
    """Typicality of each row: one over its mean distance to its ``n_neighbors``
    nearest other rows (fewer when ``X`` has fewer rows; a lone row gets 1).

    High in dense regions, low for outliers (Hacohen et al. 2022). ``n_neighbors``
    is 1 to :data:`MAX_NEIGHBORS`.

    >>> typicality(np.array([[0.0], [1.0], [3.0]]), n_neighbors=1).round(2).tolist()
    [1.0, 1.0, 0.5]
    """
    X = _check_points("X", X)
    n_neighbors = check_int("n_neighbors", n_neighbors, low=1, high=MAX_NEIGHBORS)
    if len(X) == 1:
        return np.ones(1)
    k = min(n_neighbors, len(X) - 1)
    dist = np.sqrt(_sq_dist(X, X))  # (n, n)
    np.fill_diagonal(dist, np.inf)
    nearest = np.partition(dist, k - 1, axis=1)[:, :k]  # (n, k)
    return 1.0 / np.maximum(nearest.mean(axis=1), 1e-12)


def typiclust_representatives(
    X_unlabeled: np.ndarray,
    X_labeled: np.ndarray | None,
    k: int,
    *,
    rng: np.random.Generator,
    n_neighbors: int = 20,
    max_clusters: int = 500,
) -> np.ndarray:
    """TypiClust: the most typical example of each of the ``k`` largest clusters that
    hold no labelled example yet.

    The pool (labelled and unlabelled rows together) is cut by k-means
    (scikit-learn's ``KMeans``) into
    ``n_labeled + k`` clusters (at most ``max_clusters``, at most the rows); clusters
    are taken largest first among those with no labelled member (if too few remain,
    the largest with the fewest labelled members), and from each the unlabelled row
    of highest :func:`typicality` within its cluster is queried. Returns ``k``
    distinct positions into ``X_unlabeled``. ``X_labeled`` is None when nothing is
    labelled yet.
    """
    X_unlabeled = _check_points("X_unlabeled", X_unlabeled)
    n = len(X_unlabeled)
    k = check_int("k", k, low=1, high=n)
    rng = _check_generator(rng)
    n_neighbors = check_int("n_neighbors", n_neighbors, low=1, high=MAX_NEIGHBORS)
    max_clusters = check_int("max_clusters", max_clusters, low=1, high=MAX_CLUSTERS)
    if X_labeled is None:  # nothing labelled yet
        X_labeled = np.empty((0, X_unlabeled.shape[1]), dtype=X_unlabeled.dtype)
    else:
        X_labeled = _check_points("X_labeled", X_labeled)
    if X_labeled.shape[1] != X_unlabeled.shape[1]:
        raise ValueError(
            f"X_labeled must have the {X_unlabeled.shape[1]} columns of X_unlabeled, "
            f"got {X_labeled.shape[1]}"
        )
    X = np.vstack([X_unlabeled, X_labeled.astype(X_unlabeled.dtype, copy=False)])
    n_clusters = min(len(X_labeled) + k, max(max_clusters, k), len(X))
    # scikit-learn's k-means (one k-means++ start): the same Lloyd iterations as
    # weighted_kmeans, compiled, which matters with hundreds of clusters.
    seed = int(rng.integers(2**31 - 1))
    labels = KMeans(n_clusters, n_init=1, random_state=seed).fit_predict(X)
    free, taken = labels[:n], labels[n:]
    size = np.bincount(free, minlength=n_clusters)  # unlabelled rows per cluster
    covered = np.bincount(taken, minlength=n_clusters)  # labelled rows per cluster
    # Fewest labelled members first, then largest; clusters with nothing left last.
    order = np.lexsort((-size, covered, size == 0))
    picked: list[int] = []
    for c in order:
        if len(picked) == k or size[c] == 0:
            break
        members = np.flatnonzero(free == c)
        picked.append(
            int(
                members[
                    np.argmax(typicality(X_unlabeled[members], n_neighbors=n_neighbors))
                ]
            )
        )
    if len(picked) < k:  # more queries than clusters with free rows: cover the rest
        rest = np.setdiff1d(np.arange(n), picked)
        base = X_unlabeled[picked] if picked else X_unlabeled[rest[:1]]
        extra = rest[k_center_greedy(X_unlabeled[rest], base, k - len(picked))]
        picked.extend(extra.tolist())
    return np.asarray(picked, dtype=int)
