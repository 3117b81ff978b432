"""Tests of synth.gan_plots: the samples panel and the losses."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.synth import gan
from helpers.synth.gan_plots import plot_gan_losses, plot_gan_samples
from helpers.ui.plots import color_for


@pytest.fixture(scope="module")
def run() -> gan.GanRun:
    return gan.train_gan(gan.GanConfig(steps=60, snapshot_every=20, n_show=64))


def test_samples_panel_shows_real_and_generated_points(run):
    ax = plot_gan_samples(run, snapshot=1)
    real, fake = ax.collections
    np.testing.assert_allclose(fake.get_offsets(), run.snapshots[1])
    np.testing.assert_allclose(real.get_offsets(), run.real)
    assert ax.get_title().startswith("step 20:") and "/8 modes" in ax.get_title()
    assert ax.get_xlim() == (-3, 3)
    assert plot_gan_samples(run).get_title().startswith("step 60:")  # the last
    with pytest.raises(ValueError, match="snapshot must be an integer in"):
        plot_gan_samples(run, snapshot=4)
    with pytest.raises(TypeError, match="run must be a GanRun"):
        plot_gan_samples(run.snapshots)


def test_losses_are_smoothed_with_the_equilibrium_line(run):
    ax = plot_gan_losses(run, window=10)
    d, g, eq = ax.get_lines()
    assert len(d.get_xdata()) == 60 - 10 + 1
    assert d.get_ydata()[0] == pytest.approx(run.d_loss[:10].mean())
    assert d.get_color() == color_for("discriminator")
    assert eq.get_ydata()[0] == pytest.approx(2 * np.log(2))
    with pytest.raises(ValueError, match="window must be an integer in"):
        plot_gan_losses(run, window=0)
