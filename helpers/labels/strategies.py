"""Active learning: which unlabelled examples to ask a human about next (lesson 07).

Every query strategy is a plain callable with one signature::

    strategy(source, X_unlabeled, *, batch_size, rng, X_labeled=None) -> indices

* ``source`` says what the model believes about the unlabelled pool: a fitted
  classifier with ``predict_proba``, a committee of them (anything with
  ``member_proba``, e.g. :class:`helpers.labels.sources.Committee`), or the
  probabilities themselves as an array, shape ``(n, n_classes)`` (or
  ``(n_members, n, n_classes)`` for a committee). ``random`` and the pure diversity
  strategies ignore it (pass ``None``).
* ``X_unlabeled`` is the pool the strategy may choose from, shape ``(n, n_features)``.
* ``batch_size`` is how many examples to return, ``rng`` a NumPy ``Generator``.
* ``X_labeled`` holds the examples already labelled (used by core-set).

The result is ``batch_size`` distinct positions into ``X_unlabeled``, most wanted
first. Scores follow one convention: **higher means more informative**.
:data:`STRATEGIES` maps names to strategies; :func:`get_strategy` looks one up and
:func:`query_source` makes the ``source`` it needs (the model, a committee or None):
the one place that maps a strategy's name to what it runs on. The probabilities and
committees come from :mod:`helpers.labels.sources`, the diversity geometry from
:mod:`helpers.labels.diversity`; the loop lives in :mod:`helpers.labels.active_loop`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

import numpy as np

from helpers.core.validation import (
    check_array,
    check_choice,
    check_int,
    check_probabilities,
)
from helpers.labels.diversity import (
    _check_generator,
    _check_points,
    k_center_greedy,
    kmeans_representatives,
    typiclust_representatives,
)
from helpers.labels.sources import (
    Committee,
    _check_model,
    _predict_proba,
    fit_committee,
)

MAX_K = 1_000_000
"""Most positions :func:`top_k` may be asked for (beyond the scores it returns all)."""
MAX_PRE_FACTOR = 1000
"""Largest ``pre_factor`` of :func:`hybrid` (candidates per queried example)."""

# ----------------------------------------------------------------------- scores


def _check_proba(proba: np.ndarray, *, committee: bool = False) -> np.ndarray:
    """``proba`` as probability rows, shape ``(n, n_classes)`` (``(n_members, n,
    n_classes)`` for a committee), at least two classes; float32 stays float32."""
    name = "member_proba" if committee else "proba"
    proba = check_array(name, proba, ndim=3 if committee else 2, dtype=None)
    if not np.issubdtype(proba.dtype, np.floating):
        proba = proba.astype(float)
    if proba.shape[-1] < 2:
        raise ValueError(f"{name} must have n_classes >= 2 columns, got {proba.shape}")
    check_probabilities(name, proba.reshape(-1, proba.shape[-1]), atol=1e-4)
    return proba


def _safe_log(p: np.ndarray) -> np.ndarray:
    """``log p`` with ``log 0`` read as 0 (it is always multiplied by ``p = 0``)."""
    return np.log(np.where(p > 0, p, 1))


# The scores on probabilities known to be valid (what a fitted model returns): the
# query strategies call these directly, so a query over a large pool does not pay
# for re-validating every row. The public ``*_scores`` below validate first.


def _least_confidence(proba: np.ndarray) -> np.ndarray:
    return 1.0 - proba.max(axis=1)


def _margin(proba: np.ndarray) -> np.ndarray:
    top2 = np.partition(proba, -2, axis=1)[:, -2:]  # (n, 2): second, first
    return 1.0 - (top2[:, 1] - top2[:, 0])


def _entropy(proba: np.ndarray) -> np.ndarray:
    return -(proba * _safe_log(proba)).sum(axis=1)


def _vote_entropy(member_proba: np.ndarray) -> np.ndarray:
    n_members, n, n_classes = member_proba.shape
    votes = member_proba.argmax(axis=2)  # (n_members, n)
    counts = (votes[:, :, None] == np.arange(n_classes)).sum(axis=0)  # (n, n_classes)
    share = counts / n_members
    return -(share * _safe_log(share)).sum(axis=1)


def _consensus_kl(member_proba: np.ndarray) -> np.ndarray:
    consensus = member_proba.mean(axis=0)  # (n, n_classes)
    log_p = _safe_log(member_proba)  # (n_members, n, n_classes)
    kl = (member_proba * (log_p - _safe_log(consensus))).sum(axis=2)  # (n_members, n)
    return kl.mean(axis=0)


def least_confidence_scores(proba: np.ndarray) -> np.ndarray:
    """``1 - max_k p_k``: 0 for a certain prediction, ``1 - 1/K`` for a uniform one."""
    return _least_confidence(_check_proba(proba))


def margin_scores(proba: np.ndarray) -> np.ndarray:
    """``1 - (p_(1) - p_(2))``, one minus the gap between the two top classes."""
    return _margin(_check_proba(proba))


def entropy_scores(proba: np.ndarray) -> np.ndarray:
    """Shannon entropy ``-sum_k p_k log p_k`` in nats (``0 log 0 = 0``)."""
    return _entropy(_check_proba(proba))


def vote_entropy_scores(member_proba: np.ndarray) -> np.ndarray:
    """Entropy of the committee's hard votes: ``-sum_k (V_k/C) log(V_k/C)``.

    ``member_proba`` has shape ``(n_members, n, n_classes)``; ``V_k`` counts the
    members whose most probable class is ``k``.
    """
    return _vote_entropy(_check_proba(member_proba, committee=True))


def consensus_kl_scores(member_proba: np.ndarray) -> np.ndarray:
    """Mean KL divergence of each member from the consensus (the members' mean).

    ``(1/C) sum_c KL(p_c || p_bar)`` with ``p_bar = (1/C) sum_c p_c``; large when the
    members disagree, 0 when they all say the same thing.
    """
    return _consensus_kl(_check_proba(member_proba, committee=True))


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


def _check_batch(
    X_unlabeled: np.ndarray, batch_size: int, rng: Any, *, draws: bool = False
) -> np.ndarray:
    """The pool as a 2-D float array (float32 kept), a batch that fits in it, and
    ``rng``: a Generator, or None for a strategy that ``draws`` nothing."""
    X_unlabeled = _check_points("X_unlabeled", X_unlabeled)
    check_int("batch_size", batch_size, low=1, high=len(X_unlabeled))
    _check_generator(rng, required=draws)
    return X_unlabeled


def _proba_of(source: Any, X: np.ndarray, *, committee: bool = False) -> np.ndarray:
    """Probabilities for ``X`` from an array, a model or a :class:`Committee`."""
    if source is None:
        raise ValueError(
            "this strategy needs a model (with predict_proba) or probabilities"
        )
    if isinstance(source, np.ndarray):
        proba = _check_proba(source, committee=committee)
    elif committee:
        if not hasattr(source, "member_proba"):
            raise ValueError(
                "committee strategies need a Committee (see fit_committee) or member "
                f"probabilities (n_members, n, n_classes), got {type(source).__name__}"
            )
        proba = source.member_proba(X)
    elif hasattr(source, "predict_proba"):
        proba = _predict_proba(source, X)
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
    """Positions of the ``k`` highest scores, highest first (ties: lower index); all
    of them when ``k`` is at least their number. ``k`` is at most the larger of
    the number of scores and :data:`MAX_K`.

    >>> top_k(np.array([0.2, 0.9, 0.5, 0.9]), 3).tolist()
    [1, 3, 2]
    """
    scores = check_array("scores", scores, ndim=1)
    k = check_int("k", k, low=1, high=max(len(scores), MAX_K))
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
        X_unlabeled = _check_batch(X_unlabeled, batch_size, rng)
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
    X_unlabeled = _check_batch(X_unlabeled, batch_size, rng, draws=True)
    return rng.choice(len(X_unlabeled), batch_size, replace=False)


least_confidence = _scored(_least_confidence)
margin = _scored(_margin)
entropy = _scored(_entropy)
qbc_vote_entropy = _scored(_vote_entropy, committee=True)
qbc_consensus_kl = _scored(_consensus_kl, committee=True)
# Each scored strategy gets its own name (error messages, the loop's results and
# the bad-input walk read it) and docstring.
for _fn, _name, _doc in (
    (least_confidence, "least_confidence", "Least confidence: highest ``1 - max p``"),
    (margin, "margin", "Margin: smallest gap between the two most probable classes"),
    (entropy, "entropy", "Entropy: highest predictive entropy"),
    (qbc_vote_entropy, "qbc_vote_entropy", "Query by committee: highest vote entropy"),
    (
        qbc_consensus_kl,
        "qbc_consensus_kl",
        "Query by committee: highest mean KL to the consensus",
    ),
):
    _fn.__name__ = _fn.__qualname__ = _name
    _fn.__doc__ = _doc + " first."


def kmeans(
    source: Any,
    X_unlabeled: np.ndarray,
    *,
    batch_size: int,
    rng: np.random.Generator,
    X_labeled: np.ndarray | None = None,
) -> np.ndarray:
    """Diversity: k-means with ``batch_size`` clusters, one representative each."""
    X_unlabeled = _check_batch(X_unlabeled, batch_size, rng, draws=True)
    return kmeans_representatives(X_unlabeled, batch_size, rng=rng)


def coreset(
    source: Any,
    X_unlabeled: np.ndarray,
    *,
    batch_size: int,
    rng: np.random.Generator,
    X_labeled: np.ndarray | None = None,
) -> np.ndarray:
    """Diversity: greedy k-center cover of the pool, starting from the labelled set."""
    X_unlabeled = _check_batch(X_unlabeled, batch_size, rng)
    if X_labeled is None or len(X_labeled) == 0:
        raise ValueError("core-set needs the labelled examples: pass X_labeled")
    X_labeled = check_array("X_labeled", X_labeled, ndim=2)
    return k_center_greedy(X_unlabeled, X_labeled, batch_size)


def typiclust(
    source: Any,
    X_unlabeled: np.ndarray,
    *,
    batch_size: int,
    rng: np.random.Generator,
    X_labeled: np.ndarray | None = None,
) -> np.ndarray:
    """Diversity: the most typical example of each of the largest clusters that hold
    no label yet (TypiClust, Hacohen et al. 2022)."""
    X_unlabeled = _check_batch(X_unlabeled, batch_size, rng, draws=True)
    return typiclust_representatives(X_unlabeled, X_labeled, batch_size, rng=rng)


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
    ``pre_factor`` is 1 to :data:`MAX_PRE_FACTOR`.
    """
    X_unlabeled = _check_batch(X_unlabeled, batch_size, rng, draws=True)
    pre_factor = check_int("pre_factor", pre_factor, low=1, high=MAX_PRE_FACTOR)
    scores = _margin(_proba_of(source, X_unlabeled))
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
    "typiclust": typiclust,
}
"""Every query strategy by name."""

COMMITTEE_STRATEGIES = frozenset({"qbc_vote_entropy", "qbc_consensus_kl"})
"""Strategies that need a committee as their ``source``."""
MODEL_FREE_STRATEGIES = frozenset({"random", "kmeans", "coreset", "typiclust"})
"""Strategies that ignore ``source`` (pass ``None``)."""


def get_strategy(name: str) -> Strategy:
    """The strategy called ``name``; unknown names list the valid ones."""
    return STRATEGIES[check_choice("strategy", name, list(STRATEGIES))]


def check_names(names: Sequence[str]) -> list[str]:
    """Validate strategy names (see :func:`get_strategy`); return them as a list.

    ``names`` is a non-empty sequence of names (a single string is refused: it
    would be read letter by letter).
    """
    if isinstance(names, str) or not isinstance(names, Sequence):
        raise TypeError(
            f"names must be a list of strategy names, got {type(names).__name__} "
            f"{names!r}"
        )
    if not names:
        raise ValueError("names must name at least one strategy")
    for name in names:
        get_strategy(name)
    return list(names)


def query_source(
    name: str,
    model: Any,
    X_labeled: np.ndarray,
    y_labeled: np.ndarray,
    *,
    n_members: int = 5,
    rng: np.random.Generator | None = None,
    weights: np.ndarray | None = None,
    previous: Committee | None = None,
) -> Any:
    """What the strategy called ``name`` reads as its ``source``.

    ``None`` for the strategies in :data:`MODEL_FREE_STRATEGIES`; for query by
    committee, a :class:`~helpers.labels.sources.Committee` of ``n_members`` clones
    of ``model`` bagged on the labelled set (``rng``, ``weights`` and ``previous``
    as in :func:`~helpers.labels.sources.fit_committee`); otherwise ``model``
    itself, fitted on the labelled set (so is any other name: a custom strategy).
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a strategy name, got {type(name).__name__}")
    if name in MODEL_FREE_STRATEGIES:
        return None
    _check_model("model", model)
    if name in COMMITTEE_STRATEGIES:
        return fit_committee(
            model,
            X_labeled,
            y_labeled,
            n_members=n_members,
            rng=rng,
            weights=weights,
            previous=previous,
        )
    return model
