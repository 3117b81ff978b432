"""Tests of labels.label_model: the generative label model and its simulator."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.labels.label_model import LabelModel, simulate_label_matrix
from helpers.labels.votes import ABSTAIN, majority_vote

# A label matrix small enough to work out by hand (3 functions, 5 items, 3 classes).
TINY_L = np.array(
    [
        [0, 0, -1],
        [0, 1, -1],
        [-1, 1, 1],
        [-1, -1, -1],
        [2, -1, 2],
    ]
)

# ------------------------------------------------------------------ label model

ACCS = [0.95, 0.9, 0.45, 0.4, 0.4]


@pytest.fixture(scope="module")
def simulated():
    return simulate_label_matrix(
        6000, accuracies=ACCS, propensities=[0.6] * 5, prior=[0.5, 0.3, 0.2], seed=0
    )


def test_label_model_recovers_known_accuracies(simulated):
    L, _ = simulated
    model = LabelModel(3).fit(L)
    np.testing.assert_allclose(model.accuracy_, ACCS, atol=0.03)
    np.testing.assert_allclose(model.propensity_, 0.6, atol=0.03)
    np.testing.assert_allclose(model.prior_, [0.5, 0.3, 0.2], atol=0.03)
    assert model.n_iter_ < model.max_iter


def test_label_model_beats_majority_vote_when_accuracies_differ(simulated):
    L, y = simulated
    covered = (L != ABSTAIN).any(axis=1)
    lm = LabelModel(3).fit(L).predict(L)
    mv = majority_vote(L, n_classes=3)
    lm_acc = (lm[covered] == y[covered]).mean()
    mv_acc = (mv[covered] == y[covered]).mean()
    assert lm_acc > mv_acc + 0.04, (lm_acc, mv_acc)
    assert (lm[~covered] == ABSTAIN).all()


def test_label_model_equals_majority_vote_when_accuracies_are_equal():
    L, y = simulate_label_matrix(
        6000, accuracies=[0.7] * 5, propensities=[0.6] * 5, prior=[1 / 3] * 3
    )
    covered = (L != ABSTAIN).any(axis=1)
    lm = LabelModel(3).fit(L).predict(L)
    mv = majority_vote(L, n_classes=3, ties="abstain")
    clear = covered & (mv != ABSTAIN)  # no tie: both must agree
    assert (lm[clear] == mv[clear]).mean() > 0.99


def test_label_model_learns_one_class_rules_from_their_firing_rates():
    """Keyword-like functions vote one class; what they tell is how often they fire.

    With two rules per class the rates are identifiable from co-firing alone.
    """
    rng = np.random.default_rng(0)
    n, prior = 10_000, np.array([0.4, 0.35, 0.25])
    y = rng.choice(3, size=n, p=prior)
    spec = [
        (0, 0.5, 0.05),
        (0, 0.3, 0.02),
        (1, 0.4, 0.02),
        (1, 0.6, 0.1),
        (2, 0.6, 0.05),
        (2, 0.4, 0.03),
    ]
    L = np.full((n, len(spec)), ABSTAIN)
    for j, (c, hit, false) in enumerate(spec):
        fires = rng.random(n) < np.where(y == c, hit, false)
        L[fires, j] = c
    model = LabelModel(3).fit(L)
    np.testing.assert_allclose(model.hit_, [s[1] for s in spec], atol=0.05)
    np.testing.assert_allclose(model.false_, [s[2] for s in spec], atol=0.03)
    true_acc = [(y[L[:, j] == c] == c).mean() for j, (c, _, _) in enumerate(spec)]
    np.testing.assert_allclose(model.accuracy_, true_acc, atol=0.05)


def test_label_model_posterior_is_the_formula():
    model = LabelModel(3).fit(TINY_L)
    h, f, pi = model.hit_, model.false_, model.prior_
    # item 1: a votes 0, b votes 1, c abstains; c's polarity is {1, 2}
    log_abstain_c = np.log([1 - 2 * f[2], 1 - h[2] - f[2], 1 - h[2] - f[2]])
    by_hand = np.log(pi) + log_abstain_c
    by_hand[0] += np.log(h[0] / f[0])
    by_hand[1] += np.log(h[1] / f[1])
    by_hand = np.exp(by_hand - by_hand.max())
    np.testing.assert_allclose(
        model.predict_proba(TINY_L)[1], by_hand / by_hand.sum(), rtol=1e-9
    )


def test_label_model_bad_input():
    with pytest.raises(ValueError, match="n_classes"):
        LabelModel(1)
    with pytest.raises(ValueError, match="fit"):
        LabelModel(3).predict_proba(TINY_L)
    with pytest.raises(ValueError, match="nothing to fit"):
        LabelModel(3).fit(np.full((4, 2), ABSTAIN))
    model = LabelModel(3).fit(TINY_L)
    with pytest.raises(ValueError, match="fitted on 3"):
        model.predict(TINY_L[:, :2])


def test_simulated_votes_follow_the_requested_rates():
    L, y = simulate_label_matrix(
        20_000, accuracies=[0.9, 0.6], propensities=[0.5, 0.2], prior=[0.7, 0.3]
    )
    voted = L != ABSTAIN
    np.testing.assert_allclose(voted.mean(axis=0), [0.5, 0.2], atol=0.02)
    right = [(L[voted[:, j], j] == y[voted[:, j]]).mean() for j in range(2)]
    np.testing.assert_allclose(right, [0.9, 0.6], atol=0.02)
    np.testing.assert_allclose(np.bincount(y) / y.size, [0.7, 0.3], atol=0.02)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"accuracies": [0.9], "propensities": [0.5, 0.5]}, ValueError, "same length"),
        ({"accuracies": [1.2], "propensities": [0.5]}, ValueError, r"\[0, 1\]"),
        ({"prior": [0.5, 0.6]}, ValueError, "summing to 1"),
        ({"prior": [1.0]}, ValueError, "prior must hold at least 2"),
        ({"n": 0}, ValueError, "n must be"),
        ({"n": 2.5}, TypeError, "n must be"),
    ],
)
def test_simulator_bad_input(kwargs, error, match):
    args = {"n": 10, "accuracies": [0.9], "propensities": [0.5], "prior": [0.5, 0.5]}
    with pytest.raises(error, match=match):
        simulate_label_matrix(**(args | kwargs))


def test_model_options_are_checked():
    with pytest.raises(ValueError, match="tol"):
        LabelModel(3, tol=0)
    with pytest.raises(TypeError, match="max_iter"):
        LabelModel(3, max_iter=2.5)
    with pytest.raises(ValueError, match="smoothing"):
        LabelModel(3, smoothing=-1)


# ------------------------------------------------------------------- bad input


def test_bad_shapes_and_caps_are_refused():
    L = np.array([[0, 1], [1, -1], [0, 0]])
    model = LabelModel(2).fit(L)
    with pytest.raises(ValueError, match="L must be a 2-D"):
        model.predict_proba(L[:, 0])
    with pytest.raises(ValueError, match="L must be a 2-D"):
        model.predict(L[None])
    with pytest.raises(ValueError, match="3 columns; the model was fitted on 2"):
        model.predict_proba(np.hstack([L, L[:, :1]]))
    with pytest.raises(ValueError, match="L must not be empty"):
        LabelModel(2).fit(L[:0])
    with pytest.raises(ValueError, match="L must be integers"):
        LabelModel(2).fit(np.where(L == 1, np.nan, L))
    with pytest.raises(
        ValueError, match=r"max_iter must be an integer in \[1, 10000\]"
    ):
        LabelModel(2, max_iter=10**12)
    with pytest.raises(ValueError, match=r"n must be an integer in \[1, 1000000\]"):
        simulate_label_matrix(
            10**12, accuracies=[0.8], propensities=[0.5], prior=[0.5, 0.5]
        )
    with pytest.raises(ValueError, match="votes"):
        simulate_label_matrix(
            10**6, accuracies=[0.8] * 20, propensities=[0.5] * 20, prior=[0.5, 0.5]
        )
    with pytest.raises(ValueError, match="seed"):
        simulate_label_matrix(
            5, accuracies=[0.8], propensities=[0.5], prior=[0.5, 0.5], seed=-1
        )


def test_a_function_that_never_votes_changes_nothing():
    L, _ = simulate_label_matrix(
        400, accuracies=[0.9, 0.7, 0.6], propensities=[0.5] * 3, prior=[0.5, 0.5]
    )
    silent = np.hstack([L, np.full((len(L), 1), ABSTAIN)])
    with np.errstate(all="raise"):
        with_silent = LabelModel(2).fit(silent).predict_proba(silent)
    without = LabelModel(2).fit(L).predict_proba(L)
    np.testing.assert_allclose(with_silent, without, atol=1e-12)
