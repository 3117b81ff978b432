"""Tests for represent/projection.py: batched t-SNE and sign-stable PCA."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from sklearn.decomposition import PCA
from sklearn.manifold import TSNE, trustworthiness

from helpers.core.data import labelled_subset, load_digits_split
from helpers.represent.projection import (
    _affinities,
    _conditional,
    pca_2d,
    tsne,
    tsne_sequence,
)


def test_affinities_have_the_requested_perplexity():
    x = torch.randn(2, 60, 5, generator=torch.Generator().manual_seed(0))
    cond = _conditional(x, perplexity=10.0)  # (2, 60, 60)
    torch.testing.assert_close(cond.sum(-1), torch.ones(2, 60))
    entropy = -(cond * torch.log(cond.clamp_min(1e-30))).sum(-1)
    torch.testing.assert_close(
        entropy, torch.full((2, 60), math.log(10.0)), atol=1e-3, rtol=0
    )
    p = _affinities(x, perplexity=10.0)
    torch.testing.assert_close(p.sum(dim=(1, 2)), torch.ones(2))
    torch.testing.assert_close(p, p.transpose(1, 2))
    assert torch.all(torch.diagonal(p, dim1=1, dim2=2) == 0)


@pytest.fixture(scope="module")
def digits():
    split = load_digits_split()
    idx = labelled_subset(split.y_test, per_class=15, seed=0)
    return split.X_test[idx], split.y_test[idx]


def test_tsne_preserves_neighbourhoods_like_sklearn(digits):
    X, _ = digits
    ours = tsne(X[None], seed=0)[0]
    theirs = TSNE(2, perplexity=30, init="pca", random_state=0).fit_transform(X)
    t_ours = trustworthiness(X, ours, n_neighbors=10)
    t_theirs = trustworthiness(X, theirs, n_neighbors=10)
    assert t_ours > 0.93 and t_ours > t_theirs - 0.03, (t_ours, t_theirs)


def test_tsne_batches_and_warm_starts(digits):
    X, _ = digits
    batch = np.stack([X, X[::-1]])  # two point sets, laid out independently
    layouts = tsne(batch, n_iter=150, exaggeration_iter=50)
    assert layouts.shape == (2, len(X), 2)
    alone = tsne(batch[1:], n_iter=150, exaggeration_iter=50)[0]
    np.testing.assert_allclose(layouts[1], alone, atol=1e-3)
    # A warm start from a finished layout stays close to it.
    done = tsne(X[None])
    warm = tsne(X[None], init=done, n_iter=20)
    moved = np.linalg.norm(warm - done, axis=2).mean()
    spread = np.linalg.norm(done - done.mean(1, keepdims=True), axis=2).mean()
    assert moved < 0.2 * spread, (moved, spread)


def test_tsne_rejects_bad_input(digits):
    X, _ = digits
    with pytest.raises(ValueError, match="features must be 3-D"):
        tsne(X)
    with pytest.raises(ValueError, match=r"shape \(B, n, d\) with n >= 5"):
        tsne(X[None, :4])
    with pytest.raises(ValueError, match="perplexity must be in"):
        tsne(X[None], perplexity=500)
    with pytest.raises(ValueError, match="perplexity must be a finite number"):
        tsne(X[None], perplexity=float("nan"))
    with pytest.raises(ValueError, match="n_iter must be an integer in"):
        tsne(X[None], n_iter=0)
    with pytest.raises(ValueError, match="features must hold finite numbers"):
        tsne(np.full((1, 10, 3), np.inf))
    with pytest.raises(ValueError, match="init must have shape"):
        tsne(X[None], init=np.zeros((1, 3, 2)))


def test_pca_2d_matches_sklearn_up_to_sign_and_follows_a_reference(digits):
    X, _ = digits
    ours = pca_2d(X)
    ref = PCA(2).fit_transform(X)
    for k in range(2):
        assert abs(np.corrcoef(ours[:, k], ref[:, k])[0, 1]) == pytest.approx(1, 1e-6)
    flipped = pca_2d(X, like=-ours)
    np.testing.assert_allclose(flipped, -ours, atol=1e-9)
    with pytest.raises(ValueError, match="like must have shape"):
        pca_2d(X, like=ours[:5])
    with pytest.raises(ValueError, match="at least 2 columns"):
        pca_2d(X[:, :1])


def test_tsne_sequence_warm_starts_and_shares_identical_sets(digits):
    X, y = digits
    noisy = X + np.random.default_rng(0).normal(0, 0.05, X.shape)
    first = np.stack([X, X])  # two runs from the same starting point
    layouts = tsne_sequence([first, np.stack([X, noisy])], warm_iter=30)
    assert [lay.shape for lay in layouts] == [(2, len(X), 2)] * 2
    np.testing.assert_array_equal(layouts[0][0], layouts[0][1])
    assert not np.allclose(layouts[1][0], layouts[1][1])
    with pytest.raises(ValueError, match="at least one"):
        tsne_sequence([])
    with pytest.raises(ValueError, match="warm_iter must be an integer in"):
        tsne_sequence([first], warm_iter=0)


def test_nan_features_are_refused_before_any_linear_algebra():
    x = np.random.default_rng(0).standard_normal((20, 4))
    x[3, 2] = np.nan
    with pytest.raises(ValueError, match="features must hold finite numbers"):
        pca_2d(x)  # not numpy's LinAlgError
    with pytest.raises(ValueError, match="features must hold finite numbers"):
        tsne(x[None])


def test_tsne_limits_and_sequence_checks():
    x = np.zeros((1, 40, 3))
    with pytest.raises(ValueError, match=r"n_iter must be an integer in \[1, 10000\]"):
        tsne(x, n_iter=10**12)
    with pytest.raises(ValueError, match="pairs, more than"):
        tsne(np.zeros((1, 10_000, 2)))
    with pytest.raises(ValueError, match=r"batches\[1\] must be 3-D"):
        tsne_sequence([x, x[0]])
    with pytest.raises(ValueError, match="at least one"):
        tsne_sequence([])
    with pytest.raises(TypeError, match="batches must be a list"):
        tsne_sequence(None)
