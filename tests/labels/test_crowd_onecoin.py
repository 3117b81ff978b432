"""Tests of labels.crowd_onecoin: the one-coin crowd model (one accuracy each)."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.labels import crowd
from helpers.labels.crowd_onecoin import (
    AGGREGATORS,
    annotator_skills,
    coin_or_matrix,
    one_coin,
)


def reference_one_coin(votes, n_classes, n_iter, smoothing):
    """One-coin EM with plain loops: skills from soft right answers, then Bayes."""
    n, J = votes.shape
    K = n_classes
    T = np.zeros((n, K))
    for i in range(n):  # majority-vote shares to start
        for j in range(J):
            if votes[i, j] >= 0:
                T[i, votes[i, j]] += 1
        T[i] = T[i] / T[i].sum() if T[i].sum() else 1.0 / K
    for _ in range(n_iter):
        skills = np.zeros(J)
        for j in range(J):
            voted = [i for i in range(n) if votes[i, j] >= 0]
            right = sum(T[i, votes[i, j]] for i in voted)
            skills[j] = (right + smoothing) / (len(voted) + 2 * smoothing)
        priors = T.sum(axis=0) + smoothing
        priors /= priors.sum()
        T = np.zeros((n, K))
        for i in range(n):
            for k in range(K):
                p = priors[k]
                for j in range(J):
                    v = votes[i, j]
                    if v >= 0:
                        p *= skills[j] if v == k else (1 - skills[j]) / (K - 1)
                T[i, k] = p
            T[i] /= T[i].sum()
    return T, skills


def crowd_votes(style, n=600, K=4, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, K, n)
    acc = np.array([0.45, 0.55, 0.6, 0.7, 0.8, 0.85])
    conf = crowd.annotator_confusions(acc, n_classes=K, style=style)
    mask = crowd.assignment_mask(n, len(acc), per_item=3, seed=seed)
    return y, acc, crowd.simulate_votes(y, conf, mask=mask, seed=seed)


def test_matches_the_loop_reference():
    _, _, votes = crowd_votes("uniform", n=40, K=3)
    res = one_coin(votes, n_classes=3, max_iter=5, tol=0.0, smoothing=0.5)
    T, skills = reference_one_coin(votes, 3, 5, 0.5)
    assert res.n_iter == 5 and not res.converged
    np.testing.assert_allclose(res.posteriors, T, atol=1e-10)
    # the skills of the last M-step: those the reference's last E-step used
    np.testing.assert_allclose(annotator_skills(res), skills, atol=1e-12)
    np.testing.assert_allclose(res.posteriors.sum(axis=1), 1.0)


def test_confusions_have_one_number_per_annotator():
    _, _, votes = crowd_votes("uniform")
    res = one_coin(votes, n_classes=4)
    s = annotator_skills(res)
    for j, c in enumerate(res.confusions):
        np.testing.assert_allclose(np.diag(c), s[j])
        off = c[~np.eye(4, dtype=bool)]
        np.testing.assert_allclose(off, (1 - s[j]) / 3)
    assert res.converged


def test_recovers_the_skills_and_beats_majority_vote_under_uniform_noise():
    y, acc, votes = crowd_votes("uniform", n=3000)
    res = one_coin(votes, n_classes=4)
    np.testing.assert_allclose(annotator_skills(res), acc, atol=0.04)
    mv = crowd.majority_vote(votes, n_classes=4, seed=0)
    assert (res.labels == y).mean() > (mv == y).mean() + 0.02


def test_dawid_skene_wins_when_errors_go_to_one_class():
    y, _, votes = crowd_votes("systematic", n=3000, K=6)
    oc = one_coin(votes, n_classes=6)
    ds = crowd.dawid_skene(votes, n_classes=6)
    assert (ds.labels == y).mean() > (oc.labels == y).mean() + 0.05


@pytest.mark.filterwarnings("ignore")
def test_agrees_with_crowd_kit():
    pd = pytest.importorskip("pandas")
    aggregation = pytest.importorskip("crowdkit.aggregation")
    _, _, votes = crowd_votes("uniform", n=800, K=4, seed=3)
    i, j = np.nonzero(votes >= 0)
    frame = pd.DataFrame({"task": i, "worker": j, "label": votes[i, j]})
    theirs = aggregation.OneCoinDawidSkene(n_iter=100, tol=1e-8).fit(frame)
    ours = one_coin(votes, n_classes=4, smoothing=0.0, tol=1e-10, max_iter=100)
    labels = theirs.labels_.sort_index().to_numpy()
    assert (ours.labels == labels).mean() > 0.99
    skills = theirs.skills_.sort_index().to_numpy()
    np.testing.assert_allclose(annotator_skills(ours), skills, atol=0.01)


def test_bad_input():
    with pytest.raises(ValueError, match="votes must be in"):
        one_coin(np.array([[0, 5]]), n_classes=3)
    with pytest.raises(ValueError, match=r"max_iter must be an integer in"):
        one_coin(np.array([[0, 1]]), n_classes=2, max_iter=10**12)
    with pytest.raises(TypeError, match="result must be a DawidSkeneResult"):
        annotator_skills(np.eye(2))


def test_coin_or_matrix_table():
    y = np.tile(np.arange(4), 150)  # 600 items, 4 classes
    table = coin_or_matrix({"toy": y}, seeds=[0, 1], n_annotators=6, per_item=3)
    assert list(table.columns) == list(AGGREGATORS)
    assert list(table.index) == [("toy", "uniform"), ("toy", "systematic")]
    # the uniform row, seed 0, recomputed by hand
    rng = np.random.default_rng(0)
    accuracies = rng.uniform(1 / 4 + 0.15, 0.85, size=6)
    conf = crowd.annotator_confusions(accuracies, n_classes=4)
    mask = crowd.assignment_mask(600, 6, per_item=3, seed=0)
    votes = crowd.simulate_votes(y, conf, mask=mask, seed=0)
    seed0 = (one_coin(votes, n_classes=4).labels == y).mean()
    one = coin_or_matrix({"toy": y}, seeds=[0], styles=("uniform",), n_annotators=6)
    assert one.loc[("toy", "uniform"), "one-coin"] == pytest.approx(seed0)
    assert (
        (table.loc[("toy", "systematic"), "Dawid-Skene"])
        > (table.loc[("toy", "systematic"), "one-coin"])
    )
    with pytest.raises(TypeError, match="labels must map data set names"):
        coin_or_matrix({}, seeds=[0])
