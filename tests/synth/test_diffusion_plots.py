"""Tests of synth.diffusion_plots: a point cloud on the lesson's window."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.synth.diffusion_plots import plot_points
from helpers.ui.plots import color_for


def test_points_are_drawn_on_the_fixed_window():
    pts = np.random.default_rng(0).normal(size=(50, 2))
    ax = plot_points(pts, title="forward: t = 0", name="real")
    (cloud,) = ax.collections
    np.testing.assert_allclose(cloud.get_offsets(), pts)
    assert ax.get_xlim() == (-3, 3) and ax.get_ylim() == (-3, 3)
    assert ax.get_title() == "forward: t = 0" and ax.get_xlabel() == "x1"
    assert tuple(cloud.get_facecolor()[0][:3]) == pytest.approx(
        tuple(int(color_for("real")[i : i + 2], 16) / 255 for i in (1, 3, 5))
    )


def test_points_must_be_finite_pairs():
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        plot_points(np.zeros((5, 3)), title="x")
    with pytest.raises(ValueError, match="points must hold finite numbers"):
        plot_points(np.full((5, 2), np.nan), title="x")
