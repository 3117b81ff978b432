"""Tests for the generators: helpers/generative.py (VAE), helpers/gan.py and
helpers/diffusion.py. Tiny runs: losses fall, shapes and ranges are right."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from helpers import diffusion, gan, generative
from helpers.data import load_digits_split


@pytest.fixture(scope="module")
def digits():
    return load_digits_split()


# -------------------------------------------------------------------------- VAE


def test_vae_loss_falls_and_samples_are_digits_in_range(digits):
    vae = generative.train_vae(
        digits.X_pool[:300], digits.y_pool[:300], generative.VaeConfig(steps=150)
    )
    assert vae.losses[-20:].mean() < 0.8 * vae.losses[:20].mean()
    labels = np.arange(10).repeat(3)
    out = generative.generate(vae, labels, temperature=1.0, seed=0)
    assert out.shape == (30, 64) and out.min() >= 0 and out.max() <= 1
    again = generative.generate(vae, labels, temperature=1.0, seed=0)
    np.testing.assert_array_equal(out, again)
    mean_only = generative.generate(vae, labels, temperature=0.0, seed=5)
    np.testing.assert_allclose(mean_only[0], mean_only[1])  # same class, z = 0


def test_vae_loss_is_the_negative_elbo_by_hand():
    logits = torch.zeros(2, 3)  # p = 0.5 everywhere: BCE = 3 ln 2 per image
    x = torch.tensor([[0.0, 1.0, 1.0], [1.0, 0.0, 0.0]])
    mu, logvar = torch.zeros(2, 4), torch.zeros(2, 4)  # KL to N(0, I) is 0
    loss = generative.vae_loss(logits, mu, logvar, x)
    assert float(loss) == pytest.approx(3 * np.log(2))
    mu = torch.ones(2, 4)  # KL = 0.5 * sum(mu^2) = 2 per image
    assert float(generative.vae_loss(logits, mu, logvar, x)) == pytest.approx(
        3 * np.log(2) + 2
    )


def test_quality_check_scores_real_digits_as_perfect_and_noise_as_poor(digits):
    real = generative.quality_check(
        digits.X_test[:200],
        digits.y_test[:200],
        X_real=digits.X_pool,
        y_real=digits.y_pool,
    )
    assert real.agreement > 0.9 and real.classes_covered == 10
    rng = np.random.default_rng(0)
    noise = generative.quality_check(
        rng.random((200, 64)),
        np.arange(10).repeat(20),
        X_real=digits.X_pool,
        y_real=digits.y_pool,
    )
    assert noise.agreement < 0.4 and noise.classes_covered < 10
    assert len(noise.per_class) == 10


def test_vae_input_errors(digits):
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        generative.train_vae(digits.X_pool[:10] * 16, digits.y_pool[:10])
    with pytest.raises(ValueError, match="y must have shape"):
        generative.train_vae(digits.X_pool[:10], digits.y_pool[:9])
    with pytest.raises(ValueError, match="steps"):
        generative.VaeConfig(steps=0)
    vae = generative.train_vae(
        digits.X_pool[:20], digits.y_pool[:20], generative.VaeConfig(steps=2)
    )
    with pytest.raises(ValueError, match="temperature"):
        generative.generate(vae, np.array([1]), temperature=-1)
    with pytest.raises(ValueError, match="labels must be in"):
        generative.generate(vae, np.array([10]))


# -------------------------------------------------------------------------- GAN


def test_ring_and_mode_counting():
    centres = gan.ring_centres(8)
    assert centres.shape == (8, 2)
    np.testing.assert_allclose(np.linalg.norm(centres, axis=1), 2.0)
    points = gan.ring_of_gaussians(800, seed=0)
    assert points.shape == (800, 2)
    assert gan.modes_covered(points, centres) == 8
    one_blob = centres[3] + 0.01 * np.random.default_rng(0).standard_normal((100, 2))
    assert gan.modes_covered(one_blob, centres) == 1
    assert gan.modes_covered(np.zeros((50, 2)), centres) == 0  # centre: no mode


def test_gan_tiny_run_records_the_game():
    run = gan.train_gan(gan.GanConfig(steps=60, snapshot_every=20, n_show=64))
    assert run.snapshots.shape == (4, 64, 2)
    np.testing.assert_array_equal(run.snapshot_steps, [0, 20, 40, 60])
    assert run.d_loss.shape == run.g_loss.shape == (60,)
    assert np.isfinite(run.d_loss).all() and np.isfinite(run.g_loss).all()
    # The discriminator learns: its loss falls below chance (2 ln 2) early on.
    assert run.d_loss[:20].min() < 2 * np.log(2)
    assert not np.allclose(run.snapshots[0], run.snapshots[-1])  # generator moved
    assert run.modes_covered.shape == (4,)


def test_gan_config_errors():
    with pytest.raises(ValueError, match="steps"):
        gan.GanConfig(steps=0)
    with pytest.raises(ValueError, match="lr_d"):
        gan.GanConfig(lr_d=-1.0)


# -------------------------------------------------------------------- diffusion


def test_forward_noise_matches_the_closed_form_statistics():
    cfg = diffusion.DiffusionConfig()
    x0 = np.full((20000, 2), 1.5, dtype=np.float32)
    t = cfg.T // 2
    abar = float(cfg.schedule()[2][t - 1])
    xt = diffusion.forward_noise(x0, t, config=cfg, seed=0)
    assert xt.mean() == pytest.approx(np.sqrt(abar) * 1.5, abs=0.02)
    assert xt.std() == pytest.approx(np.sqrt(1 - abar), abs=0.02)
    np.testing.assert_array_equal(diffusion.forward_noise(x0, 0, config=cfg), x0)
    end = diffusion.forward_noise(x0, cfg.T, config=cfg, seed=0)
    assert abs(end.mean()) < 0.1 and end.std() == pytest.approx(1.0, abs=0.05)
    with pytest.raises(ValueError, match="t must be"):
        diffusion.forward_noise(x0, cfg.T + 1, config=cfg)


def test_denoiser_training_reduces_its_loss_and_sampling_has_the_right_shape():
    data = gan.ring_of_gaussians(1024, seed=0)
    cfg = diffusion.DiffusionConfig(steps=150, batch=256)
    trained = diffusion.train_denoiser(data, cfg)
    assert trained.losses[-20:].mean() < trained.losses[:20].mean()
    path = diffusion.sample(trained, n=100, seed=0)
    assert path.shape == (cfg.T + 1, 100, 2) and np.isfinite(path).all()


def test_exact_denoiser_samples_land_on_the_blobs():
    cfg = diffusion.DiffusionConfig()
    exact = diffusion.MixtureDenoiser(gan.ring_centres(), 0.1, cfg)
    x = diffusion.sample(exact, n=400, seed=0)[-1]
    dist = np.linalg.norm(x[:, None] - gan.ring_centres()[None], axis=2).min(1)
    assert (dist < 0.3).mean() > 0.85
    assert gan.modes_covered(x, gan.ring_centres()) == 8


def test_diffusion_config_errors():
    with pytest.raises(ValueError, match="beta_min"):
        diffusion.DiffusionConfig(beta_min=0.5, beta_max=0.1)
    with pytest.raises(ValueError, match="data must have shape"):
        diffusion.train_denoiser(np.zeros((10, 3)))
