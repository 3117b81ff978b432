"""Tests of represent.image_pretext: rotation prediction and the pairwise loss."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from helpers.core.data import load_digits_split
from helpers.represent import image_pretext as ip

RNG = np.random.default_rng(0)
IMAGES = RNG.random((6, 8, 8)).astype(np.float32)
TINY = {"epochs": 2, "batch_size": 64, "width": 4, "dim": 8}


def test_rotate_batch_matches_numpy_rot90():
    rotated, labels = ip.rotate_batch(torch.as_tensor(IMAGES), n_rotations=4)
    assert rotated.shape == (24, 8, 8) and labels.tolist() == sum(
        ([k] * 6 for k in range(4)), []
    )
    for k in range(4):
        expected = np.rot90(IMAGES, k, axes=(1, 2))
        np.testing.assert_array_equal(rotated[6 * k : 6 * (k + 1)].numpy(), expected)
    half, labels2 = ip.rotate_batch(torch.as_tensor(IMAGES), n_rotations=2)
    np.testing.assert_array_equal(half[6:].numpy(), np.rot90(IMAGES, 2, axes=(1, 2)))
    assert set(labels2.tolist()) == {0, 1}
    with pytest.raises(ValueError, match="n_rotations"):
        ip.rotate_batch(torch.as_tensor(IMAGES), n_rotations=3)


def test_random_turns_turns_each_image_by_its_own_amount():
    turns = torch.tensor([0, 1, 2, 3, 1, 0])
    out = ip.random_turns(torch.as_tensor(IMAGES), turns).numpy()
    for i, k in enumerate(turns.tolist()):
        np.testing.assert_array_equal(out[i], np.rot90(IMAGES[i], k))
    with pytest.raises(ValueError, match="one turn in 0..3 per image"):
        ip.random_turns(torch.as_tensor(IMAGES), torch.tensor([0, 4, 0, 0, 0, 0]))


def _pairwise_by_hand(z1: np.ndarray, z2: np.ndarray, margin: float) -> float:
    a = z1 / np.linalg.norm(z1, axis=1, keepdims=True)
    b = z2 / np.linalg.norm(z2, axis=1, keepdims=True)
    pos, neg = [], []
    for i in range(len(a)):
        for j in range(len(b)):
            d = np.sqrt(((a[i] - b[j]) ** 2).sum())
            (pos if i == j else neg).append(d**2 if i == j else max(0, margin - d) ** 2)
    return 0.5 * np.mean(pos) + 0.5 * np.mean(neg)


def test_pairwise_contrastive_matches_the_formula_by_hand():
    z1, z2 = RNG.standard_normal((5, 3)), RNG.standard_normal((5, 3))
    for margin in (0.5, 1.0, 2.0):
        got = ip.pairwise_contrastive(
            torch.as_tensor(z1), torch.as_tensor(z2), margin=margin
        )
        assert got.item() == pytest.approx(_pairwise_by_hand(z1, z2, margin))


def test_a_negative_past_the_margin_gets_no_gradient():
    z1 = torch.tensor([[1.0, 0.0], [-1.0, 0.0]], requires_grad=True)
    z2 = torch.tensor([[1.0, 0.0], [-1.0, 0.0]])
    loss = ip.pairwise_contrastive(z1, z2, margin=1.0)  # negatives 2 apart > margin
    loss.backward()
    assert loss.item() == pytest.approx(0.0)
    assert torch.count_nonzero(z1.grad) == 0
    with pytest.raises(ValueError, match="same shape"):
        ip.pairwise_contrastive(z1, torch.zeros(2, 3), margin=1.0)


@pytest.mark.parametrize("task", ip.TASKS)
def test_training_lowers_the_loss_and_is_deterministic(task):
    images = load_digits_split().images_pool[:64]  # (64, 8, 8) real digits
    config = ip.ImagePretextConfig(task=task, **(TINY | {"epochs": 5, "lr": 1e-2}))
    run = ip.train_image_pretext(images, config)
    assert run.losses.shape == (5,) and run.losses[-1] < run.losses[0]
    again = ip.train_image_pretext(images, config)
    np.testing.assert_allclose(again.losses, run.losses)
    features = run.features(images[:5])
    assert features.shape == (5, 8) and np.isfinite(features).all()


def test_config_refuses_bad_settings():
    with pytest.raises(ValueError, match="task"):
        ip.ImagePretextConfig(task="jigsaw")
    with pytest.raises(ValueError, match="margin"):
        ip.ImagePretextConfig(margin=3.0)
    with pytest.raises(TypeError, match="ImagePretextConfig"):
        ip.train_image_pretext(IMAGES, config="rotation")
    with pytest.raises(ValueError, match=r"shape \(n >= 2, 8, 8\)"):
        ip.train_image_pretext(RNG.random((4, 7, 7)))


def test_image_pretext_run_uses_the_cache(tmp_path, monkeypatch):
    from helpers.core import config

    monkeypatch.setattr(config, "CACHE_DIR", tmp_path)
    cfg = ip.ImagePretextConfig(task="rotation", epochs=1, batch_size=512, width=2)
    first = ip.image_pretext_run(cfg, verbose=False)
    second = ip.image_pretext_run(cfg, verbose=False)
    np.testing.assert_array_equal(first.losses, second.losses)
    assert list(tmp_path.glob("image_pretext_rotation*"))


@pytest.mark.parametrize("fast", [True, False])
def test_the_lessons_runs_load_shipped_in_both_modes(monkeypatch, tmp_path, fast):
    from helpers.core import config

    def no_training(*args, **kwargs):
        raise AssertionError("trained although the run is shipped")

    monkeypatch.setattr(config, "CACHE_DIR", tmp_path)  # nothing cached
    monkeypatch.setattr(config, "FAST", fast)
    monkeypatch.setattr(ip, "train_image_pretext", no_training)
    for name, cfg in ip.SHIPPED.items():
        run = ip.image_pretext_run(cfg, verbose=False)
        assert run.config == cfg and len(run.losses) == cfg.epochs, name
    assert ip.two_turn_run().config.n_rotations == 2
    assert ip.pairwise_run().config.task == "pairwise"
    assert ip.rotation_run().config.n_rotations == 4
