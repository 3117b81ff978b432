"""Tests for represent/contrastive.py: InfoNCE, alignment, uniformity, training."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from helpers.core.data import load_digits_split
from helpers.represent.contrastive import (
    Encoder,
    ProjectionHead,
    SimCLRConfig,
    SimCLRRun,
    Snapshot,
    alignment,
    encode,
    info_nce,
    positive_pairs,
    train_simclr,
    uniformity,
)

# --------------------------------------------------------------------- InfoNCE


def test_info_nce_hand_computed_identical_views():
    # Two orthogonal unit vectors, each view identical to its partner. Every anchor
    # sees its partner at similarity 1 and two negatives at 0:
    # loss = -log(e^(1/T) / (e^(1/T) + 2)) = log(1 + 2 e^(-1/T)).
    z = torch.tensor([[1.0, 0.0], [0.0, 1.0]])
    for t in (1.0, 0.5):
        expected = math.log(1 + 2 * math.exp(-1 / t))
        assert info_nce(z, z, temperature=t).item() == pytest.approx(expected, 1e-6)


def test_info_nce_hand_computed_swapped_views():
    # Views swapped: the partner is orthogonal (similarity 0) and one negative is
    # identical (similarity 1): loss = -log(1 / (1 + 1 + e)) = log(2 + e) at T = 1.
    z1 = torch.tensor([[1.0, 0.0], [0.0, 1.0]])
    z2 = torch.tensor([[0.0, 1.0], [1.0, 0.0]])
    got = info_nce(z1, z2, temperature=1.0).item()
    assert got == pytest.approx(math.log(2 + math.e), rel=1e-6)


def _info_nce_by_definition(z1: torch.Tensor, z2: torch.Tensor, t: float) -> float:
    """Each anchor separately: cross-entropy over the other 2n - 1 candidates."""
    n = len(z1)
    z = F.normalize(torch.cat([z1, z2]), dim=1)
    losses = []
    for i in range(2 * n):
        others = [k for k in range(2 * n) if k != i]
        logits = torch.stack([z[i] @ z[k] for k in others]) / t  # (2n - 1,)
        partner = (i + n) % (2 * n)
        target = torch.tensor(others.index(partner))
        losses.append(F.cross_entropy(logits[None], target[None]))
    return float(torch.stack(losses).mean())


@pytest.mark.parametrize("temperature", [0.05, 0.2, 1.0, 3.0])
def test_info_nce_matches_its_definition_via_cross_entropy(temperature):
    gen = torch.Generator().manual_seed(0)
    z1, z2 = torch.randn(6, 5, generator=gen), torch.randn(6, 5, generator=gen)
    got = info_nce(z1, z2, temperature=temperature).item()
    assert got == pytest.approx(_info_nce_by_definition(z1, z2, temperature), 1e-5)


def test_info_nce_ignores_scale_and_is_symmetric_in_views():
    gen = torch.Generator().manual_seed(1)
    z1, z2 = torch.randn(8, 4, generator=gen), torch.randn(8, 4, generator=gen)
    base = info_nce(z1, z2, temperature=0.3)
    torch.testing.assert_close(info_nce(3 * z1, 0.5 * z2, temperature=0.3), base)
    torch.testing.assert_close(info_nce(z2, z1, temperature=0.3), base)


def test_info_nce_rewards_matching_views_and_has_gradients():
    gen = torch.Generator().manual_seed(2)
    z1 = torch.randn(32, 16, generator=gen, requires_grad=True)
    random_pairs = info_nce(z1, torch.randn(32, 16, generator=gen), temperature=0.2)
    matching = info_nce(
        z1, z1 + 0.01 * torch.randn(32, 16, generator=gen), temperature=0.2
    )
    assert matching < random_pairs - 3
    # Unrelated views at T = 1: about log(2n - 1), the cost of a uniform guess (a
    # small T adds about var(similarity) / (2 T^2) on top).
    unrelated = info_nce(z1, torch.randn(32, 16, generator=gen), temperature=1.0)
    assert unrelated.item() == pytest.approx(math.log(63), abs=0.15)
    matching.backward()
    assert z1.grad is not None and torch.isfinite(z1.grad).all()


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        (0.0, ValueError),
        (-0.1, ValueError),
        (float("nan"), ValueError),
        (float("inf"), ValueError),
        (True, TypeError),
        ("0.1", TypeError),
    ],
)
def test_info_nce_rejects_bad_temperatures(bad, error):
    z = torch.randn(4, 3)
    with pytest.raises(error, match="temperature must be"):
        info_nce(z, z, temperature=bad)
    with pytest.raises(error, match="temperature must be"):
        SimCLRConfig(temperature=bad)


def test_info_nce_rejects_bad_shapes():
    with pytest.raises(ValueError, match=r"shape \(n, d\)"):
        info_nce(torch.randn(4, 3), torch.randn(5, 3), temperature=0.2)
    with pytest.raises(ValueError, match="n >= 2"):
        info_nce(torch.randn(1, 3), torch.randn(1, 3), temperature=0.2)


# -------------------------------------------------------- alignment, uniformity


def test_alignment_matches_the_direct_formula():
    gen = torch.Generator().manual_seed(3)
    z1, z2 = torch.randn(10, 4, generator=gen), torch.randn(10, 4, generator=gen)
    a = z1.numpy() / np.linalg.norm(z1.numpy(), axis=1, keepdims=True)
    b = z2.numpy() / np.linalg.norm(z2.numpy(), axis=1, keepdims=True)
    for alpha in (1.0, 2.0):
        expected = np.mean([np.linalg.norm(a[i] - b[i]) ** alpha for i in range(10)])
        assert alignment(z1, z2, alpha=alpha) == pytest.approx(expected, rel=1e-5)
    assert alignment(z1, 2 * z1) == pytest.approx(0.0, abs=1e-6)


def test_uniformity_matches_the_direct_formula():
    gen = torch.Generator().manual_seed(4)
    z = torch.randn(9, 3, generator=gen)
    u = z.numpy() / np.linalg.norm(z.numpy(), axis=1, keepdims=True)
    for t in (1.0, 2.0):
        terms = [
            np.exp(-t * np.sum((u[i] - u[j]) ** 2))
            for i, j in itertools.combinations(range(9), 2)
        ]
        assert uniformity(z, t=t) == pytest.approx(np.log(np.mean(terms)), rel=1e-5)


def test_uniformity_hand_cases():
    # All points equal: every distance is 0, so log mean e^0 = 0 (the worst value).
    assert uniformity(torch.ones(5, 3)) == pytest.approx(0.0, abs=1e-6)
    # Square on the circle: 4 pairs at squared distance 2, 2 pairs at 4 (t = 2).
    square = torch.tensor([[1.0, 0], [0, 1.0], [-1.0, 0], [0, -1.0]])
    expected = math.log((4 * math.exp(-4) + 2 * math.exp(-8)) / 6)
    assert uniformity(square, t=2.0) == pytest.approx(expected, rel=1e-6)


def test_metrics_reject_bad_input():
    with pytest.raises(ValueError, match="same shape"):
        alignment(torch.randn(3, 2), torch.randn(4, 2))
    with pytest.raises(ValueError, match="alpha"):
        alignment(torch.randn(3, 2), torch.randn(3, 2), alpha=0)
    with pytest.raises(ValueError, match="n >= 2"):
        uniformity(torch.randn(1, 2))
    with pytest.raises(ValueError, match=r"t must be in \(0, inf\)"):
        uniformity(torch.randn(3, 2), t=-1)
    with pytest.raises(ValueError, match="alpha must be a finite number"):
        alignment(torch.randn(3, 2), torch.randn(3, 2), alpha=float("nan"))


# ---------------------------------------------------------------- models


@pytest.mark.parametrize("kind", ["cnn", "mlp"])
def test_encoder_and_head_shapes(kind):
    encoder = Encoder(kind=kind, width=8, dim=12)
    head = ProjectionHead(dim=12, proj_dim=5)
    h = encoder(torch.rand(7, 8, 8))
    assert h.shape == (7, 12)
    assert head(h).shape == (7, 5)
    with pytest.raises(ValueError, match="unknown kind 'transformer'"):
        Encoder(kind="transformer")
    with pytest.raises(ValueError, match="width must be an integer in"):
        Encoder(width=0)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"strength": 2.5}, "strength must be in"),
        ({"epochs": 0}, r"epochs must be an integer in \[1, 10000\]"),
        ({"batch_size": 1}, r"batch_size must be an integer in \[2, 65536\]"),
        ({"encoder": "resnet"}, "unknown encoder 'resnet'"),
        ({"lr": 0.0}, r"lr must be in \(0, inf\)"),
        ({"lr": float("inf")}, "lr must be a finite number"),
        ({"weight_decay": -1e-4}, r"weight_decay must be in \[0, inf\)"),
    ],
)
def test_config_validation(kwargs, message):
    with pytest.raises(ValueError, match=message):
        SimCLRConfig(**kwargs)


# -------------------------------------------------------------- training

TINY = SimCLRConfig(
    epochs=4, batch_size=128, encoder="mlp", width=64, dim=16, proj_dim=8, lr=3e-3
)


@pytest.fixture(scope="module")
def images() -> np.ndarray:
    return load_digits_split().images_pool[:384]


@pytest.fixture(scope="module")
def tiny_run(images):
    return train_simclr(images, config=TINY, snapshot_epochs=(0, 2))


def test_a_tiny_run_lowers_the_loss_and_spreads_the_embedding(tiny_run):
    assert tiny_run.losses.shape == (TINY.epochs,)
    assert tiny_run.losses[-1] < tiny_run.losses[0] - 0.2
    assert sorted(tiny_run.snapshots) == [0, 2, 4]
    first, last = tiny_run.snapshots[0], tiny_run.final
    assert last.uniformity < first.uniformity - 0.5
    assert first.features.shape == (384, TINY.dim)
    assert first.features.dtype == np.float32


def test_training_is_reproducible_and_the_weights_reload(images, tiny_run):
    again = train_simclr(images, config=TINY, snapshot_epochs=(0, 2))
    np.testing.assert_array_equal(again.losses, tiny_run.losses)
    np.testing.assert_array_equal(again.final.features, tiny_run.final.features)
    features = encode(tiny_run.encoder(), images)
    np.testing.assert_allclose(features, tiny_run.final.features, atol=1e-5)
    other_seed = SimCLRConfig(**{**TINY.as_params(), "seed": 1})
    different = train_simclr(images, config=other_seed)
    assert not np.allclose(different.losses, tiny_run.losses)


def test_train_simclr_rejects_bad_input(images):
    with pytest.raises(ValueError, match="images must be 3-D"):
        train_simclr(images.reshape(-1, 64), config=TINY)
    with pytest.raises(ValueError, match=r"shape \(n, 8, 8\)"):
        train_simclr(images.reshape(-1, 4, 16), config=TINY)
    nan_images = np.array(images, dtype=float)
    nan_images[0, 0, 0] = np.nan
    with pytest.raises(ValueError, match="images must hold finite numbers"):
        train_simclr(nan_images, config=TINY)
    with pytest.raises(TypeError, match="config must be a SimCLRConfig"):
        train_simclr(images, config={"epochs": 1})
    with pytest.raises(
        ValueError, match=r"snapshot_epochs must be an integer in \[0, "
    ):
        train_simclr(images, config=TINY, snapshot_epochs=(5,))


def test_positive_pairs_are_two_seeded_views_of_the_originals(images):
    pairs = positive_pairs(images, strength=1.0, n=5, seed=3)
    assert list(pairs) == ["original", "view 1", "view 2"]
    assert all(v.shape == (5, 8, 8) for v in pairs.values())
    np.testing.assert_allclose(pairs["original"], np.asarray(images[:5]), atol=1e-6)
    assert not np.allclose(pairs["view 1"], pairs["view 2"])
    again = positive_pairs(images, strength=1.0, n=5, seed=3)
    np.testing.assert_array_equal(again["view 2"], pairs["view 2"])
    unchanged = positive_pairs(images, strength=0.0, n=5, seed=3)
    np.testing.assert_allclose(unchanged["view 1"], unchanged["original"], atol=1e-6)
    with pytest.raises(ValueError, match="n must be an integer in"):
        positive_pairs(images, n=0)


def test_info_nce_takes_arrays_and_refuses_non_finite_embeddings():
    z1, z2 = torch.randn(6, 4), torch.randn(6, 4)
    from_arrays = info_nce(z1.numpy(), z2.numpy(), temperature=0.5)
    assert from_arrays.item() == pytest.approx(info_nce(z1, z2, temperature=0.5).item())
    z1[2, 1] = float("nan")
    with pytest.raises(ValueError, match="z1 must hold finite numbers"):
        info_nce(z1, z2, temperature=0.5)
    with pytest.raises(ValueError, match="z must hold finite numbers"):
        uniformity(z1)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"epochs": 10**12}, r"epochs must be an integer in \[1, 10000\]"),
        ({"width": 10**12}, r"width must be an integer in \[1, 1024\]"),
        ({"seed": -1}, r"seed must be an integer in \[0, inf\)"),
    ],
)
def test_config_caps_and_seed(kwargs, message):
    with pytest.raises(ValueError, match=message):
        SimCLRConfig(**kwargs)


def test_records_check_their_fields():
    with pytest.raises(ValueError, match="features must hold finite"):
        Snapshot(1, np.full((3, 2), np.nan), 0.5, -1.0)
    with pytest.raises(TypeError, match="config must be a SimCLRConfig"):
        SimCLRRun({"epochs": 1}, {}, np.ones(1))
    with pytest.raises(ValueError, match=r"proj_dim must be an integer in \[1, 1024\]"):
        ProjectionHead(dim=4, proj_dim=0)
