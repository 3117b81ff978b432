"""Tests for synth/vae.py (the VAE). Tiny runs: losses fall, shapes and
ranges are right."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import torch

from helpers.core.data import load_digits_split
from helpers.synth import vae as generative


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
    with pytest.raises(ValueError, match="X and y must have the same length"):
        generative.train_vae(digits.X_pool[:10], digits.y_pool[:9])
    with pytest.raises(ValueError, match="y must hold labels in 0..9"):
        generative.train_vae(digits.X_pool[:2], np.array([0, 10]))
    with pytest.raises(ValueError, match="steps"):
        generative.VaeConfig(steps=0)
    vae = generative.train_vae(
        digits.X_pool[:20], digits.y_pool[:20], generative.VaeConfig(steps=2)
    )
    with pytest.raises(ValueError, match="temperature"):
        generative.generate(vae, np.array([1]), temperature=-1)
    with pytest.raises(ValueError, match="labels must hold labels in 0..9"):
        generative.generate(vae, np.array([10]))
    with pytest.raises(ValueError, match="temperature must be a finite number"):
        generative.generate(vae, np.array([1]), temperature=float("nan"))


def test_config_caps_loss_and_report_checks():
    with pytest.raises(ValueError, match=r"steps must be an integer in \[1, 100000\]"):
        generative.VaeConfig(steps=10**12)
    with pytest.raises(TypeError, match="config must be a VaeConfig"):
        generative.train_vae(np.zeros((2, 64)), np.array([0, 1]), {"steps": 1})
    t = torch.zeros(2, 3)
    with pytest.raises(ValueError, match="mu must hold finite numbers"):
        generative.vae_loss(t, torch.full((2, 2), float("nan")), torch.zeros(2, 2), t)
    with pytest.raises(ValueError, match="one row per image"):
        generative.vae_loss(t, torch.zeros(1, 2), torch.zeros(1, 2), t)
    with pytest.raises(ValueError, match=r"agreement must be in \[0, 1\]"):
        generative.QualityReport(
            1.5, 0.5, 1, pd.DataFrame({"agreement": [1.0], "confidence": [1.0]})
        )
