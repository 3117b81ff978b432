"""Tests of labels.diversity: k-means representatives and greedy k-center."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from helpers.labels import diversity as D


def _blobs(n_per=30, seed=0):
    rng = np.random.default_rng(seed)
    centres = np.array([[0.0, 0.0], [10.0, 0.0], [0.0, 10.0]])
    X = np.concatenate([c + rng.normal(0, 0.5, (n_per, 2)) for c in centres])
    return X, np.repeat(np.arange(3), n_per)


def test_squared_distances_match_a_loop():
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(4, 3)), rng.normal(size=(5, 3))
    expected = [[((x - y) ** 2).sum() for y in Y] for x in X]
    np.testing.assert_allclose(D.squared_distances(X, Y), expected)


def test_weighted_kmeans_finds_the_blobs():
    X, blob = _blobs()
    centers, labels = D.weighted_kmeans(X, 3, rng=np.random.default_rng(1))
    for b in range(3):  # each blob is one cluster whose centre is the blob mean
        assert len(np.unique(labels[blob == b])) == 1
        np.testing.assert_allclose(
            centers[labels[blob == b][0]], X[blob == b].mean(axis=0)
        )


def test_representatives_are_k_distinct_members():
    X, blob = _blobs()
    picked = D.kmeans_representatives(X, 3, rng=np.random.default_rng(0))
    assert sorted(blob[picked]) == [0, 1, 2]
    picked = D.kmeans_representatives(X, 12, rng=np.random.default_rng(0))
    assert len(np.unique(picked)) == 12


def _covering_radius(X, centers):
    return np.sqrt(D.squared_distances(X, centers).min(axis=1).max())


def test_k_center_greedy_against_brute_force():
    rng = np.random.default_rng(4)
    X = rng.normal(size=(9, 2))
    labeled = np.array([[0.0, 0.0]])
    picked = D.k_center_greedy(X, labeled, 3)
    # The first pick is the point farthest from the labelled one (worked by hand).
    assert picked[0] == np.argmax((X**2).sum(axis=1))
    greedy = _covering_radius(X, np.vstack([labeled, X[picked]]))
    best = min(
        _covering_radius(X, np.vstack([labeled, X[list(c)]]))
        for c in itertools.combinations(range(9), 3)
    )
    assert best <= greedy <= 2 * best  # greedy k-center is a 2-approximation


def test_bad_input():
    X, _ = _blobs()
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match=r"k must be an integer in \[1, 90\]"):
        D.weighted_kmeans(X, 91, rng=rng)
    with pytest.raises(ValueError, match="weights must be non-negative"):
        D.weighted_kmeans(X, 2, rng=rng, weights=-np.ones(len(X)))
    with pytest.raises(ValueError, match="weights must hold finite numbers"):
        D.weighted_kmeans(X, 2, rng=rng, weights=np.full(len(X), np.nan))
    with pytest.raises(ValueError, match="at least one labelled example"):
        D.k_center_greedy(X, X[:0], 2)


def test_diversity_checks_points_rng_and_caps():
    X = np.arange(12.0).reshape(6, 2)
    with pytest.raises(ValueError, match="X and Y must have the same number of"):
        D.squared_distances(X, np.zeros((2, 3)))
    with pytest.raises(ValueError, match="X must hold finite numbers"):
        D.squared_distances(np.full((2, 2), np.nan), X)
    with pytest.raises(TypeError, match="rng must be a numpy Generator"):
        D.weighted_kmeans(X, 2, rng=None)
    with pytest.raises(ValueError, match=r"n_iter must be an integer in \[1, 1000\]"):
        D.weighted_kmeans(X, 2, rng=np.random.default_rng(0), n_iter=10**12)
    with pytest.raises(ValueError, match=r"k must be an integer in \[1, 6\]"):
        D.k_center_greedy(X, X[:1], 7)  # no duplicates: at most every point once
    with pytest.raises(ValueError, match="centers must have the 2 columns of X"):
        D.k_center_greedy(X, np.zeros((1, 3)), 2)


# ------------------------------------------------------- core-set at scale


def test_k_center_greedy_keeps_float32_and_matches_float64():
    rng = np.random.default_rng(2)
    X = rng.random((3000, 8))
    labeled = rng.random((40, 8))
    picked64 = D.k_center_greedy(X, labeled, 10)
    picked32 = D.k_center_greedy(X.astype(np.float32), labeled, 10)
    assert picked32.tolist() == picked64.tolist()
    # each pick is the farthest point from everything chosen so far (brute force)
    chosen = labeled
    for j in picked64:
        d2 = ((X[:, None, :] - chosen[None]) ** 2).sum(axis=2).min(axis=1)
        assert j == np.argmax(d2)
        chosen = np.vstack([chosen, X[j]])


def test_k_center_greedy_chunks_agree(monkeypatch):
    rng = np.random.default_rng(5)
    X, labeled = rng.random((500, 4)), rng.random((7, 4))
    whole = D.k_center_greedy(X, labeled, 6)
    monkeypatch.setattr(D, "CHUNK", 64)
    assert D.k_center_greedy(X, labeled, 6).tolist() == whole.tolist()


# ---------------------------------------------------------------- TypiClust


def test_typicality_by_hand_and_against_scikit_learn():
    from sklearn.neighbors import NearestNeighbors

    np.testing.assert_allclose(
        D.typicality(np.array([[0.0], [1.0], [3.0]]), n_neighbors=1), [1, 1, 0.5]
    )
    X, _ = _blobs()
    dist, _ = NearestNeighbors(n_neighbors=6).fit(X).kneighbors(X)
    expected = 1 / dist[:, 1:].mean(axis=1)  # first neighbour is the point itself
    np.testing.assert_allclose(D.typicality(X, n_neighbors=5), expected, rtol=1e-6)
    assert D.typicality(X[:1]).tolist() == [1.0]


def test_typiclust_takes_typical_points_of_uncovered_blobs():
    X, blob = _blobs(n_per=40)
    rng = np.random.default_rng(0)
    labeled = X[blob == 0][:2]  # blob 0 already has labels
    picked = D.typiclust_representatives(X, labeled, 2, rng=rng)
    assert sorted(blob[picked]) == [1, 2]
    for j in picked:  # near the middle of its blob, not at its edge
        members = X[blob == blob[j]]
        centre_dist = np.linalg.norm(members - members.mean(axis=0), axis=1)
        assert np.linalg.norm(X[j] - members.mean(axis=0)) < np.median(centre_dist)
    more = D.typiclust_representatives(X, None, 12, rng=rng)
    assert len(np.unique(more)) == 12
    # more queries than rows with a cluster: still k distinct positions
    assert len(np.unique(D.typiclust_representatives(X[:5], X[5:9], 5, rng=rng))) == 5


def test_typiclust_checks_its_arguments():
    X, _ = _blobs()
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="X_labeled must have the 2 columns"):
        D.typiclust_representatives(X, np.zeros((1, 3)), 2, rng=rng)
    with pytest.raises(ValueError, match=r"n_neighbors must be an integer in"):
        D.typicality(X, n_neighbors=10**12)
    with pytest.raises(TypeError, match="rng must be a numpy Generator"):
        D.typiclust_representatives(X, None, 2, rng=0)
