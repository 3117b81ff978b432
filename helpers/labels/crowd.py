"""Crowdsourcing: simulated annotators, majority vote and Dawid-Skene EM (lesson 05).

Votes are an int array ``(n_items, n_annotators)``; ``-1`` means "this annotator gave
no label for this item". Everything here takes and returns plain arrays, so the weak
supervision lesson can feed labeling-function votes to :func:`dawid_skene` as well.

* :func:`annotator_confusions` -- the true confusion matrix of each simulated annotator
  (``uniform`` noise, ``systematic`` personal confusions, or ``shared`` confusions);
* :func:`assignment_mask`, :func:`simulate_votes` -- who labels what, and their votes;
* :func:`majority_vote` (from :mod:`helpers.labels.votes`, shared with lesson 08) and
  :func:`dawid_skene` -- the two aggregators;
* :func:`label_posteriors` -- the E-step on its own (with true confusions it is the
  best any aggregator can do: the *oracle*).

A crowd under a budget: :mod:`helpers.labels.crowd_budget`; its figures
:mod:`helpers.labels.crowd_plots`; the widget :mod:`helpers.labels.crowd_widget`.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from helpers.core.validation import (
    check_array,
    check_choice,
    check_int,
    check_labels,
    check_probabilities,
    check_real,
)
from helpers.labels.votes import (
    MAX_CLASSES,
    MAX_ITEMS,
    MAX_ITER,
    MAX_VOTERS,
    MAX_VOTES,
    check_votes,
    majority_vote,
    one_hot_votes,
    vote_counts,
)

__all__ = [
    "INITS",
    "LOOKALIKE_PAIRS",
    "STYLES",
    "DawidSkeneResult",
    "annotator_confusions",
    "assignment_mask",
    "confusion_pairs",
    "dawid_skene",
    "label_posteriors",
    "majority_vote",
    "simulate_votes",
    "vote_counts",
]

STYLES = ("uniform", "systematic", "shared")
"""Error styles of simulated annotators (see :func:`annotator_confusions`)."""

INITS = ("majority", "uniform")
"""Named starting points of :func:`dawid_skene` (an array of posteriors also works)."""

# Look-alike digits: the pairs of round 0 of the round-robin below, for 10 classes.
LOOKALIKE_PAIRS = ((1, 7), (3, 8), (5, 6), (4, 9), (0, 2))
_DIGIT_ORDER = (1, 7, 3, 5, 4, 0, 2, 9, 6, 8)  # makes round 0 == LOOKALIKE_PAIRS


# ------------------------------------------------------------------ simulation


def confusion_pairs(n_classes: int, round_: int) -> list[tuple[int, int]]:
    """The ``round_``-th pairing of the classes (round-robin "circle" method).

    Different rounds share no pair, so annotators with different rounds never make
    the same mistake. For 10 classes round 0 is the look-alike digits
    1-7, 3-8, 5-6, 4-9, 0-2. With an odd number of classes one class per round has
    no partner (it is left out of the pairs). At most
    :data:`~helpers.labels.votes.MAX_CLASSES` classes.
    """
    n_classes = check_int("n_classes", n_classes, low=2, high=MAX_CLASSES)
    round_ = check_int("round_", round_, low=0)
    order = list(_DIGIT_ORDER) if n_classes == 10 else list(range(n_classes))
    if n_classes % 2:
        order.append(-1)  # a dummy partner
    n = len(order)
    others = order[1:]
    r = round_ % (n - 1)
    others = others[r:] + others[:r]
    pairs = [(order[0], others[0])] + [
        (others[i], others[-i]) for i in range(1, n // 2)
    ]
    return [(a, b) for a, b in pairs if a >= 0 and b >= 0]


def annotator_confusions(
    accuracies: np.ndarray | list[float], *, n_classes: int = 10, style: str = "uniform"
) -> np.ndarray:
    """True confusion matrices ``(n_annotators, n_classes, n_classes)``.

    Row ``k`` of annotator ``j``'s matrix is the distribution of the label ``j`` gives
    to an item of true class ``k``; its diagonal is ``accuracies[j]``. The wrong
    answers follow ``style``:

    * ``"uniform"`` -- spread evenly over the other classes;
    * ``"systematic"`` -- all go to one partner class; each annotator has personal
      pairs (annotator ``j`` uses :func:`confusion_pairs` round ``j``);
    * ``"shared"`` -- all go to the partner, and every annotator has the same pairs
      (round 0: the look-alike digits). Nobody can undo errors everyone shares.

    A class without a partner (odd ``n_classes``) gets uniform errors. At most
    :data:`~helpers.labels.votes.MAX_VOTERS` annotators and
    :data:`~helpers.labels.votes.MAX_CLASSES` classes.
    """
    acc = check_array("accuracies", accuracies, ndim=1)
    if not np.all((acc >= 0) & (acc <= 1)):
        raise ValueError(f"accuracies must be in [0, 1], got {acc.tolist()}")
    if acc.size > MAX_VOTERS:
        raise ValueError(
            f"accuracies must name at most {MAX_VOTERS} annotators, got {acc.size}"
        )
    style = check_choice("style", style, STYLES)
    K = check_int("n_classes", n_classes, low=2, high=MAX_CLASSES)
    eye = np.eye(K)
    uniform = (1 - eye) / (K - 1)  # (K, K) error spread, rows sum to 1
    out = acc[:, None, None] * eye + (1 - acc)[:, None, None] * uniform
    if style != "uniform":
        for j, a in enumerate(acc):
            for p, q in confusion_pairs(K, j if style == "systematic" else 0):
                for k, partner in ((p, q), (q, p)):
                    out[j, k] = 0.0
                    out[j, k, k] = a
                    out[j, k, partner] = 1 - a
    return out  # (n_annotators, K, K)


def assignment_mask(
    n_items: int,
    n_annotators: int,
    *,
    per_item: int | None = None,
    budget: int | None = None,
    seed: int = 0,
) -> np.ndarray:
    """Who labels what: a bool mask ``(n_items, n_annotators)``.

    ``per_item=None`` is **dense** assignment (every annotator labels every item);
    otherwise each item gets ``per_item`` distinct annotators drawn at random
    (**sparse**). ``budget`` caps the number of labels bought: items are labelled in
    a random order, whole items only, until the budget runs out.

    At most :data:`~helpers.labels.votes.MAX_ITEMS` items,
    :data:`~helpers.labels.votes.MAX_VOTERS` annotators and
    :data:`~helpers.labels.votes.MAX_VOTES` cells in the mask.
    """
    n_items = check_int("n_items", n_items, low=1, high=MAX_ITEMS)
    n_annotators = check_int("n_annotators", n_annotators, low=1, high=MAX_VOTERS)
    if n_items * n_annotators > MAX_VOTES:
        raise ValueError(
            f"n_items * n_annotators must be at most {MAX_VOTES:,}, got "
            f"{n_items:,} * {n_annotators:,}"
        )
    r = n_annotators
    if per_item is not None:
        r = check_int("per_item", per_item, low=1, high=n_annotators)
    if budget is not None:
        budget = check_real("budget (labels)", budget, low=0)
    seed = check_int("seed", seed, low=0)
    rng = np.random.default_rng(seed)
    ranks = rng.random((n_items, n_annotators)).argsort(axis=1).argsort(axis=1)
    mask = ranks < r if r < n_annotators else np.ones((n_items, n_annotators), bool)
    if budget is not None:
        n_covered = min(n_items, int(budget) // r)
        covered = np.zeros(n_items, bool)
        covered[rng.permutation(n_items)[:n_covered]] = True
        mask &= covered[:, None]
    return mask


def simulate_votes(
    y_true: np.ndarray,
    confusions: np.ndarray,
    *,
    mask: np.ndarray | None = None,
    seed: int = 0,
) -> np.ndarray:
    """Draw each annotator's label from its confusion row; ``-1`` where not assigned.

    Parameters
    ----------
    y_true : true classes, shape ``(n_items,)``, in ``0..n_classes-1``.
    confusions : ``(n_annotators, n_classes, n_classes)``, rows summing to 1.
    mask : ``(n_items, n_annotators)`` bool from :func:`assignment_mask` (default:
        dense).
    """
    confusions = check_array("confusions", confusions, ndim=3)
    if confusions.shape[1] != confusions.shape[2]:
        raise ValueError(
            f"confusions must have shape (n_annotators, K, K), got {confusions.shape}"
        )
    J, K, _ = confusions.shape
    check_probabilities("confusions", confusions.reshape(J * K, K))
    y = check_labels("y_true", y_true, n_classes=K)
    if mask is None:
        mask = np.ones((y.size, J), bool)
    mask = np.asarray(mask)
    if mask.shape != (y.size, J):
        raise ValueError(f"mask must have shape {(y.size, J)}, got {mask.shape}")
    if mask.dtype != bool and not np.isin(mask, (0, 1)).all():
        raise ValueError(
            "mask must hold True/False (or 1/0) for each item and annotator"
        )
    mask = mask.astype(bool)
    seed = check_int("seed", seed, low=0)
    rng = np.random.default_rng(seed)
    cdf = np.cumsum(confusions[:, y, :], axis=2)  # (J, n_items, K)
    u = rng.random((J, y.size, 1))
    votes = np.minimum((u > cdf).sum(axis=2), K - 1).T  # (n_items, J)
    return np.where(mask, votes, -1)


# ------------------------------------------------------------------ aggregation


@dataclass(frozen=True)
class DawidSkeneResult:
    """What :func:`dawid_skene` estimated.

    posteriors : ``(n_items, n_classes)``, P(true class | votes); rows sum to 1.
    labels : ``(n_items,)``, argmax of the posteriors (items without votes get the
        most likely class under ``priors``).
    confusions : ``(n_annotators, n_classes, n_classes)``; ``[j, k, l]`` = P(annotator
        ``j`` says ``l`` | true class ``k``).
    priors : ``(n_classes,)`` class frequencies.
    n_iter : EM rounds run; ``converged`` says whether ``tol`` was reached.
    log_likelihood : log P(votes) under the final parameters (sum over items).
    """

    posteriors: np.ndarray
    labels: np.ndarray
    confusions: np.ndarray
    priors: np.ndarray
    n_iter: int
    log_likelihood: float
    converged: bool

    def __post_init__(self) -> None:
        post = check_probabilities("posteriors", self.posteriors)
        n, K = post.shape
        labels = check_labels("labels", self.labels, n_classes=K)
        if labels.size != n:
            raise ValueError(
                f"labels must have one entry per item ({n}), got {labels.size}"
            )
        conf = check_array("confusions", self.confusions, ndim=3)
        if conf.shape[1:] != (K, K):
            raise ValueError(
                f"confusions must have shape (n_annotators, {K}, {K}), got {conf.shape}"
            )
        priors = check_array("priors", self.priors, ndim=1)
        if priors.size != K:
            raise ValueError(f"priors must have {K} entries, got {priors.size}")
        check_int("n_iter", self.n_iter, low=1, high=MAX_ITER)
        ll = self.log_likelihood
        if isinstance(ll, bool) or not isinstance(ll, numbers.Real):
            raise TypeError(f"log_likelihood must be a number, got {ll!r}")
        if math.isnan(ll) or ll == math.inf:
            raise ValueError(f"log_likelihood must be finite or -inf, got {ll}")
        if not isinstance(self.converged, bool | np.bool_):
            raise TypeError(f"converged must be a bool, got {self.converged!r}")


def _onehot(v: np.ndarray, n_classes: int) -> np.ndarray:
    """``(n_items, n_annotators * n_classes)`` float indicators; no vote = zeros."""
    return one_hot_votes(v, n_classes=n_classes).reshape(len(v), -1)


def _e_step(
    onehot: np.ndarray, confusions: np.ndarray, priors: np.ndarray
) -> tuple[np.ndarray, float]:
    """Posteriors ``(n, K)`` and log P(votes) for given confusions and priors."""
    J, K, _ = confusions.shape
    safe = np.where(confusions > 0, confusions, 1.0)
    log_c = np.log(safe).transpose(0, 2, 1).reshape(J * K, K)  # (J*K votes, K classes)
    joint = onehot @ log_c  # (n, K): sum over the item's votes of log C_j[k, vote]
    zero = confusions == 0
    if zero.any():  # a vote with probability 0 under class k rules k out
        ruled_out = onehot @ zero.transpose(0, 2, 1).reshape(J * K, K).astype(float)
        joint[ruled_out > 0] = -np.inf
    with np.errstate(divide="ignore"):
        joint = joint + np.log(priors)  # (n, K) log P(class, votes)
    top = joint.max(axis=1, keepdims=True)  # (n, 1)
    possible = np.isfinite(top[:, 0])
    weights = np.exp(joint - np.where(possible[:, None], top, 0.0))
    total = weights.sum(axis=1, keepdims=True)
    post = np.where(possible[:, None], weights / np.where(total > 0, total, 1), priors)
    log_lik = float(np.sum(np.log(total[possible, 0]) + top[possible, 0]))
    if not possible.all():  # votes no class can explain
        log_lik = -np.inf
    return post, log_lik


def label_posteriors(
    votes: np.ndarray, confusions: np.ndarray, priors: np.ndarray
) -> np.ndarray:
    """P(true class | votes) for known confusions and priors (the E-step alone).

    With the annotators' *true* confusion matrices this is the Bayes-optimal
    aggregator: no method can beat its argmax on average.
    """
    confusions = check_array("confusions", confusions, ndim=3)
    priors = check_array("priors", priors, ndim=1)
    if confusions.shape[1:] != (priors.size, priors.size):
        raise ValueError(
            f"confusions must have shape (n_annotators, {priors.size}, {priors.size}), "
            f"got {confusions.shape}"
        )
    check_probabilities("priors", priors[None, :])
    check_probabilities("confusions", confusions.reshape(-1, priors.size))
    v = check_votes("votes", votes, n_classes=priors.size)
    if v.shape[1] != confusions.shape[0]:
        raise ValueError(
            f"votes has {v.shape[1]} annotators but confusions {confusions.shape[0]}"
        )
    return _e_step(_onehot(v, priors.size), confusions, priors)[0]


def dawid_skene(
    votes: np.ndarray,
    *,
    n_classes: int,
    max_iter: int = 100,
    tol: float = 1e-6,
    init: str | np.ndarray = "majority",
    smoothing: float = 0.01,
) -> DawidSkeneResult:
    """Dawid-Skene EM: estimate every annotator's confusion matrix and the labels.

    Model: item ``i`` has a hidden class :math:`z_i \\sim \\pi`; annotator ``j`` says
    ``l`` with probability :math:`C_j[z_i, l]`, independently of the others. EM
    alternates the M-step (``priors`` and ``confusions`` from soft class counts) and
    the E-step (posteriors from Bayes' rule). Both steps are one matrix product.

    Parameters
    ----------
    votes : int ``(n_items, n_annotators)``; ``-1`` = no label from that annotator.
    n_classes : number of classes ``K``; votes must lie in ``0..K-1``.
    max_iter : at most this many EM rounds (1 to
        :data:`~helpers.labels.votes.MAX_ITER`).
    tol : stop when the mean log-likelihood per item improves by less than this.
    init : ``"majority"`` (start from each item's vote shares), ``"uniform"``
        (every annotator starts 70 % accurate with even errors), or an array of
        initial posteriors ``(n_items, K)``.
    smoothing : pseudo-count added to every confusion and prior count (a Dirichlet
        prior); keeps unseen cells away from exactly 0. ``0`` is plain maximum
        likelihood.
    """
    v = check_votes("votes", votes, n_classes=n_classes)
    max_iter = check_int("max_iter", max_iter, low=1, high=MAX_ITER)
    tol = check_real("tol", tol, low=0)
    smoothing = check_real("smoothing", smoothing, low=0)
    n, J = v.shape
    K = n_classes
    if isinstance(init, str):
        check_choice("init", init, INITS)
    else:
        post = check_probabilities("init array", init)
        if post.shape != (n, K):
            raise ValueError(
                f"init array must be posteriors of shape {(n, K)}, got {post.shape}"
            )
    onehot = _onehot(v, K)  # (n, J*K)
    if isinstance(init, str):
        if init == "majority":
            post = _vote_shares(v, K)
        else:  # "uniform"
            eye = np.eye(K)
            start = 0.7 * eye + 0.3 * (1 - eye) / (K - 1)
            post, _ = _e_step(
                onehot, np.broadcast_to(start, (J, K, K)), np.full(K, 1 / K)
            )

    def m_step(post: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        # Soft counts of (true class k, vote l) per annotator, and the class prior.
        counts = (post.T @ onehot).reshape(K, J, K).transpose(1, 0, 2) + smoothing
        rows = counts.sum(axis=2, keepdims=True)
        confusions = np.where(rows > 0, counts / np.where(rows > 0, rows, 1), 1.0 / K)
        return confusions, _smoothed_priors(post, smoothing)

    return _run_em(onehot, post, m_step, max_iter=max_iter, tol=tol)


def _vote_shares(v: np.ndarray, n_classes: int) -> np.ndarray:
    """Each item's share of votes per class (uniform for an item without votes):
    the "majority" start of EM, (n, K)."""
    counts = vote_counts(v, n_classes=n_classes)  # (n, K)
    total = counts.sum(axis=1, keepdims=True)
    return np.where(total > 0, counts / np.maximum(total, 1), 1.0 / n_classes)


def _smoothed_priors(post: np.ndarray, smoothing: float) -> np.ndarray:
    """The class prior from soft counts plus ``smoothing`` pseudo-counts."""
    priors = post.sum(axis=0) + smoothing
    return priors / priors.sum()


def _run_em(
    onehot: np.ndarray,
    post: np.ndarray,
    m_step: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]],
    *,
    max_iter: int,
    tol: float,
) -> DawidSkeneResult:
    """EM for annotator models that differ only in their M-step: from initial
    posteriors ``post``, alternate ``m_step(post) -> (confusions, priors)`` and
    Dawid-Skene's E-step on the one-hot votes ``onehot`` (n, J*K), until the mean
    log-likelihood per item improves by less than ``tol`` or ``max_iter`` rounds."""
    n = len(post)
    log_lik, converged, n_iter = -np.inf, False, 0
    while n_iter < max_iter:
        n_iter += 1
        confusions, priors = m_step(post)
        # E-step: posteriors and the log-likelihood of the votes.
        post, new_log_lik = _e_step(onehot, confusions, priors)
        if abs(new_log_lik - log_lik) / n < tol:
            log_lik, converged = new_log_lik, True
            break
        log_lik = new_log_lik
    return DawidSkeneResult(
        posteriors=post,
        labels=post.argmax(axis=1),
        confusions=confusions,
        priors=priors,
        n_iter=n_iter,
        log_likelihood=float(log_lik),
        converged=converged,
    )
