"""What a query strategy reads about the pool: a model's or a committee's probabilities.

* :func:`predict_proba` and :func:`member_proba` -- class probabilities of a fitted
  model, or of every member of a committee, computed in the pool's precision (a
  float32 pool stays float32).
* :class:`Committee` and :func:`fit_committee` -- classifiers that vote, fitted by a
  Bayesian bootstrap (lesson 07's query by committee).

The strategies themselves, and :func:`helpers.labels.strategies.query_source` that
picks the right source for a strategy, live in :mod:`helpers.labels.strategies`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression

from helpers.core.validation import (
    check_array,
    check_int,
    check_labels,
    check_same_length,
)
from helpers.labels.diversity import _check_generator, _check_points

MAX_MEMBERS = 100
"""Most members a committee may have (each is a fitted model)."""


def _softmax_rows(z: np.ndarray) -> np.ndarray:
    """Softmax over the last axis, in place (``z`` holds logits)."""
    z -= z.max(axis=-1, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=-1, keepdims=True)
    return z


def _is_softmax_linear(model: Any) -> bool:
    return isinstance(model, LogisticRegression) and model.coef_.shape[0] > 1


def _check_model(name: str, model: Any, *, method: str = "predict_proba") -> Any:
    """``model`` if it has ``method`` (a classifier), else a TypeError."""
    if not callable(getattr(model, method, None)):
        raise TypeError(
            f"{name} must be a classifier with {method}, got {type(model).__name__}"
        )
    return model


def _check_members(members: Any) -> tuple[Any, ...]:
    """A non-empty sequence of classifiers with ``predict_proba``, as a tuple."""
    if not isinstance(members, Sequence) or isinstance(members, str):
        raise TypeError(
            "members must be a sequence of fitted classifiers, got "
            f"{type(members).__name__}"
        )
    if not members:
        raise ValueError("members must hold at least one classifier")
    for m in members:
        _check_model("every member", m)
    return tuple(members)


def predict_proba(model: Any, X: np.ndarray) -> np.ndarray:
    """``model.predict_proba(X)``, in ``X``'s precision for a logistic regression.

    A multinomial logistic regression's probabilities are a softmax of
    ``X @ W.T + b``. Written out here, the matrix product runs in float32 when the
    pool is stored as float32. It
    is not faster end to end: a margin query on 35,000 float32 images takes about
    as long as modAL's on scikit-learn's ``predict_proba`` (``make bench-peers``,
    table ``big_pool``).
    """
    return _predict_proba(_check_model("model", model), _check_points("X", X))


def _predict_proba(model: Any, X: np.ndarray) -> np.ndarray:
    """:func:`predict_proba` on a model and pool known to be valid (the strategies
    validate the pool once, not on every query)."""
    if not _is_softmax_linear(model):
        return model.predict_proba(X)
    W = model.coef_.astype(X.dtype, copy=False)  # (n_classes, n_features)
    return _softmax_rows(X @ W.T + model.intercept_.astype(X.dtype))


def member_proba(members: Sequence[Any], X: np.ndarray) -> np.ndarray:
    """Every member's probabilities, shape ``(n_members, n, n_classes)``.

    Logistic-regression members share one matrix product (their weights stacked).
    """
    return _member_proba(_check_members(members), _check_points("X", X))


def _member_proba(members: Sequence[Any], X: np.ndarray) -> np.ndarray:
    """:func:`member_proba` on members and a pool known to be valid."""
    if not all(_is_softmax_linear(m) for m in members):
        return np.stack([m.predict_proba(X) for m in members])
    W = np.concatenate([m.coef_ for m in members]).astype(X.dtype)  # (M * K, d)
    b = np.concatenate([m.intercept_ for m in members]).astype(X.dtype)
    z = (X @ W.T + b).reshape(len(X), len(members), -1)  # (n, M, K)
    return _softmax_rows(z).transpose(1, 0, 2)  # (M, n, K)


@dataclass(frozen=True)
class Committee:
    """Fitted classifiers that vote; :func:`fit_committee` builds one by bagging."""

    members: tuple[Any, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "members", _check_members(self.members))

    def member_proba(self, X: np.ndarray) -> np.ndarray:
        """Each member's probabilities, shape ``(n_members, n, n_classes)``."""
        return _member_proba(self.members, X)

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """The consensus: the members' mean probabilities, shape ``(n, n_classes)``."""
        return self.member_proba(X).mean(axis=0)


def fit_committee(
    model: Any,
    X: np.ndarray,
    y: np.ndarray,
    *,
    n_members: int = 5,
    rng: np.random.Generator | None = None,
    weights: np.ndarray | None = None,
    previous: Committee | None = None,
) -> Committee:
    """Fit ``n_members`` clones of ``model``, each on its own bootstrap of ``(X, y)``.

    The bootstrap is the Bayesian one (Rubin 1981): member ``i`` weighs example
    ``j`` by ``weights[i, j] ~ Exponential(1)`` instead of drawing it 0, 1, 2, ...
    times. Every member therefore sees every class, and when the loop keeps each
    example's weights from round to round, a member's data only grows, so refitting
    the ``previous`` round's members (warm-started) is cheap.

    Parameters
    ----------
    model : an unfitted classifier whose ``fit`` takes ``sample_weight``.
    n_members : 2 to :data:`MAX_MEMBERS`.
    weights : ``(n_members, n)``; drawn from ``rng`` when None.
    """
    _check_model("model", model, method="fit")
    X = check_array("X", X, ndim=2, dtype=None)
    y = check_labels("y", y)
    check_same_length(X=X, y=y)
    n_members = check_int("n_members", n_members, low=2, high=MAX_MEMBERS)
    rng = _check_generator(rng, required=False)
    if weights is None:
        if rng is None:
            raise ValueError("pass rng (to draw bootstrap weights) or weights")
        weights = rng.exponential(1.0, size=(n_members, len(y)))
    weights = check_array("weights", weights, ndim=2)
    if weights.shape != (n_members, len(y)) or np.any(weights < 0):
        raise ValueError(
            f"weights must be non-negative with shape ({n_members}, {len(y)}), got "
            f"shape {weights.shape}"
        )
    if previous is not None and not isinstance(previous, Committee):
        raise TypeError(f"previous must be a Committee, got {type(previous).__name__}")
    if previous is not None and len(previous.members) != n_members:
        raise ValueError(
            f"previous committee has {len(previous.members)} members, "
            f"expected {n_members}"
        )
    members = []
    for i in range(n_members):
        member = clone(model) if previous is None else previous.members[i]
        members.append(member.fit(X, y, sample_weight=weights[i]))
    return Committee(tuple(members))
