"""The one-coin crowd model: one accuracy per annotator, fitted by EM (lesson 05).

Dawid-Skene (:func:`helpers.labels.crowd.dawid_skene`) gives every annotator a full
``K x K`` confusion matrix: ``K (K - 1)`` numbers to estimate per person. The
**one-coin** model gives each annotator a single number, the probability
:math:`s_j` of saying the true class; a wrong answer is any other class with equal
probability :math:`(1 - s_j) / (K - 1)`. Fewer parameters are estimated better from
few votes, so one-coin wins when the noise really is uniform and each annotator has
few labels; Dawid-Skene wins when errors go to particular classes (a person who
reads every 7 as a 1), which a single number cannot describe.

The result is a :class:`~helpers.labels.crowd.DawidSkeneResult` whose confusion
matrices have ``s_j`` on the diagonal and the even split elsewhere, so it drops in
wherever Dawid-Skene's result is used; :func:`annotator_skills` reads the ``s_j``
back. Votes are as in :mod:`helpers.labels.votes` (``-1`` = no label).
:func:`coin_or_matrix` measures when each model wins, on several data sets.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from helpers.core.validation import (
    check_choice,
    check_int,
    check_labels,
    check_real,
    check_seeds,
)
from helpers.labels.crowd import (
    STYLES,
    DawidSkeneResult,
    _onehot,
    _run_em,
    _smoothed_priors,
    _vote_shares,
    annotator_confusions,
    assignment_mask,
    dawid_skene,
    simulate_votes,
)
from helpers.labels.votes import (
    MAX_ITER,
    MAX_VOTERS,
    check_votes,
    majority_vote,
)

__all__ = ["AGGREGATORS", "annotator_skills", "coin_or_matrix", "one_coin"]


def _skill_confusions(skills: np.ndarray, n_classes: int) -> np.ndarray:
    """``(J, K, K)`` matrices: ``skills[j]`` on the diagonal, the rest split evenly."""
    eye = np.eye(n_classes)
    wrong = (1 - skills) / (n_classes - 1)  # (J,)
    return skills[:, None, None] * eye + wrong[:, None, None] * (1 - eye)


def one_coin(
    votes: np.ndarray,
    *,
    n_classes: int,
    max_iter: int = 100,
    tol: float = 1e-6,
    smoothing: float = 0.01,
) -> DawidSkeneResult:
    """One-coin EM: a single accuracy per annotator, and the labels.

    Model: item ``i`` has a hidden class :math:`z_i \\sim \\pi`; annotator ``j`` says
    :math:`z_i` with probability :math:`s_j` and each other class with probability
    :math:`(1 - s_j)/(K - 1)`. EM starts from each item's vote shares (majority
    vote), then alternates the M-step

    .. math:: s_j = \\frac{\\sum_{i \\text{ voted by } j} P(z_i = v_{ij}) + a}
              {n_j + 2a}, \\qquad \\pi_k \\propto \\sum_i P(z_i = k) + a

    (``a`` = ``smoothing``, ``n_j`` = annotator ``j``'s votes) and the E-step of
    Dawid-Skene with these confusion matrices.

    Parameters
    ----------
    votes : int ``(n_items, n_annotators)``; ``-1`` = no label from that annotator.
    n_classes : number of classes ``K``; votes must lie in ``0..K-1``.
    max_iter : at most this many EM rounds (1 to
        :data:`~helpers.labels.votes.MAX_ITER`).
    tol : stop when the mean log-likelihood per item improves by less than this.
    smoothing : pseudo-count ``a`` (a Beta/Dirichlet prior); ``0`` is plain maximum
        likelihood.

    >>> v = np.array([[0, 0, 1], [1, 1, 1], [0, 0, -1], [1, 0, 1]])
    >>> one_coin(v, n_classes=2).labels.tolist()
    [0, 1, 0, 1]
    """
    v = check_votes("votes", votes, n_classes=n_classes)
    max_iter = check_int("max_iter", max_iter, low=1, high=MAX_ITER)
    tol = check_real("tol", tol, low=0)
    smoothing = check_real("smoothing", smoothing, low=0)
    n, J = v.shape
    K = n_classes
    onehot = _onehot(v, K).reshape(n, J, K)  # (n, J, K)
    n_votes = onehot.sum(axis=(0, 2))  # (J,) votes each annotator gave
    post = _vote_shares(v, K)  # (n, K): start from the vote shares
    flat = onehot.reshape(n, J * K)

    def m_step(post: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        # Expected right votes of each annotator, and the class prior.
        right = np.einsum("njk,nk->j", onehot, post)  # (J,)
        skills = (right + smoothing) / np.maximum(n_votes + 2 * smoothing, 1e-12)
        skills = np.clip(skills, 1e-9, 1 - 1e-9)
        return _skill_confusions(skills, K), _smoothed_priors(post, smoothing)

    # E-step: Dawid-Skene's, with these confusion matrices.
    return _run_em(flat, post, m_step, max_iter=max_iter, tol=tol)


def annotator_skills(result: DawidSkeneResult) -> np.ndarray:
    """Each annotator's estimated accuracy ``(n_annotators,)``: the mean diagonal of
    its confusion matrix (for a one-coin result, exactly its ``s_j``)."""
    if not isinstance(result, DawidSkeneResult):
        raise TypeError(
            f"result must be a DawidSkeneResult, got {type(result).__name__}"
        )
    return np.diagonal(result.confusions, axis1=1, axis2=2).mean(axis=1)


AGGREGATORS = ("majority vote", "Dawid-Skene", "one-coin")
"""The columns of :func:`coin_or_matrix`."""


def coin_or_matrix(
    labels: dict[str, np.ndarray],
    *,
    seeds: Sequence[int],
    styles: Sequence[str] = ("uniform", "systematic"),
    n_annotators: int = 9,
    per_item: int = 3,
) -> pd.DataFrame:
    """Majority vote, Dawid-Skene and one-coin on simulated crowds, per data set.

    For each named label vector in ``labels`` (classes ``0..K-1``), error style and
    seed: ``n_annotators`` annotators with accuracies drawn uniformly between
    ``1/K + 0.15`` and 0.85, ``per_item`` of them per item (sparse assignment).
    Returns the median label accuracy over seeds, one row per ``(data set, style)``
    and one column per aggregator (:data:`AGGREGATORS`).
    """
    if not isinstance(labels, dict) or not labels:
        raise TypeError(
            f"labels must map data set names to label arrays, got {labels!r:.60}"
        )
    seeds = check_seeds(seeds)
    if isinstance(styles, str) or not isinstance(styles, Sequence) or not styles:
        raise TypeError(
            f"styles must be a non-empty list of error styles, got {styles!r}"
        )
    for style in styles:
        check_choice("style", style, STYLES)
    n_annotators = check_int("n_annotators", n_annotators, low=1, high=MAX_VOTERS)
    per_item = check_int("per_item", per_item, low=1, high=n_annotators)
    rows = []
    for name, y in labels.items():
        y = check_labels(f"labels[{name!r}]", y)
        K = int(y.max()) + 1
        if K < 2:
            raise ValueError(f"labels[{name!r}] must hold at least 2 classes")
        for style in styles:
            acc = {a: [] for a in AGGREGATORS}
            for seed in seeds:
                rng = np.random.default_rng(seed)
                accuracies = rng.uniform(1 / K + 0.15, 0.85, size=n_annotators)
                conf = annotator_confusions(accuracies, n_classes=K, style=style)
                mask = assignment_mask(
                    len(y), n_annotators, per_item=per_item, seed=seed
                )
                v = simulate_votes(y, conf, mask=mask, seed=seed)
                acc["majority vote"].append(majority_vote(v, n_classes=K, seed=seed))
                acc["Dawid-Skene"].append(dawid_skene(v, n_classes=K).labels)
                acc["one-coin"].append(one_coin(v, n_classes=K).labels)
                for a in AGGREGATORS:
                    acc[a][-1] = float(np.mean(acc[a][-1] == y))
            rows.append(
                {"data set": name, "style": style}
                | {a: float(np.median(acc[a])) for a in AGGREGATORS}
            )
    return pd.DataFrame(rows).set_index(["data set", "style"])
