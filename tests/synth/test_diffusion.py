"""Tests of synth.diffusion: forward noise, the denoiser and sampling."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.synth import diffusion, gan


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
    with pytest.raises(ValueError, match="t must be an integer in"):
        diffusion.forward_noise(x0, cfg.T + 1, config=cfg)
    with pytest.raises(TypeError, match="t must be an integer"):
        diffusion.forward_noise(x0, 1.5, config=cfg)
    with pytest.raises(ValueError, match="x0 must hold finite numbers"):
        diffusion.forward_noise(np.full((3, 2), np.nan), 1, config=cfg)


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
    with pytest.raises(ValueError, match="beta_max must be a finite number"):
        diffusion.DiffusionConfig(beta_max=float("nan"))
    with pytest.raises(ValueError, match=r"T must be an integer in \[1"):
        diffusion.DiffusionConfig(T=0)
    with pytest.raises(ValueError, match=r"lr must be in \(0, inf\)"):
        diffusion.DiffusionConfig(lr=0.0)
    with pytest.raises(ValueError, match="data must have shape"):
        diffusion.train_denoiser(np.zeros((10, 3)))
    with pytest.raises(ValueError, match="data must hold finite numbers"):
        diffusion.train_denoiser(np.full((10, 2), np.inf))
    with pytest.raises(TypeError, match="config must be a DiffusionConfig"):
        diffusion.train_denoiser(np.zeros((10, 2)), {"steps": 1})
    exact = diffusion.MixtureDenoiser(
        gan.ring_centres(), 0.1, diffusion.DiffusionConfig()
    )
    with pytest.raises(ValueError, match="n must be an integer in"):
        diffusion.sample(exact, n=0)
    with pytest.raises(TypeError, match="denoiser must be"):
        diffusion.sample("model", n=5)
    with pytest.raises(ValueError, match="std must be in"):
        diffusion.MixtureDenoiser(gan.ring_centres(), 0.0, diffusion.DiffusionConfig())


def test_config_caps_and_seeds_are_checked():
    with pytest.raises(ValueError, match=r"T must be an integer in \[1, 1000\]"):
        diffusion.DiffusionConfig(T=10**12)
    with pytest.raises(ValueError, match=r"batch must be an integer in \[1, 65536\]"):
        diffusion.DiffusionConfig(batch=10**12)
    exact = diffusion.MixtureDenoiser(
        gan.ring_centres(4), 0.1, diffusion.DiffusionConfig()
    )
    with pytest.raises(ValueError, match=r"seed must be an integer in \[0, inf\)"):
        diffusion.sample(exact, n=4, seed=-1)
    with pytest.raises(ValueError, match=r"n must be an integer in \[1, 100000\]"):
        diffusion.sample(exact, n=10**12)
    with pytest.raises(TypeError, match="config must be a DiffusionConfig"):
        diffusion.Denoiser({"T": 40})
