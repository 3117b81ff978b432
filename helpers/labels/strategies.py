"""Active learning: which unlabelled examples to ask a human about next (lesson 07).

Every query strategy is a plain callable with one signature::

    strategy(source, X_unlabeled, *, batch_size, rng, X_labeled=None) -> indices

* ``source`` says what the model believes about the unlabelled pool: a fitted
  classifier with ``predict_proba``, a committee of them (anything with
  ``member_proba``, e.g. :class:`helpers.labels.active_loop.Committee`), or the
  probabilities themselves as an array, shape ``(n, n_classes)`` (or
  ``(n_members, n, n_classes)`` for a committee). ``random`` and the pure diversity
  strategies ignore it (pass ``None``).
* ``X_unlabeled`` is the pool the strategy may choose from, shape ``(n, n_features)``.
* ``batch_size`` is how many examples to return, ``rng`` a NumPy ``Generator``.
* ``X_labeled`` holds the examples already labelled (used by core-set).

The result is ``batch_size`` distinct positions into ``X_unlabeled``, most wanted
first. Scores follow one convention: **higher means more informative**.
:data:`STRATEGIES` maps names to strategies; :func:`get_strategy` looks one up.
The loop, the precomputed learning curves and the comparison widget live in
:mod:`helpers.labels.active_loop`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

import numpy as np
from sklearn.linear_model import LogisticRegression

# ----------------------------------------------------------------------- scores


def _check_proba(proba: np.ndarray, *, ndim: int = 2) -> np.ndarray:
    proba = np.asarray(proba)
    if not np.issubdtype(proba.dtype, np.floating):
        proba = proba.astype(float)
    if proba.ndim != ndim or proba.shape[-1] < 2:
        shape = "(n, n_classes)" if ndim == 2 else "(n_members, n, n_classes)"
        raise ValueError(
            f"probabilities must have shape {shape} with n_classes >= 2, "
            f"got {proba.shape}"
        )
    if proba.min() < -1e-9 or np.abs(proba.sum(axis=-1) - 1.0).max() > 1e-4:
        raise ValueError("probabilities must be non-negative and sum to 1 per row")
    return proba


def _safe_log(p: np.ndarray) -> np.ndarray:
    """``log p`` with ``log 0`` read as 0 (it is always multiplied by ``p = 0``)."""
    return np.log(np.where(p > 0, p, 1))


def least_confidence_scores(proba: np.ndarray) -> np.ndarray:
    """``1 - max_k p_k``: 0 for a certain prediction, ``1 - 1/K`` for a uniform one."""
    proba = _check_proba(proba)
    return 1.0 - proba.max(axis=1)


def margin_scores(proba: np.ndarray) -> np.ndarray:
    """``1 - (p_(1) - p_(2))``, one minus the gap between the two top classes."""
    proba = _check_proba(proba)
    top2 = np.partition(proba, -2, axis=1)[:, -2:]  # (n, 2): second, first
    return 1.0 - (top2[:, 1] - top2[:, 0])


def entropy_scores(proba: np.ndarray) -> np.ndarray:
    """Shannon entropy ``-sum_k p_k log p_k`` in nats (``0 log 0 = 0``)."""
    proba = _check_proba(proba)
    return -(proba * _safe_log(proba)).sum(axis=1)


def vote_entropy_scores(member_proba: np.ndarray) -> np.ndarray:
    """Entropy of the committee's hard votes: ``-sum_k (V_k/C) log(V_k/C)``.

    ``member_proba`` has shape ``(n_members, n, n_classes)``; ``V_k`` counts the
    members whose most probable class is ``k``.
    """
    member_proba = _check_proba(member_proba, ndim=3)
    n_members, n, n_classes = member_proba.shape
    votes = member_proba.argmax(axis=2)  # (n_members, n)
    counts = (votes[:, :, None] == np.arange(n_classes)).sum(axis=0)  # (n, n_classes)
    share = counts / n_members
    return -(share * _safe_log(share)).sum(axis=1)


def consensus_kl_scores(member_proba: np.ndarray) -> np.ndarray:
    """Mean KL divergence of each member from the consensus (the members' mean).

    ``(1/C) sum_c KL(p_c || p_bar)`` with ``p_bar = (1/C) sum_c p_c``; large when the
    members disagree, 0 when they all say the same thing.
    """
    member_proba = _check_proba(member_proba, ndim=3)
    consensus = member_proba.mean(axis=0)  # (n, n_classes)
    log_p = _safe_log(member_proba)  # (n_members, n, n_classes)
    kl = (member_proba * (log_p - _safe_log(consensus))).sum(axis=2)  # (n_members, n)
    return kl.mean(axis=0)


# ------------------------------------------------------------------ strategies


class Strategy(Protocol):
    def __call__(
        self,
        source: Any,
        X_unlabeled: np.ndarray,
        *,
        batch_size: int,
        rng: np.random.Generator,
        X_labeled: np.ndarray | None = None,
    ) -> np.ndarray: ...


def _check_batch(X_unlabeled: np.ndarray, batch_size: int) -> np.ndarray:
    X_unlabeled = np.asarray(X_unlabeled)
    if not np.issubdtype(X_unlabeled.dtype, np.floating):
        X_unlabeled = X_unlabeled.astype(float)
    if X_unlabeled.ndim != 2:
        raise ValueError(
            f"X_unlabeled must have shape (n, n_features), got {X_unlabeled.shape}"
        )
    if isinstance(batch_size, bool) or not isinstance(batch_size, int | np.integer):
        raise ValueError(f"batch_size must be an integer, got {batch_size!r}")
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    if batch_size > len(X_unlabeled):
        raise ValueError(
            f"batch_size={batch_size} is larger than the unlabelled pool "
            f"({len(X_unlabeled)} examples)"
        )
    return X_unlabeled


def _softmax_rows(z: np.ndarray) -> np.ndarray:
    """Softmax over the last axis, in place (``z`` holds logits)."""
    z -= z.max(axis=-1, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=-1, keepdims=True)
    return z


def _is_softmax_linear(model: Any) -> bool:
    return isinstance(model, LogisticRegression) and model.coef_.shape[0] > 1


def predict_proba(model: Any, X: np.ndarray) -> np.ndarray:
    """``model.predict_proba(X)``, in ``X``'s precision for a logistic regression.

    A multinomial logistic regression's probabilities are a softmax of
    ``X @ W.T + b``. Written out here, the matrix product runs in float32 when the
    pool is stored as float32: about four times faster on a large pool than
    scikit-learn, which always computes in float64.
    """
    if not _is_softmax_linear(model):
        return model.predict_proba(X)
    W = model.coef_.astype(X.dtype, copy=False)  # (n_classes, n_features)
    return _softmax_rows(X @ W.T + model.intercept_.astype(X.dtype))


def member_proba(members: Sequence[Any], X: np.ndarray) -> np.ndarray:
    """Every member's probabilities, shape ``(n_members, n, n_classes)``.

    Logistic-regression members share one matrix product (their weights stacked).
    """
    if not all(_is_softmax_linear(m) for m in members):
        return np.stack([m.predict_proba(X) for m in members])
    W = np.concatenate([m.coef_ for m in members]).astype(X.dtype)  # (M * K, d)
    b = np.concatenate([m.intercept_ for m in members]).astype(X.dtype)
    z = (X @ W.T + b).reshape(len(X), len(members), -1)  # (n, M, K)
    return _softmax_rows(z).transpose(1, 0, 2)  # (M, n, K)


def _proba_of(source: Any, X: np.ndarray, *, committee: bool = False) -> np.ndarray:
    """Probabilities for ``X`` from an array, a model or a :class:`Committee`."""
    if source is None:
        raise ValueError(
            "this strategy needs a model (with predict_proba) or probabilities"
        )
    if isinstance(source, np.ndarray):
        proba = _check_proba(source, ndim=3 if committee else 2)
    elif committee:
        if not hasattr(source, "member_proba"):
            raise ValueError(
                "committee strategies need a Committee (see fit_committee) or member "
                f"probabilities (n_members, n, n_classes), got {type(source).__name__}"
            )
        proba = source.member_proba(X)
    elif hasattr(source, "predict_proba"):
        proba = predict_proba(source, X)
    else:
        raise ValueError(
            f"source must be a model with predict_proba, a Committee or an array, "
            f"got {type(source).__name__}"
        )
    if proba.shape[-2] != len(X):
        raise ValueError(
            f"got probabilities for {proba.shape[-2]} examples but X_unlabeled has "
            f"{len(X)}"
        )
    return proba


def top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Positions of the ``k`` highest scores, highest first (ties: lower index)."""
    scores = np.asarray(scores, dtype=float)
    if k < len(scores):
        part = np.argpartition(-scores, k - 1)[:k]
    else:
        part = np.arange(len(scores))
    return part[np.lexsort((part, -scores[part]))]


def _scored(
    score_fn: Callable[[np.ndarray], np.ndarray], *, committee: bool = False
) -> Strategy:
    """A strategy that queries the ``batch_size`` highest scores of ``score_fn``,
    applied to the model's probabilities (or, with ``committee``, the members')."""

    def strategy(
        source: Any,
        X_unlabeled: np.ndarray,
        *,
        batch_size: int,
        rng: np.random.Generator,
        X_labeled: np.ndarray | None = None,
    ) -> np.ndarray:
        X_unlabeled = _check_batch(X_unlabeled, batch_size)
        proba = _proba_of(source, X_unlabeled, committee=committee)
        return top_k(score_fn(proba), batch_size)

    return strategy


def random_query(
    source: Any,
    X_unlabeled: np.ndarray,
    *,
    batch_size: int,
    rng: np.random.Generator,
    X_labeled: np.ndarray | None = None,
) -> np.ndarray:
    """The baseline: ``batch_size`` examples drawn uniformly without replacement."""
    X_unlabeled = _check_batch(X_unlabeled, batch_size)
    return rng.choice(len(X_unlabeled), batch_size, replace=False)


least_confidence = _scored(least_confidence_scores)
margin = _scored(margin_scores)
entropy = _scored(entropy_scores)
qbc_vote_entropy = _scored(vote_entropy_scores, committee=True)
qbc_consensus_kl = _scored(consensus_kl_scores, committee=True)
for _fn, _doc in (
    (least_confidence, "Least confidence: highest ``1 - max p`` first."),
    (margin, "Margin: smallest gap between the two most probable classes first."),
    (entropy, "Entropy: highest predictive entropy first."),
    (qbc_vote_entropy, "Query by committee: highest vote entropy first."),
    (qbc_consensus_kl, "Query by committee: highest mean KL to the consensus first."),
):
    _fn.__doc__ = _doc


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
    if not 1 <= k <= n:
        raise ValueError(f"k must be in [1, {n}] for {n} points, got {k}")
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=float)
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


def kmeans(
    source: Any,
    X_unlabeled: np.ndarray,
    *,
    batch_size: int,
    rng: np.random.Generator,
    X_labeled: np.ndarray | None = None,
) -> np.ndarray:
    """Diversity: k-means with ``batch_size`` clusters, one representative each."""
    X_unlabeled = _check_batch(X_unlabeled, batch_size)
    return kmeans_representatives(X_unlabeled, batch_size, rng=rng)


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


def coreset(
    source: Any,
    X_unlabeled: np.ndarray,
    *,
    batch_size: int,
    rng: np.random.Generator,
    X_labeled: np.ndarray | None = None,
) -> np.ndarray:
    """Diversity: greedy k-center cover of the pool, starting from the labelled set."""
    X_unlabeled = _check_batch(X_unlabeled, batch_size)
    if X_labeled is None or len(X_labeled) == 0:
        raise ValueError("core-set needs the labelled examples: pass X_labeled")
    return k_center_greedy(X_unlabeled, np.asarray(X_labeled, dtype=float), batch_size)


def hybrid(
    source: Any,
    X_unlabeled: np.ndarray,
    *,
    batch_size: int,
    rng: np.random.Generator,
    X_labeled: np.ndarray | None = None,
    pre_factor: int = 20,
) -> np.ndarray:
    """Uncertainty, then diversity: the most uncertain ``pre_factor * batch_size``
    examples by margin, clustered by margin-weighted k-means into ``batch_size``
    groups; the example nearest each centre is queried (Zhdanov 2019).
    """
    X_unlabeled = _check_batch(X_unlabeled, batch_size)
    scores = margin_scores(_proba_of(source, X_unlabeled))
    m = min(len(X_unlabeled), pre_factor * batch_size)
    candidates = top_k(scores, m)
    if m == batch_size:
        return candidates
    picked = kmeans_representatives(
        X_unlabeled[candidates], batch_size, rng=rng, weights=scores[candidates]
    )
    # Most uncertain first within the batch.
    picked = candidates[picked]
    return picked[np.argsort(-scores[picked], kind="stable")]


STRATEGIES: dict[str, Strategy] = {
    "random": random_query,
    "least_confidence": least_confidence,
    "margin": margin,
    "entropy": entropy,
    "qbc_vote_entropy": qbc_vote_entropy,
    "qbc_consensus_kl": qbc_consensus_kl,
    "kmeans": kmeans,
    "coreset": coreset,
    "hybrid": hybrid,
}
"""Every query strategy by name."""

COMMITTEE_STRATEGIES = frozenset({"qbc_vote_entropy", "qbc_consensus_kl"})
"""Strategies that need a committee as their ``source``."""
MODEL_FREE_STRATEGIES = frozenset({"random", "kmeans", "coreset"})
"""Strategies that ignore ``source`` (pass ``None``)."""


def get_strategy(name: str) -> Strategy:
    """The strategy called ``name``; unknown names list the valid ones."""
    if name not in STRATEGIES:
        raise ValueError(
            f"unknown strategy {name!r}; choose one of {', '.join(STRATEGIES)}"
        )
    return STRATEGIES[name]


def check_names(names: Sequence[str]) -> list[str]:
    """Validate strategy names (see :func:`get_strategy`); return them as a list."""
    for name in names:
        get_strategy(name)
    return list(names)
