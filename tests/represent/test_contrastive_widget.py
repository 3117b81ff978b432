"""Tests for represent/contrastive_widget.py: the precomputed grid and the explorer."""

from __future__ import annotations

import numpy as np
import pytest
from widget_checks import set_and_check_redraw

from helpers.represent import contrastive_widget as cw
from helpers.represent.contrastive import SimCLRConfig

TINY_BASE = SimCLRConfig(
    batch_size=128, encoder="mlp", width=32, dim=16, proj_dim=8, lr=3e-3
)
SPEC = cw.ExplorerSpec(
    temperatures=(0.2, 1.0),
    strengths=(0.5, 1.0),
    snapshot_epochs=(0, 1, 2),
    n_points=6,
    probe_seeds=1,
    base=TINY_BASE,
)


@pytest.fixture(scope="module")
def grid() -> cw.ExplorerGrid:
    return cw.compute_explorer_grid(SPEC)


def test_grid_holds_every_run_and_snapshot(grid):
    n_shown, n_snap = 60, 3
    assert grid.labels.shape == (n_shown,)
    assert np.bincount(grid.labels).tolist() == [6] * 10
    for t in SPEC.temperatures:
        for s in SPEC.strengths:
            for proj in cw.PROJECTIONS:
                assert grid.layouts[t, s, proj].shape == (n_snap, n_shown, 2)
                assert np.isfinite(grid.layouts[t, s, proj]).all()
            assert grid.alignment[t, s].shape == (n_snap,)
            assert grid.probe[t, s].shape == (n_snap,)
            assert ((0 < grid.probe[t, s]) & (grid.probe[t, s] <= 1)).all()
            # Training spreads the embedding out (uniformity goes down).
            assert grid.uniformity[t, s][-1] < grid.uniformity[t, s][0]
    assert set(grid.baselines) == {"raw pixels", "pca"}
    # Every run starts from the same initial weights: epoch 0 is shared.
    for proj in cw.PROJECTIONS:
        np.testing.assert_allclose(
            grid.layouts[0.2, 0.5, proj][0], grid.layouts[1.0, 1.0, proj][0]
        )
    assert grid.alignment[0.2, 0.5][0] == grid.alignment[1.0, 0.5][0]


def test_view_selects_without_computing(grid):
    view = cw.explorer_view(
        grid, temperature=1.0, strength=0.5, epoch=1, projection="PCA"
    )
    np.testing.assert_array_equal(view.points, grid.layouts[1.0, 0.5, "PCA"][1])
    assert view.probe == grid.probe[1.0, 0.5][1]
    x0, x1, y0, y1 = view.limits
    assert x0 < view.points[:, 0].min() and view.points[:, 0].max() < x1
    assert y0 < view.points[:, 1].min() and view.points[:, 1].max() < y1
    html = view.to_html(grid.baselines)
    assert f"{view.probe:.3f}" in html and f"{grid.baselines['pca']:.3f}" in html


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"temperature": 0.5}, "temperature 0.5 was not precomputed"),
        ({"strength": 2.0}, "strength 2.0 was not precomputed"),
        ({"epoch": 7}, "epoch 7 has no snapshot"),
        ({"projection": "UMAP"}, "projection must be one of"),
    ],
)
def test_view_rejects_settings_that_were_not_precomputed(grid, kwargs, message):
    options = {"temperature": 0.2, "strength": 1.0, "epoch": 2} | kwargs
    with pytest.raises(ValueError, match=message):
        cw.explorer_view(grid, **options)


def test_spec_validation():
    with pytest.raises(ValueError, match="temperature must be > 0"):
        cw.ExplorerSpec(temperatures=(0.2, 0.0))
    with pytest.raises(ValueError, match="strength must be in"):
        cw.ExplorerSpec(strengths=(1.0, 3.0))
    with pytest.raises(ValueError, match="must increase"):
        cw.ExplorerSpec(snapshot_epochs=(0, 3, 2))
    with pytest.raises(ValueError, match="non-empty"):
        cw.ExplorerSpec(temperatures=())


def test_grid_table(grid):
    table = cw.grid_table(grid)
    assert len(table) == 4
    assert table.loc[(1.0, 0.5), "probe, 10/class"] == pytest.approx(
        grid.probe[1.0, 0.5][-1], abs=1e-3
    )
    with pytest.raises(ValueError, match="epoch must be one of"):
        cw.grid_table(grid, epoch=5)


def test_widget_moves_every_control(grid):
    widget = cw.build_embedding_widget(grid)
    assert widget.error is None and widget.n_draws == 1
    assert widget.controls["temperature"].value == 0.2
    assert widget.controls["strength"].value == 1.0
    first = widget.summary.value
    after = set_and_check_redraw(widget, "epoch", 0)
    assert "epoch <b>0</b>" in after["summary"]
    assert f"{grid.probe[0.2, 1.0][0]:.3f}" in after["summary"]
    set_and_check_redraw(widget, "epoch", 2)
    after = set_and_check_redraw(widget, "temperature", 1.0)
    assert "τ = <b>1</b>" in after["summary"] and after["summary"] != first
    after = set_and_check_redraw(widget, "strength", 0.5)
    assert f"{grid.alignment[1.0, 0.5][-1]:.2f}" in after["summary"]
    set_and_check_redraw(widget, "projection", "PCA")
    assert widget.n_draws == 6
