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


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"steps": 0}, ValueError, r"steps must be an integer in \[1"),
        ({"n_show": -5}, ValueError, r"n_show must be an integer in \[1"),
        ({"batch": 2.0}, TypeError, "batch must be an integer"),
        ({"g_steps": True}, TypeError, "g_steps must be an integer"),
        ({"lr_d": -1.0}, ValueError, r"lr_d must be in \(0, inf\)"),
        ({"lr_g": float("nan")}, ValueError, "lr_g must be a finite number"),
        ({"std": float("inf")}, ValueError, "std must be a finite number"),
    ],
)
def test_gan_config_errors(kwargs, error, message):
    with pytest.raises(error, match=message):
        gan.GanConfig(**kwargs)


def test_toy_data_and_mode_counting_reject_bad_input():
    with pytest.raises(ValueError, match="n_modes must be an integer in"):
        gan.ring_centres(0)
    with pytest.raises(ValueError, match="radius must be in"):
        gan.ring_centres(8, radius=-1.0)
    with pytest.raises(ValueError, match="n must be an integer in"):
        gan.ring_of_gaussians(0)
    with pytest.raises(ValueError, match="std must be in"):
        gan.ring_of_gaussians(10, std=0.0)
    centres = gan.ring_centres(8)
    with pytest.raises(ValueError, match=r"points must have shape \(n, 2\)"):
        gan.modes_covered(np.zeros((5, 3)), centres)
    with pytest.raises(ValueError, match="points must hold finite numbers"):
        gan.modes_covered(np.full((5, 2), np.nan), centres)
    with pytest.raises(ValueError, match="min_share must be in"):
        gan.modes_covered(np.zeros((5, 2)), centres, min_share=2.0)
    with pytest.raises(TypeError, match="config must be a GanConfig"):
        gan.train_gan({"steps": 10})


def test_config_caps_and_run_records_are_checked():
    with pytest.raises(ValueError, match=r"steps must be an integer in \[1, 100000\]"):
        gan.GanConfig(steps=10**12)
    with pytest.raises(ValueError, match=r"seed must be an integer in \[0, inf\)"):
        gan.ring_of_gaussians(5, seed=-1)
    run = gan.train_gan(gan.GanConfig(steps=2, batch=8, hidden=8, n_show=16))
    with pytest.raises(ValueError, match="d_loss and g_loss must have the same"):
        gan.GanRun(
            run.config,
            run.snapshots,
            run.snapshot_steps,
            run.d_loss,
            run.g_loss[:1],
            run.modes_covered,
            run.real,
        )
