"""Tests of synth.gan: the ring of Gaussians, mode counting and a tiny GAN."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.synth import gan


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
