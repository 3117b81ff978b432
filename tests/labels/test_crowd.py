"""Tests of labels.crowd: simulated annotators, majority vote, Dawid-Skene EM."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.labels import crowd

# ------------------------------------------------------- a plain reference DS


def reference_dawid_skene(votes, n_classes, init, n_iter, smoothing):
    """Dawid-Skene written with plain loops, straight from the 1979 paper."""
    n, J = votes.shape
    T = np.array(init, dtype=float)
    for _ in range(n_iter):
        priors = T.sum(axis=0) + smoothing
        priors /= priors.sum()
        C = np.full((J, n_classes, n_classes), smoothing)
        for i in range(n):
            for j in range(J):
                if votes[i, j] >= 0:
                    C[j, :, votes[i, j]] += T[i]
        C /= C.sum(axis=2, keepdims=True)
        T = np.zeros((n, n_classes))
        for i in range(n):
            for k in range(n_classes):
                p = priors[k]
                for j in range(J):
                    if votes[i, j] >= 0:
                        p *= C[j, k, votes[i, j]]
                T[i, k] = p
            T[i] /= T[i].sum()
    return T, C, priors


def random_votes(n=40, J=4, K=3, missing=0.3, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, K, n)
    conf = crowd.annotator_confusions(np.linspace(0.5, 0.9, J), n_classes=K)
    votes = crowd.simulate_votes(y, conf, seed=seed)
    votes[rng.random(votes.shape) < missing] = -1
    return y, votes


# ------------------------------------------------------------- Dawid-Skene


def test_matches_the_loop_reference_with_missing_votes():
    _, votes = random_votes()
    init = crowd.vote_counts(votes, n_classes=3).astype(float) + 0.1
    init /= init.sum(axis=1, keepdims=True)
    res = crowd.dawid_skene(
        votes, n_classes=3, init=init, max_iter=6, tol=0.0, smoothing=0.5
    )
    T, C, priors = reference_dawid_skene(votes, 3, init, 6, 0.5)
    assert res.n_iter == 6 and not res.converged
    np.testing.assert_allclose(res.posteriors, T, atol=1e-10)
    np.testing.assert_allclose(res.confusions, C, atol=1e-12)
    np.testing.assert_allclose(res.priors, priors, atol=1e-12)


def test_one_round_worked_by_hand():
    # Two items, two annotators. Annotator 0 is right on both; annotator 1 says 0 to
    # everything. From certain posteriors [1,0], [0,1] with no smoothing:
    # priors = [.5, .5]; C0 = identity; C1 = [[1, 0], [1, 0]].
    votes = np.array([[0, 0], [1, 0]])
    res = crowd.dawid_skene(
        votes, n_classes=2, init=np.eye(2), max_iter=1, smoothing=0.0
    )
    np.testing.assert_allclose(res.priors, [0.5, 0.5])
    np.testing.assert_allclose(res.confusions[0], np.eye(2))
    np.testing.assert_allclose(res.confusions[1], [[1, 0], [1, 0]])
    np.testing.assert_allclose(res.posteriors, np.eye(2))
    # P(votes of item 0) = .5 * 1 * 1 and likewise for item 1.
    assert res.log_likelihood == pytest.approx(2 * np.log(0.5))


def test_recovers_a_known_systematic_confusion():
    # Annotators 0 and 1 are always right; annotator 2 answers 7 for every 1.
    y = np.repeat(np.arange(10), 6)
    third = np.where(y == 1, 7, y)
    votes = np.column_stack([y, y, third])
    res = crowd.dawid_skene(votes, n_classes=10, smoothing=0.0)
    assert np.array_equal(res.labels, y)
    assert res.confusions[2, 1, 7] == pytest.approx(1.0)
    assert res.confusions[2, 1, 1] == pytest.approx(0.0)
    np.testing.assert_allclose(res.confusions[0], np.eye(10), atol=1e-12)


def test_a_flipping_annotator_is_read_backwards():
    # Binary: two right annotators, one always wrong. DS learns C2 = [[0,1],[1,0]].
    y = np.array([0, 1, 1, 0, 1, 0, 0, 1])
    votes = np.column_stack([y, y, 1 - y])
    res = crowd.dawid_skene(votes, n_classes=2, smoothing=0.0)
    np.testing.assert_allclose(res.confusions[2], [[0, 1], [1, 0]], atol=1e-12)
    assert np.array_equal(res.labels, y)


def test_exactly_correct_annotators_give_perfect_recovery():
    y = np.random.default_rng(1).integers(0, 10, 300)
    votes = np.tile(y[:, None], (1, 4))
    res = crowd.dawid_skene(votes, n_classes=10)
    assert np.array_equal(res.labels, y)
    assert np.all(np.diagonal(res.confusions, axis1=1, axis2=2) > 0.99)
    np.testing.assert_allclose(
        res.priors, np.bincount(y, minlength=10) / 300, atol=1e-3
    )


def test_posteriors_are_distributions_and_labels_their_argmax():
    _, votes = random_votes(seed=3)
    res = crowd.dawid_skene(votes, n_classes=3)
    np.testing.assert_allclose(res.posteriors.sum(axis=1), 1.0)
    assert np.all(res.posteriors >= 0)
    assert np.array_equal(res.labels, res.posteriors.argmax(axis=1))
    np.testing.assert_allclose(res.confusions.sum(axis=2), 1.0)
    assert res.priors.sum() == pytest.approx(1.0)


def test_invariant_to_annotator_order():
    _, votes = random_votes(seed=4)
    order = [2, 0, 3, 1]
    a = crowd.dawid_skene(votes, n_classes=3)
    b = crowd.dawid_skene(votes[:, order], n_classes=3)
    np.testing.assert_allclose(a.posteriors, b.posteriors, atol=1e-10)
    np.testing.assert_allclose(a.confusions[order], b.confusions, atol=1e-10)


def test_items_without_votes_get_the_priors():
    _, votes = random_votes(seed=5)
    votes[:3] = -1
    res = crowd.dawid_skene(votes, n_classes=3)
    np.testing.assert_allclose(res.posteriors[:3], np.tile(res.priors, (3, 1)))


def test_log_likelihood_never_decreases_without_smoothing():
    _, votes = random_votes(n=200, seed=6, missing=0.2)
    lls = [
        crowd.dawid_skene(
            votes, n_classes=3, max_iter=k, tol=0.0, smoothing=0.0
        ).log_likelihood
        for k in range(1, 12)
    ]
    assert np.all(np.diff(lls) >= -1e-9)


def test_both_inits_find_the_same_labels_on_an_easy_crowd():
    y, votes = random_votes(n=300, missing=0.0, seed=7)
    a = crowd.dawid_skene(votes, n_classes=3, init="majority")
    b = crowd.dawid_skene(votes, n_classes=3, init="uniform")
    assert np.mean(a.labels == b.labels) > 0.98


@pytest.mark.parametrize(
    ("votes", "match"),
    [
        (np.array([[0, 3]]), r"votes must be in \[0, 2\] or -1"),
        (np.array([[0, -2]]), r"votes must be in \[0, 2\] or -1"),
        (np.zeros((0, 3), int), "must not be empty"),
        (np.array([0, 1, 2]), "2-D array"),
        (np.array([[0.0, 1.0]]), "must be integers"),
    ],
)
def test_bad_votes_are_rejected(votes, match):
    with pytest.raises(ValueError, match=match):
        crowd.dawid_skene(votes, n_classes=3)
    with pytest.raises(ValueError, match=match):
        crowd.majority_vote(votes, n_classes=3)


def test_bad_options_are_rejected():
    votes = np.array([[0, 1], [1, 1]])
    for kwargs, match in [
        ({"max_iter": 0}, "max_iter"),
        ({"tol": -1.0}, "tol"),
        ({"smoothing": -0.1}, "smoothing"),
        ({"init": "best"}, "unknown init .best."),
        ({"init": np.ones((3, 2))}, "init array"),
    ]:
        with pytest.raises(ValueError, match=match):
            crowd.dawid_skene(votes, n_classes=2, **kwargs)
    with pytest.raises(ValueError, match="n_classes"):
        crowd.dawid_skene(votes, n_classes=1)


def test_label_posteriors_by_hand():
    # Priors .5/.5; A is 90 % right, B 60 %. A says 0, B says 1:
    # P(0 | votes) = .9 * .4 / (.9 * .4 + .1 * .6) = 6/7.
    conf = crowd.annotator_confusions([0.9, 0.6], n_classes=2)
    post = crowd.label_posteriors(np.array([[0, 1]]), conf, np.array([0.5, 0.5]))
    np.testing.assert_allclose(post, [[6 / 7, 1 / 7]])
    with pytest.raises(ValueError, match="annotators"):
        crowd.label_posteriors(np.array([[0, 1, 1]]), conf, np.array([0.5, 0.5]))


# ----------------------------------------------------------- majority vote


def test_majority_vote_is_the_shared_one_and_breaks_ties_at_random():
    """Lesson 05 calls ``crowd.majority_vote``: the one of labels.votes."""
    ties = np.tile([[1, 7]], (2000, 1))
    picks = crowd.majority_vote(ties, n_classes=10, seed=0)
    assert set(picks) == {1, 7}
    assert set(crowd.majority_vote(ties, n_classes=10, ties="lowest")) == {1}
    votes = np.array([[3, 3, 1], [2, -1, 2], [-1, -1, -1]])
    assert crowd.majority_vote(votes, n_classes=4).tolist() == [3, 2, -1]


# --------------------------------------------------------------- simulator


def test_confusion_pairs_are_disjoint_perfect_matchings():
    assert crowd.confusion_pairs(10, 0) == list(crowd.LOOKALIKE_PAIRS)
    seen = set()
    for r in range(9):
        pairs = crowd.confusion_pairs(10, r)
        assert sorted(c for p in pairs for c in p) == list(range(10))
        edges = {frozenset(p) for p in pairs}
        assert not edges & seen
        seen |= edges
    assert len(crowd.confusion_pairs(5, 0)) == 2  # one class left without a partner


@pytest.mark.parametrize("style", crowd.STYLES)
def test_confusions_are_stochastic_with_the_requested_diagonal(style):
    acc = [0.55, 0.65, 0.75, 0.85, 0.9]
    conf = crowd.annotator_confusions(acc, style=style)
    assert conf.shape == (5, 10, 10)
    np.testing.assert_allclose(conf.sum(axis=2), 1.0)
    for j, a in enumerate(acc):
        np.testing.assert_allclose(np.diag(conf[j]), a)
    if style == "uniform":
        np.testing.assert_allclose(conf[0, 1, 7], 0.45 / 9)
    elif style == "shared":
        assert all(conf[j, 1, 7] == pytest.approx(1 - a) for j, a in enumerate(acc))
    else:  # personal pairs: annotator 0 mixes 1 and 7, annotator 1 does not
        assert conf[0, 1, 7] == pytest.approx(0.45) and conf[1, 1, 7] == 0


@pytest.mark.parametrize("style", ["uniform", "systematic"])
def test_simulated_annotators_have_the_requested_accuracy(style):
    acc = np.array([0.55, 0.65, 0.75, 0.85, 0.9])
    y = np.random.default_rng(0).integers(0, 10, 20_000)
    conf = crowd.annotator_confusions(acc, style=style)
    votes = crowd.simulate_votes(y, conf, seed=1)
    empirical = (votes == y[:, None]).mean(axis=0)
    sigma = np.sqrt(acc * (1 - acc) / y.size)
    assert np.all(np.abs(empirical - acc) < 4 * sigma)
    wrong = votes[:, 0] != y
    if style == "systematic":  # every error of annotator 0 is its partner class
        partner = dict(crowd.confusion_pairs(10, 0))
        partner |= {b: a for a, b in partner.items()}
        assert np.all(votes[wrong, 0] == np.vectorize(partner.get)(y[wrong]))
    else:  # errors spread over the 9 other classes
        offsets = (votes[wrong, 0] - y[wrong]) % 10
        shares = np.bincount(offsets, minlength=10)[1:] / wrong.sum()
        assert np.all(np.abs(shares - 1 / 9) < 0.02)


def test_simulation_is_seeded():
    y = np.arange(10).repeat(20)
    conf = crowd.annotator_confusions([0.6, 0.7], style="uniform")
    a = crowd.simulate_votes(y, conf, seed=3)
    assert np.array_equal(a, crowd.simulate_votes(y, conf, seed=3))
    assert not np.array_equal(a, crowd.simulate_votes(y, conf, seed=4))


def test_dense_and_sparse_assignment_with_a_budget():
    dense = crowd.assignment_mask(50, 5)
    assert dense.all()
    sparse = crowd.assignment_mask(50, 5, per_item=2, seed=1)
    assert np.all(sparse.sum(axis=1) == 2)
    capped = crowd.assignment_mask(50, 5, per_item=3, budget=100, seed=1)
    assert capped.sum() == 99 and np.sum(capped.any(axis=1)) == 33
    votes = crowd.simulate_votes(
        np.zeros(50, int), crowd.annotator_confusions([0.8] * 5), mask=capped
    )
    assert np.all((votes >= 0) == capped)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (
            lambda: crowd.annotator_confusions([0.5, 1.2]),
            r"accuracies must be in \[0, 1\]",
        ),
        (lambda: crowd.annotator_confusions([-0.1]), r"accuracies must be in \[0, 1\]"),
        (lambda: crowd.annotator_confusions([]), "accuracies must hold at least 1"),
        (lambda: crowd.annotator_confusions([0.5], n_classes=1), "n_classes"),
        (lambda: crowd.confusion_pairs(1, 0), "n_classes"),
        (lambda: crowd.assignment_mask(0, 3), "n_items"),
        (lambda: crowd.annotator_confusions([0.5], style="noisy"), "unknown style"),
        (lambda: crowd.assignment_mask(10, 3, per_item=4), "per_item"),
        (lambda: crowd.assignment_mask(10, 3, budget=-1), "budget"),
        (
            lambda: crowd.simulate_votes(
                np.array([0, 10]), crowd.annotator_confusions([0.5])
            ),
            "y_true",
        ),
        (lambda: crowd.simulate_votes(np.array([0]), np.ones((1, 2, 2))), "sum to 1"),
        (
            lambda: crowd.label_posteriors(
                np.array([[0]]), np.ones((1, 3, 3)) / 3, np.array([0.5, 0.5])
            ),
            "confusions must have shape",
        ),
    ],
)
def test_bad_simulator_input_is_rejected(call, match):
    with pytest.raises(ValueError, match=match):
        call()


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: crowd.annotator_confusions([0.5], n_classes=2.5), "n_classes"),
        (lambda: crowd.assignment_mask(10, 3, per_item=1.5), "per_item"),
        (lambda: crowd.dawid_skene(np.array([[0, 1]]), n_classes=2, tol="0"), "tol"),
        (lambda: crowd.annotator_confusions(["a"]), "accuracies"),
    ],
)
def test_arguments_of_the_wrong_type_raise_type_errors(call, match):
    with pytest.raises(TypeError, match=match):
        call()


# ------------------------------------------------------------------- bad input


def test_huge_counts_are_refused_before_any_allocation():
    with pytest.raises(ValueError, match=r"n_classes must be an integer in \[2, 100\]"):
        crowd.confusion_pairs(10**12, 0)
    with pytest.raises(ValueError, match="n_classes"):
        crowd.annotator_confusions([0.7], n_classes=10**12)
    with pytest.raises(
        ValueError, match=r"n_items must be an integer in \[1, 1000000\]"
    ):
        crowd.assignment_mask(10**12, 3)
    with pytest.raises(ValueError, match="n_items \\* n_annotators"):
        crowd.assignment_mask(10**6, 1000)
    with pytest.raises(
        ValueError, match=r"max_iter must be an integer in \[1, 10000\]"
    ):
        crowd.dawid_skene(np.array([[0, 1]]), n_classes=2, max_iter=10**12)


def test_seeds_masks_and_priors_are_checked():
    conf = crowd.annotator_confusions([0.8, 0.7], n_classes=2)
    y = np.array([0, 1, 1])
    with pytest.raises(TypeError, match="seed"):
        crowd.simulate_votes(y, conf, seed=None)
    with pytest.raises(ValueError, match="mask must hold True/False"):
        crowd.simulate_votes(y, conf, mask=np.full((3, 2), 2))
    with pytest.raises(ValueError, match="priors must have rows that sum to 1"):
        crowd.label_posteriors(np.array([[0, 1]]), conf, np.array([0.5, 0.6]))
    with pytest.raises(TypeError, match="seed"):
        crowd.assignment_mask(3, 2, seed=0.5)


def test_dawid_skene_result_checks_its_fields():
    fields = {
        "posteriors": np.array([[0.2, 0.8]]),
        "labels": np.array([1]),
        "confusions": np.full((1, 2, 2), 0.5),
        "priors": np.array([0.4, 0.6]),
        "n_iter": 1,
        "log_likelihood": -np.inf,  # votes no class explains: allowed
        "converged": False,
    }
    assert crowd.DawidSkeneResult(**fields).log_likelihood == -np.inf
    for bad, match in [
        ({"posteriors": np.array([[0.2, 0.9]])}, "sum to 1"),
        ({"labels": np.array([0, 1])}, "one entry per item"),
        ({"confusions": np.full((1, 3, 3), 0.5)}, r"shape \(n_annotators, 2, 2\)"),
        ({"log_likelihood": np.nan}, "log_likelihood"),
    ]:
        with pytest.raises(ValueError, match=match):
            crowd.DawidSkeneResult(**(fields | bad))
