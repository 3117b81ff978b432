"""Tests of labels.strategies: uncertainty and committee scores, query strategies."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import entropy as scipy_entropy

from helpers.labels import active_loop as L
from helpers.labels import sources as S
from helpers.labels import strategies as A

ROWS = np.array(
    [
        [0.5, 0.49, 0.01],  # A: two classes nearly tied
        [0.4, 0.3, 0.3],  # B: spread out but a clear winner
        [1 / 3, 1 / 3, 1 / 3],  # uniform: the most uncertain of all
        [0.9, 0.05, 0.05],  # confident
    ]
)


# ----------------------------------------------------------------------- scores


def test_least_confidence_by_hand():
    np.testing.assert_allclose(
        A.least_confidence_scores(ROWS), [0.5, 0.6, 2 / 3, 0.1], atol=1e-12
    )


def test_margin_by_hand():
    # 1 - (p1 - p2): A 1 - 0.01, B 1 - 0.1, uniform 1 - 0, confident 1 - 0.85
    np.testing.assert_allclose(A.margin_scores(ROWS), [0.99, 0.9, 1.0, 0.15])


def test_entropy_matches_scipy_including_zeros():
    rng = np.random.default_rng(1)
    proba = rng.dirichlet(np.ones(10) * 0.3, size=50)
    proba[0] = np.eye(10)[3]  # a one-hot row: entropy 0, no NaN from 0 log 0
    np.testing.assert_allclose(A.entropy_scores(proba), scipy_entropy(proba, axis=1))
    assert A.entropy_scores(proba)[0] == 0.0


def test_scores_rank_differently_on_a_worked_case():
    # Least confidence and entropy prefer B (spread out); margin prefers A (a tie).
    ab = ROWS[:2]
    assert A.least_confidence_scores(ab).argmax() == 1
    assert A.entropy_scores(ab).argmax() == 1
    assert A.margin_scores(ab).argmax() == 0
    assert list(A.margin(ab, np.zeros((2, 1)), batch_size=2, rng=None)) == [0, 1]
    assert list(A.least_confidence(ab, np.zeros((2, 1)), batch_size=2, rng=None)) == [
        1,
        0,
    ]


@pytest.mark.parametrize(
    ("score", "top"),
    [
        (A.least_confidence_scores, lambda k: 1 - 1 / k),
        (A.margin_scores, lambda k: 1.0),
        (A.entropy_scores, np.log),
    ],
)
def test_uniform_prediction_is_most_uncertain(score, top):
    rng = np.random.default_rng(0)
    for k in (2, 3, 10):
        proba = rng.dirichlet(np.ones(k), size=200)
        proba[57] = 1.0 / k
        s = score(proba)
        assert s.argmax() == 57
        assert s[57] == pytest.approx(top(k))


def test_vote_entropy_by_hand():
    # 3 members, 2 examples, 3 classes. Example 0: votes 0, 0, 1; example 1: 2, 2, 2.
    members = np.array(
        [
            [[0.6, 0.3, 0.1], [0.1, 0.1, 0.8]],
            [[0.5, 0.4, 0.1], [0.2, 0.2, 0.6]],
            [[0.2, 0.7, 0.1], [0.0, 0.1, 0.9]],
        ]
    )
    expected = -(2 / 3 * np.log(2 / 3) + 1 / 3 * np.log(1 / 3))
    np.testing.assert_allclose(A.vote_entropy_scores(members), [expected, 0.0])


def test_consensus_kl_by_hand_and_against_scipy():
    members = np.array([[[1.0, 0.0]], [[0.5, 0.5]]])  # 2 members, 1 example
    # consensus (0.75, 0.25): KL1 = log(1/0.75), KL2 = .5 log(.5/.75) + .5 log(.5/.25)
    kl1 = np.log(1 / 0.75)
    kl2 = 0.5 * np.log(0.5 / 0.75) + 0.5 * np.log(0.5 / 0.25)
    np.testing.assert_allclose(A.consensus_kl_scores(members), [(kl1 + kl2) / 2])
    rng = np.random.default_rng(2)
    members = rng.dirichlet(np.ones(4), size=(5, 30))  # (5 members, 30, 4)
    consensus = members.mean(axis=0)
    reference = np.mean([scipy_entropy(m, consensus, axis=1) for m in members], axis=0)
    np.testing.assert_allclose(A.consensus_kl_scores(members), reference)
    agree = np.repeat(members[:1], 5, axis=0)  # identical members: no disagreement
    np.testing.assert_allclose(A.consensus_kl_scores(agree), 0.0, atol=1e-12)
    np.testing.assert_allclose(A.vote_entropy_scores(agree), 0.0)


def test_scores_reject_bad_probabilities():
    with pytest.raises(ValueError, match="proba must have rows that sum to 1"):
        A.margin_scores(np.array([[0.5, 0.6]]))
    with pytest.raises(ValueError, match="proba must be 2-D, got 1-D"):
        A.entropy_scores(np.array([0.5, 0.5]))
    with pytest.raises(ValueError, match="member_proba must be 3-D"):
        A.vote_entropy_scores(ROWS)
    with pytest.raises(ValueError, match="proba must hold finite numbers; found 1 NaN"):
        A.margin_scores(np.array([[np.nan, 0.5], [0.5, 0.5]]))
    with pytest.raises(ValueError, match="n_classes >= 2"):
        A.least_confidence_scores(np.ones((3, 1)))
    with pytest.raises(ValueError, match="member_proba must have rows that sum to 1"):
        A.consensus_kl_scores(np.full((2, 3, 2), 0.6))
    with pytest.raises(ValueError, match="proba must hold at least 1 rows"):
        A.entropy_scores(np.empty((0, 3)))


def test_float32_probabilities_stay_float32():
    proba = ROWS.astype(np.float32)
    assert A.margin_scores(proba).dtype == np.float32


# ------------------------------------------------------------------ strategies


@pytest.mark.parametrize("name", list(A.STRATEGIES))
def test_every_strategy_returns_distinct_unlabelled_positions(name, digits, fitted):
    X_unl = digits.X_pool[fitted["rest"]]
    source = fitted["committee"] if name in A.COMMITTEE_STRATEGIES else fitted["model"]
    picked = A.get_strategy(name)(
        source,
        X_unl,
        batch_size=12,
        rng=np.random.default_rng(0),
        X_labeled=digits.X_pool[fitted["start"]],
    )
    assert picked.shape == (12,)
    assert np.issubdtype(picked.dtype, np.integer)
    assert len(np.unique(picked)) == 12
    assert picked.min() >= 0 and picked.max() < len(X_unl)
    # Mapped back to the pool, none of them is already labelled.
    assert not np.isin(fitted["rest"][picked], fitted["start"]).any()


def test_uncertainty_strategies_take_the_top_scores_in_order(digits, fitted):
    X_unl = digits.X_pool[fitted["rest"]]
    proba = fitted["model"].predict_proba(X_unl)
    for strategy, score in [
        (A.least_confidence, A.least_confidence_scores),
        (A.margin, A.margin_scores),
        (A.entropy, A.entropy_scores),
    ]:
        picked = strategy(fitted["model"], X_unl, batch_size=7, rng=None)
        s = score(proba)
        np.testing.assert_array_equal(picked, np.argsort(-s, kind="stable")[:7])
        # the model and its probabilities are interchangeable sources
        np.testing.assert_array_equal(
            picked, strategy(proba, X_unl, batch_size=7, rng=None)
        )


def test_committee_strategies_use_member_disagreement(digits, fitted):
    X_unl = digits.X_pool[fitted["rest"]]
    members = fitted["committee"].member_proba(X_unl)
    assert members.shape == (5, len(X_unl), 10)
    picked = A.qbc_vote_entropy(fitted["committee"], X_unl, batch_size=5, rng=None)
    ve = A.vote_entropy_scores(members)
    assert ve[picked].min() >= np.sort(ve)[-5]
    with pytest.raises(ValueError, match="Committee"):
        A.qbc_consensus_kl(fitted["model"], X_unl, batch_size=5, rng=None)


def test_random_is_reproducible_and_uniform():
    X = np.zeros((50, 2))
    a = A.random_query(None, X, batch_size=10, rng=np.random.default_rng(3))
    b = A.random_query(None, X, batch_size=10, rng=np.random.default_rng(3))
    np.testing.assert_array_equal(a, b)
    counts = np.zeros(50)
    rng = np.random.default_rng(0)
    for _ in range(500):
        counts[A.random_query(None, X, batch_size=10, rng=rng)] += 1
    assert counts.min() > 60 and counts.max() < 140  # expected 100 each


def _blobs(n_per=30, seed=0):
    rng = np.random.default_rng(seed)
    centres = np.array([[0.0, 0.0], [10.0, 0.0], [0.0, 10.0]])
    X = np.concatenate([c + rng.normal(0, 0.5, (n_per, 2)) for c in centres])
    return X, np.repeat(np.arange(3), n_per)


def test_kmeans_takes_one_representative_per_blob():
    X, blob = _blobs()
    picked = A.kmeans(None, X, batch_size=3, rng=np.random.default_rng(0))
    assert sorted(blob[picked]) == [0, 1, 2]


def test_coreset_never_picks_copies_of_labelled_points():
    X, _ = _blobs()
    labeled = X[:5]
    picked = A.coreset(None, X, batch_size=10, rng=None, X_labeled=labeled)
    assert not np.isin(picked, np.arange(5)).any()


def test_hybrid_is_uncertain_and_diverse():
    X, blob = _blobs(n_per=20)
    # Blobs 0 and 1 are uncertain (blob 0 a little more), blob 2 is certain.
    rows = {0: [0.45, 0.44, 0.11], 1: [0.45, 0.43, 0.12], 2: [0.98, 0.01, 0.01]}
    proba = np.array([rows[b] for b in blob])
    # The 2 * 20 most uncertain candidates are exactly blobs 0 and 1.
    picked = A.hybrid(
        proba, X, batch_size=2, rng=np.random.default_rng(0), pre_factor=20
    )
    assert sorted(blob[picked]) == [0, 1]  # one per uncertain blob, none certain
    # Margin alone spends the whole batch on near-duplicates from blob 0.
    assert list(blob[A.margin(proba, X, batch_size=2, rng=None)]) == [0, 0]


def test_bad_input_gives_clear_errors(fitted, digits):
    X = digits.X_pool[:5]
    with pytest.raises(ValueError, match="unknown strategy 'smart'.*margin"):
        A.get_strategy("smart")
    with pytest.raises(ValueError, match=r"batch_size must be an integer in \[1, 5\]"):
        A.margin(fitted["model"], X, batch_size=6, rng=None)
    with pytest.raises(ValueError, match="batch_size must be an integer in"):
        A.random_query(None, X, batch_size=0, rng=np.random.default_rng(0))
    with pytest.raises(TypeError, match="batch_size must be an integer"):
        A.margin(fitted["model"], X, batch_size=2.0, rng=None)
    with pytest.raises(ValueError, match="X_unlabeled must be 2-D"):
        A.kmeans(None, X[0], batch_size=2, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="X_labeled"):
        A.coreset(None, X, batch_size=2, rng=None, X_labeled=np.empty((0, 64)))
    with pytest.raises(ValueError, match="needs a model"):
        A.entropy(None, X, batch_size=2, rng=None)
    with pytest.raises(ValueError, match="probabilities for 4 examples"):
        A.margin(ROWS, X, batch_size=2, rng=None)


def test_top_k_by_hand_and_bad_input():
    scores = np.array([0.2, 0.9, 0.5, 0.9])
    assert A.top_k(scores, 2).tolist() == [1, 3]  # ties: the lower index first
    assert A.top_k(scores, 10).tolist() == [1, 3, 2, 0]  # k beyond n: all, ordered
    with pytest.raises(
        ValueError, match=r"k must be an integer in \[1, 1000000\], got -1"
    ):
        A.top_k(scores, -1)
    with pytest.raises(TypeError, match="k must be an integer"):
        A.top_k(scores, 1.5)
    with pytest.raises(ValueError, match="scores must hold finite numbers"):
        A.top_k(np.array([0.1, np.nan]), 1)
    with pytest.raises(ValueError, match="scores must be 1-D"):
        A.top_k(np.ones((2, 2)), 1)


# ------------------------------------------------------------------ dispatch


def test_query_source_gives_each_strategy_what_it_reads(digits, fitted):
    start = fitted["start"]
    X_lab, y_lab = digits.X_pool[start], digits.y_pool[start]
    model = fitted["model"]
    for name in A.STRATEGIES:
        source = A.query_source(name, model, X_lab, y_lab, rng=np.random.default_rng(0))
        if name in A.MODEL_FREE_STRATEGIES:
            assert source is None
        elif name in A.COMMITTEE_STRATEGIES:
            assert isinstance(source, S.Committee) and len(source.members) == 5
            assert all(m is not model for m in source.members)  # clones
        else:
            assert source is model
    assert A.query_source("my_own", model, X_lab, y_lab) is model  # custom: model
    with pytest.raises(ValueError, match="pass rng"):
        A.query_source("qbc_vote_entropy", model, X_lab, y_lab)


def test_query_source_committee_matches_fit_committee(digits, fitted):
    start = fitted["start"]
    X_lab, y_lab = digits.X_pool[start], digits.y_pool[start]
    via = A.query_source(
        "qbc_consensus_kl",
        L.make_model(),
        X_lab,
        y_lab,
        rng=np.random.default_rng(0),
    )
    X = digits.X_pool[fitted["rest"]]
    np.testing.assert_allclose(via.member_proba(X), fitted["committee"].member_proba(X))


def test_scored_strategies_carry_their_names_and_check_rng():
    for name in ("least_confidence", "margin", "entropy", "qbc_vote_entropy"):
        assert A.STRATEGIES[name].__name__ == name == A.STRATEGIES[name].__qualname__
    X = np.zeros((3, 2))
    proba = ROWS[:3, :2] / ROWS[:3, :2].sum(axis=1, keepdims=True)
    assert len(A.margin(proba, X, batch_size=2, rng=None)) == 2  # draws nothing
    with pytest.raises(TypeError, match="rng must be a numpy Generator"):
        A.margin(proba, X, batch_size=2, rng=3)
    with pytest.raises(TypeError, match="rng must be a numpy Generator"):
        A.random_query(None, X, batch_size=2, rng=None)  # random draws: rng needed
    with pytest.raises(ValueError, match=r"pre_factor must be an integer in \[1, "):
        A.hybrid(proba, X, batch_size=1, rng=np.random.default_rng(0), pre_factor=0)
    with pytest.raises(ValueError, match="X_labeled must hold finite numbers"):
        A.coreset(None, X, batch_size=1, rng=None, X_labeled=[[np.nan, 0.0]])
    with pytest.raises(ValueError, match=r"k must be an integer in \[1, 1000000\]"):
        A.top_k(np.ones(3), 10**12)  # past the cap: refused, not looped over


def test_check_names_refuses_a_bare_string_and_an_empty_list():
    assert A.check_names(("random", "margin")) == ["random", "margin"]
    with pytest.raises(TypeError, match="names must be a list of strategy names"):
        A.check_names("margin")
    with pytest.raises(ValueError, match="at least one strategy"):
        A.check_names([])
    with pytest.raises(TypeError, match="model must be a classifier"):
        A.query_source("margin", None, np.zeros((2, 2)), np.array([0, 1]))
