"""Information-based selection (lesson 07): BALD, the mutual information between a
prediction and the model.

BALD (Houlsby et al., 2011) asks about the example whose label would tell us most
about *which* model is right. With a posterior over models approximated by a
committee (bootstrap members, or dropout masks in a network), it is

.. math::

    \\mathrm{BALD}(x) = H\\Big[\\tfrac{1}{C}\\sum_c p^{(c)}\\Big]
        - \\tfrac{1}{C}\\sum_c H\\big[p^{(c)}\\big],

the entropy of the consensus minus the members' mean entropy: high when every
member is sure but they disagree, zero when they agree (however unsure they are).
For a committee this is exactly the mean KL divergence of the members from their
consensus, so :func:`helpers.labels.strategies.consensus_kl_scores` *is* BALD with a
committee: :func:`bald_scores` computes it the other way round, and
:func:`bald_parts` returns the two entropies for a table.

>>> members = np.array([[[0.9, 0.1]], [[0.1, 0.9]]])  # two sure members disagree
>>> round(float(bald_scores(members)[0]), 3)  # log 2 - H(0.9, 0.1)
0.368
"""

from __future__ import annotations

import numpy as np

from helpers.core.validation import check_array


def _check_members(member_proba: object) -> np.ndarray:
    """``member_proba`` as rows of probabilities, shape ``(n_members, n, classes)``."""
    p = check_array("member_proba", member_proba, ndim=3)
    if p.shape[0] < 2 or p.shape[2] < 2:
        raise ValueError(
            f"member_proba needs at least 2 members and 2 classes, got shape {p.shape}"
        )
    if np.any(p < 0) or not np.allclose(p.sum(axis=2), 1.0, atol=1e-6):
        raise ValueError("member_proba rows must be probabilities (>= 0, sum 1)")
    return p


def _entropy(p: np.ndarray) -> np.ndarray:
    """Entropy in nats over the last axis (``0 log 0 = 0``)."""
    logs = np.log(np.where(p > 0, p, 1.0))
    return -(p * logs).sum(axis=-1)


def bald_parts(member_proba: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The consensus entropy and the members' mean entropy, each shape ``(n,)``.

    Their difference is BALD; the first alone is the entropy score of the
    consensus (total uncertainty), the second the part every member shares
    (noise no label removes).
    """
    p = _check_members(member_proba)  # (members, n, classes)
    total = _entropy(p.mean(axis=0))  # (n,)
    expected = _entropy(p).mean(axis=0)  # (n,)
    return total, expected


def bald_scores(member_proba: np.ndarray) -> np.ndarray:
    """BALD: consensus entropy minus mean member entropy, shape ``(n,)``, >= 0."""
    total, expected = bald_parts(member_proba)
    return np.maximum(total - expected, 0.0)  # rounding can give -1e-17
