"""Tests for represent/explorer_plots.py: the alignment-uniformity panel."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.represent.explorer import explorer_view
from helpers.represent.explorer_plots import plot_alignment_uniformity
from helpers.ui.plots import color_for


def test_alignment_uniformity_draws_every_run_and_the_current_epoch(tiny_grid):
    view = explorer_view(tiny_grid, temperature=0.2, strength=1.0, epoch=1)
    ax = plot_alignment_uniformity(tiny_grid, view, baselines=tiny_grid.baselines)
    others, this, marker = ax.get_lines()
    # The three other runs in one artist, separated by NaN.
    assert np.isnan(others.get_xdata()).sum() == 3
    np.testing.assert_allclose(this.get_xdata(), tiny_grid.uniformity[0.2, 1.0])
    np.testing.assert_allclose(this.get_ydata(), tiny_grid.alignment[0.2, 1.0])
    assert this.get_color() == color_for("contrastive")
    assert marker.get_xdata()[0] == pytest.approx(view.uniformity)
    assert f"{view.probe:.3f}" in ax.texts[0].get_text()
    assert ax.get_title() == "Alignment vs uniformity" and ax.get_xlabel()


def test_without_baselines_no_text_is_written(tiny_grid):
    view = explorer_view(tiny_grid, temperature=1.0, strength=0.5, epoch=0)
    ax = plot_alignment_uniformity(tiny_grid, view)
    assert not ax.texts
