"""The label model of lesson 08: how far to trust each labeling function, no labels.

* :class:`LabelModel` -- a Snorkel-like generative model (a hit rate and a false-alarm
  rate per labeling function, and a class prior) fitted by EM on the label matrix
  alone; its posteriors are the probabilistic labels an end model trains on;
* :func:`simulate_label_matrix` -- votes drawn from the model's own assumptions, to
  test it and to show when it beats majority vote.

Label matrices are vote matrices as in :mod:`helpers.labels.votes` (``ABSTAIN = -1``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from helpers.core.validation import (
    check_array,
    check_int,
    check_real,
    check_same_length,
)
from helpers.labels.votes import (
    ABSTAIN,
    MAX_CLASSES,
    MAX_ITEMS,
    MAX_ITER,
    MAX_VOTERS,
    MAX_VOTES,
    check_votes,
    one_hot_votes,
)


@dataclass
class LabelModel:
    """A Snorkel-like generative label model, fitted by EM on ``L`` alone.

    Labeling function ``j`` votes only classes in its **polarity** ``P_j`` (a keyword
    rule votes one class). Given the true class ``y`` it votes, independently of the
    other functions,

    * ``y`` itself with probability ``hit_[j]`` (if ``y`` is in ``P_j``),
    * each other class of ``P_j`` with probability ``false_[j]``,
    * and abstains otherwise.

    So a keyword rule that fires on 40 % of billing tickets and on 2 % of the others
    has ``hit = 0.4``, ``false = 0.02``; an abstain then is weak evidence against
    billing. With the class prior ``prior_`` the posterior is

    .. math:: \\log P(y \\mid \\lambda) = \\log \\pi_y
              + \\sum_{j:\\,\\lambda_j = y} \\log\\frac{h_j}{f_j}
              + \\sum_{j:\\,\\lambda_j = -1} \\log P(\\text{abstain}_j \\mid y)
              + \\text{const}.

    Two numbers per function (not a Dawid-Skene confusion matrix) are estimated well
    from a few thousand sparse votes. ``accuracy_`` (share of its votes that are
    right) and ``propensity_`` (share of items it votes on) are derived from them.

    Parameters
    ----------
    n_classes : K (at most :data:`~helpers.labels.votes.MAX_CLASSES`).
    max_iter, tol : EM stops after ``max_iter`` rounds (at most
        :data:`~helpers.labels.votes.MAX_ITER`) or when no parameter moves more than
        ``tol``.
    smoothing : pseudo-counts added to every expected count, keeping rates off 0.
    """

    n_classes: int
    max_iter: int = 300
    tol: float = 1e-4
    smoothing: float = 0.5
    hit_: np.ndarray = field(init=False, repr=False)
    false_: np.ndarray = field(init=False, repr=False)
    prior_: np.ndarray = field(init=False, repr=False)
    polarity_: np.ndarray = field(init=False, repr=False)
    n_iter_: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        check_int("n_classes", self.n_classes, low=2, high=MAX_CLASSES)
        check_int("max_iter", self.max_iter, low=1, high=MAX_ITER)
        check_real("tol", self.tol, low=0, open_low=True)
        check_real("smoothing", self.smoothing, low=0)

    # log P(abstain | y in P_j) and log P(abstain | y not in P_j), each (m,)
    def _log_abstain(self) -> tuple[np.ndarray, np.ndarray]:
        p = self.polarity_.sum(axis=1)
        inside = 1 - self.hit_ - (p - 1) * self.false_
        outside = 1 - p * self.false_
        return np.log(np.clip(inside, 1e-9, 1)), np.log(np.clip(outside, 1e-9, 1))

    def _posterior(self, V: np.ndarray, abstain: np.ndarray) -> np.ndarray:
        weight = np.log(self.hit_ / self.false_)  # (m,) evidence of one vote
        log_in, log_out = self._log_abstain()
        by_class = self.polarity_ * log_in[:, None] + ~self.polarity_ * log_out[:, None]
        logits = (
            np.log(self.prior_)
            + np.einsum("nmk,m->nk", V, weight)
            + abstain @ by_class  # (n, m) @ (m, K)
        )
        logits -= logits.max(axis=1, keepdims=True)
        q = np.exp(logits)
        return q / q.sum(axis=1, keepdims=True)  # (n, K)

    def _m_step(
        self, V: np.ndarray, abstain: np.ndarray, q: np.ndarray, count: np.ndarray
    ) -> None:
        s, P = self.smoothing, self.polarity_
        # (m,) classes each function can vote; a function that never votes (p = 0)
        # adds nothing to any posterior: it gets the rates of a one-class function
        p = np.maximum(P.sum(axis=1), 1).astype(float)
        qc = q * count[:, None]  # (n_patterns, K) posterior mass of each vote pattern
        hits = np.einsum("nmk,nk->m", V, qc) + s  # expected right votes
        falses = np.einsum("nmk,n->m", V, count) - hits + 2 * s  # expected wrong ones
        q_in = qc @ P.T  # (n_patterns, m): expected items with y in P_j
        abst_in = (abstain * q_in).sum(axis=0) + s
        abst_out = (abstain * (count[:, None] - q_in)).sum(axis=0)
        abst_out += s * (p < self.n_classes)

        # Maximise hits*log h + falses*log f + abst_in*log(1-h-(p-1)f)
        # + abst_out*log(1-p f): h has a closed form given f, and so has f when
        # p is 1 or K; otherwise f is found by bisection.
        def slope(f: np.ndarray) -> np.ndarray:
            return (
                falses / f
                - (p - 1) * (hits + abst_in) / (1 - (p - 1) * f)
                - p * abst_out / (1 - p * f)
            )

        if ((p == 1) | (p == self.n_classes)).all():  # closed forms, the usual case
            self.false_ = falses / np.where(
                p == 1, falses + abst_out, (p - 1) * (hits + falses + abst_in)
            )
        else:  # the slope falls monotonically in f: bisect on (0, 1/p)
            lo, hi = np.full_like(p, 1e-9), 1 / p - 1e-9
            for _ in range(40):
                mid = (lo + hi) / 2
                up = slope(mid) > 0
                lo, hi = np.where(up, mid, lo), np.where(up, hi, mid)
            self.false_ = (lo + hi) / 2
        self.hit_ = hits * (1 - (p - 1) * self.false_) / (hits + abst_in)
        self.prior_ = (qc.sum(axis=0) + s) / (count.sum() + self.n_classes * s)

    def fit(self, L: np.ndarray) -> LabelModel:
        """Fit the rates and the class prior by EM, from majority-vote shares."""
        L = check_votes("L", L, n_classes=self.n_classes)
        if not (L != ABSTAIN).any():
            raise ValueError("no labeling function votes on any item: nothing to fit")
        # Items with the same votes share a posterior: work on the distinct patterns.
        patterns, count = np.unique(L, axis=0, return_counts=True)
        V = one_hot_votes(patterns, n_classes=self.n_classes)  # (n_patterns, m, K)
        abstain = (patterns == ABSTAIN).astype(float)  # (n_patterns, m)
        self.polarity_ = V.any(axis=0)  # (m, K) classes each function ever votes
        shares = V.sum(axis=1) + 1e-9  # (n_patterns, K); no votes -> uniform
        q = shares / shares.sum(axis=1, keepdims=True)  # majority-vote shares
        self._m_step(V, abstain, q, count)
        for iteration in range(1, self.max_iter + 1):
            old = np.concatenate([self.hit_, self.false_, self.prior_])
            self._m_step(V, abstain, self._posterior(V, abstain), count)
            new = np.concatenate([self.hit_, self.false_, self.prior_])
            self.n_iter_ = iteration
            if np.abs(new - old).max() < self.tol:
                break
        return self

    @property
    def propensity_(self) -> np.ndarray:
        """Share of items each function is expected to vote on, ``(m,)``."""
        in_p = self.polarity_ @ self.prior_  # P(y in P_j)
        p = self.polarity_.sum(axis=1)
        return in_p * (self.hit_ + (p - 1) * self.false_) + (1 - in_p) * p * self.false_

    @property
    def accuracy_(self) -> np.ndarray:
        """Expected share of each function's votes that are right, ``(m,)``."""
        return (self.polarity_ @ self.prior_) * self.hit_ / self.propensity_

    def _prepare(self, L: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if not hasattr(self, "hit_"):
            raise ValueError("call fit(L) before predicting")
        L = check_votes("L", L, n_classes=self.n_classes)
        if L.shape[1] != len(self.hit_):
            raise ValueError(
                f"L has {L.shape[1]} columns; the model was fitted on "
                f"{len(self.hit_)} labeling functions"
            )
        return one_hot_votes(L, n_classes=self.n_classes), (L == ABSTAIN).astype(float)

    def predict_proba(self, L: np.ndarray) -> np.ndarray:
        """``P(y | votes)``, shape ``(n, K)``."""
        self._prepare(L)  # validates L before any work
        patterns, inverse = np.unique(np.asarray(L), axis=0, return_inverse=True)
        return self._posterior(*self._prepare(patterns))[inverse.ravel()]

    def predict(self, L: np.ndarray) -> np.ndarray:
        """Most probable class per item; ``ABSTAIN`` where no function voted."""
        labels = self.predict_proba(L).argmax(axis=1)
        labels[(np.asarray(L) == ABSTAIN).all(axis=1)] = ABSTAIN
        return labels


def simulate_label_matrix(
    n: int,
    *,
    accuracies: Sequence[float],
    propensities: Sequence[float],
    prior: Sequence[float],
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Votes drawn from the label model's own assumptions: ``(L, y)``.

    Function ``j`` votes with probability ``propensities[j]``; a vote is the true class
    with probability ``accuracies[j]``, else a uniformly chosen wrong class. At most
    :data:`~helpers.labels.votes.MAX_ITEMS` items and
    :data:`~helpers.labels.votes.MAX_VOTES` votes ``n * len(accuracies)``.
    """
    n = check_int("n", n, low=1, high=MAX_ITEMS)
    acc = check_array("accuracies", accuracies, ndim=1)
    prop = check_array("propensities", propensities, ndim=1)
    check_same_length(accuracies=acc, propensities=prop)
    if not ((0 <= acc) & (acc <= 1) & (0 <= prop) & (prop <= 1)).all():
        raise ValueError("accuracies and propensities must lie in [0, 1]")
    if acc.size > MAX_VOTERS or n * acc.size > MAX_VOTES:
        raise ValueError(
            f"at most {MAX_VOTERS} labeling functions and {MAX_VOTES:,} votes, got "
            f"{acc.size} functions on {n:,} items"
        )
    prior = check_array("prior", prior, ndim=1, min_len=2)
    if prior.size > MAX_CLASSES:
        raise ValueError(
            f"prior must have at most {MAX_CLASSES} classes, got {prior.size}"
        )
    if (prior < 0).any() or not np.isclose(prior.sum(), 1):
        raise ValueError(f"prior must be probabilities summing to 1, got {prior}")
    seed = check_int("seed", seed, low=0)
    rng = np.random.default_rng(seed)
    K, m = len(prior), len(acc)
    y = rng.choice(K, size=n, p=prior)
    wrong = (y[:, None] + rng.integers(1, K, size=(n, m))) % K  # a uniform other class
    L = np.where(rng.random((n, m)) < acc, y[:, None], wrong)
    L[rng.random((n, m)) >= prop] = ABSTAIN
    return L, y
