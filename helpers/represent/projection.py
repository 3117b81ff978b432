"""Two-dimensional views of high-dimensional features: PCA and t-SNE.

:func:`tsne` is a small exact t-SNE in torch that lays out a whole batch of point
sets at once (for example every run and snapshot of a training sweep), optionally
starting from earlier layouts so that consecutive snapshots stay comparable.
:func:`pca_2d` keeps the signs of its axes consistent with a reference layout.
:func:`tsne_sequence` lays out a sequence of snapshots, each from the previous layout.
For a single large data set, ``sklearn.manifold.TSNE`` is the better tool.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import torch

from helpers.core.validation import check_array, check_int, check_real

MAX_ITER = 10_000
"""Caps of the exact t-SNE, refused before any work: iterations, and point pairs
(B n^2) held at once; beyond that, use ``sklearn.manifold.TSNE``."""
MAX_PAIRS = 50_000_000


def _conditional(x: torch.Tensor, perplexity: float) -> torch.Tensor:
    """Rows p(j | i) with entropy log(perplexity), for point sets (B, n, d)."""
    b, n, _ = x.shape
    d2 = torch.cdist(x, x).pow(2)  # (B, n, n)
    d2 = d2 / d2.mean(dim=(1, 2), keepdim=True).clamp_min(1e-12)  # scale-free
    eye = torch.eye(n, dtype=torch.bool)
    target = math.log(perplexity)
    beta = torch.ones(b, n, 1, dtype=x.dtype)  # precision 1 / (2 sigma^2) per point
    lo = torch.zeros_like(beta)
    hi = torch.full_like(beta, float("inf"))
    for _ in range(60):  # bisection on each point's precision
        logits = (-d2 * beta).masked_fill(eye, float("-inf"))  # (B, n, n)
        p = logits.softmax(dim=-1)
        entropy = torch.logsumexp(logits, -1, keepdim=True) - (
            p * logits.masked_fill(eye, 0.0)
        ).sum(-1, keepdim=True)  # (B, n, 1)
        too_flat = entropy > target  # distribution too wide: raise the precision
        lo = torch.where(too_flat, beta, lo)
        hi = torch.where(too_flat, hi, beta)
        beta = torch.where(torch.isinf(hi), beta * 2.0, (lo + hi) / 2.0)
    return p  # (B, n, n), each row sums to 1


def _affinities(x: torch.Tensor, perplexity: float) -> torch.Tensor:
    """Symmetric t-SNE input affinities P for a batch of point sets (B, n, d)."""
    p = _conditional(x, perplexity)  # (B, n, n)
    return (p + p.transpose(1, 2)) / (2.0 * x.shape[1])  # each set sums to 1


def tsne(
    features: np.ndarray,
    *,
    init: np.ndarray | None = None,
    perplexity: float = 30.0,
    n_iter: int = 500,
    exaggeration_iter: int = 150,
    seed: int = 0,
) -> np.ndarray:
    """Exact t-SNE of a batch of point sets: (B, n, d) -> (B, n, 2).

    Gradient descent with momentum and adaptive gains as in van der Maaten & Hinton
    (2008), early exaggeration 12, learning rate ``max(n / 48, 50)`` (scikit-learn's
    "auto"). ``init`` (B, n, 2) starts from given layouts (no early exaggeration
    then); otherwise from the first two principal components, scaled small.
    ``n_iter`` and ``exaggeration_iter`` are at most :data:`MAX_ITER`, and ``B n^2``
    at most :data:`MAX_PAIRS`. ``seed`` is checked but unused: the start is
    deterministic.
    """
    x = torch.as_tensor(check_array("features", features, ndim=3), dtype=torch.float32)
    if x.shape[1] < 5:
        raise ValueError(
            f"features must have shape (B, n, d) with n >= 5, got {tuple(x.shape)}"
        )
    b, n, _ = x.shape
    if b * n * n > MAX_PAIRS:
        raise ValueError(
            f"features of shape {tuple(x.shape)} need B n^2 = {b * n * n} pairs, "
            f"more than {MAX_PAIRS}; use sklearn.manifold.TSNE"
        )
    perplexity = check_real("perplexity", perplexity, low=1, high=n - 1)
    n_iter = check_int("n_iter", n_iter, low=1, high=MAX_ITER)
    exaggeration_iter = check_int(
        "exaggeration_iter", exaggeration_iter, low=0, high=MAX_ITER
    )
    check_int("seed", seed, low=0)
    p = _affinities(x, perplexity)  # (B, n, n)
    if init is None:
        centred = x - x.mean(dim=1, keepdim=True)
        _, _, v = torch.linalg.svd(centred, full_matrices=False)  # v: (B, d', d)
        y = centred @ v[:, :2].transpose(1, 2)  # (B, n, 2)
        y = y / y[:, :, :1].std(dim=1, keepdim=True).clamp_min(1e-12) * 1e-4
        exaggerate = exaggeration_iter
    else:
        init = check_array("init", init, ndim=3)
        y = torch.as_tensor(init, dtype=torch.float32).clone()
        if y.shape != (b, n, 2):
            raise ValueError(f"init must have shape {(b, n, 2)}, got {tuple(y.shape)}")
        exaggerate = 0
    eye = torch.eye(n, dtype=torch.bool)
    lr = max(n / 12.0 / 4.0, 50.0)
    update = torch.zeros_like(y)
    gains = torch.ones_like(y)
    for it in range(n_iter):
        ex = 12.0 if it < exaggerate else 1.0
        num = 1.0 / (1.0 + torch.cdist(y, y).pow(2))  # (B, n, n) Student-t kernel
        num = num.masked_fill(eye, 0.0)
        q = num / num.sum(dim=(1, 2), keepdim=True)  # (B, n, n)
        wgt = (ex * p - q) * num  # (B, n, n)
        grad = 4.0 * (wgt.sum(-1, keepdim=True) * y - wgt @ y)  # (B, n, 2)
        same_sign = (grad > 0) == (update > 0)
        gains = torch.where(same_sign, gains * 0.8, gains + 0.2).clamp_min(0.01)
        momentum = 0.5 if it < exaggerate else 0.8
        update = momentum * update - lr * gains * grad
        y = y + update
        y = y - y.mean(dim=1, keepdim=True)
    return y.numpy()


def pca_2d(features: np.ndarray, *, like: np.ndarray | None = None) -> np.ndarray:
    """First two principal components of (n, d) features, shape (n, 2).

    With ``like`` (n, 2), each axis's sign is flipped to match it, so consecutive
    snapshots do not mirror each other.
    """
    x = check_array("features", features, ndim=2, dtype=np.float64)
    if x.shape[1] < 2:
        raise ValueError(f"features must have at least 2 columns, got {x.shape}")
    x = x - x.mean(axis=0)
    _, _, vt = np.linalg.svd(x, full_matrices=False)
    y = x @ vt[:2].T  # (n, 2)
    if like is not None:
        like = check_array("like", like, ndim=2)
        if like.shape != y.shape:
            raise ValueError(f"like must have shape {y.shape}, got {like.shape}")
        signs = np.sign(np.sum(y * like, axis=0))
        y = y * np.where(signs == 0, 1.0, signs)
    return y


def tsne_sequence(
    batches: list[np.ndarray], *, warm_iter: int = 120
) -> list[np.ndarray]:
    """t-SNE of consecutive snapshots, each (B, n, d), each started from the last.

    The first snapshot gets a full run; point sets that are identical in it (runs
    from the same initial weights) are laid out once. Returns one (B, n, 2) layout
    per snapshot, so points move smoothly from one snapshot to the next.
    """
    if isinstance(batches, str) or not isinstance(batches, Sequence | np.ndarray):
        raise TypeError(
            f"batches must be a list of (B, n, d) arrays, got {type(batches).__name__}"
        )
    batches = [check_array(f"batches[{i}]", b, ndim=3) for i, b in enumerate(batches)]
    if not batches:
        raise ValueError("batches must hold at least one (B, n, d) array")
    warm_iter = check_int("warm_iter", warm_iter, low=1, high=MAX_ITER)
    unique, inverse = np.unique(batches[0], axis=0, return_inverse=True)
    layouts = [tsne(unique)[inverse.ravel()]]  # (B, n, 2)
    for batch in batches[1:]:
        layouts.append(tsne(batch, init=layouts[-1], n_iter=warm_iter))
    return layouts
