"""Tests for represent/explorer.py: the precomputed grid, views and table."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.core.data import load_digits_split
from helpers.represent import explorer as ex
from helpers.represent.probe import baseline_sets, linear_probe


def test_grid_holds_every_run_and_snapshot(tiny_grid):
    grid = tiny_grid
    spec = grid.spec
    n_shown, n_snap = 60, 3
    assert grid.labels.shape == (n_shown,)
    assert np.bincount(grid.labels).tolist() == [6] * 10
    for t in spec.temperatures:
        for s in spec.strengths:
            for proj in ex.PROJECTIONS:
                assert grid.layouts[t, s, proj].shape == (n_snap, n_shown, 2)
                assert np.isfinite(grid.layouts[t, s, proj]).all()
            assert grid.alignment[t, s].shape == (n_snap,)
            assert grid.probe[t, s].shape == (n_snap,)
            assert ((0 < grid.probe[t, s]) & (grid.probe[t, s] <= 1)).all()
            # Training spreads the embedding out (uniformity goes down).
            assert grid.uniformity[t, s][-1] < grid.uniformity[t, s][0]
    assert set(grid.baselines) == {"raw pixels", "pca"}
    # Every run starts from the same initial weights: epoch 0 is shared.
    for proj in ex.PROJECTIONS:
        np.testing.assert_allclose(
            grid.layouts[0.2, 0.5, proj][0], grid.layouts[1.0, 1.0, proj][0]
        )
    assert grid.alignment[0.2, 0.5][0] == grid.alignment[1.0, 0.5][0]


def test_baselines_are_the_probe_of_raw_pixels_and_pca(tiny_grid):
    split = load_digits_split()
    for name, (pool, test) in baseline_sets(split).items():
        accs = linear_probe(
            pool, split.y_pool, test, split.y_test, per_class=10, seeds=(0,)
        )
        assert tiny_grid.baselines[name] == pytest.approx(float(np.median(accs)))


def test_view_selects_without_computing(tiny_grid):
    grid = tiny_grid
    view = ex.explorer_view(
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
def test_view_rejects_settings_that_were_not_precomputed(tiny_grid, kwargs, message):
    options = {"temperature": 0.2, "strength": 1.0, "epoch": 2} | kwargs
    with pytest.raises(ValueError, match=message):
        ex.explorer_view(tiny_grid, **options)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"temperatures": (0.2, 0.0)}, ValueError, r"temperature must be in \(0"),
        ({"strengths": (1.0, 3.0)}, ValueError, "strength must be in"),
        ({"snapshot_epochs": (0, 3, 2)}, ValueError, "must increase"),
        ({"temperatures": ()}, ValueError, "non-empty"),
        ({"n_points": 2}, ValueError, "n_points must be an integer in"),
        ({"probe_seeds": 0}, ValueError, "probe_seeds must be an integer in"),
        ({"probe_seeds": 1.5}, TypeError, "probe_seeds must be an integer"),
        ({"temperatures": (float("nan"),)}, ValueError, "temperature must be a finite"),
    ],
)
def test_spec_validation(kwargs, error, message):
    with pytest.raises(error, match=message):
        ex.ExplorerSpec(**kwargs)


def test_compute_rejects_a_spec_of_the_wrong_type():
    with pytest.raises(TypeError, match="spec must be an ExplorerSpec"):
        ex.compute_explorer_grid({"temperatures": (0.2,)})


def test_grid_table(tiny_grid):
    table = ex.grid_table(tiny_grid)
    assert len(table) == 4
    assert table.loc[(1.0, 0.5), "probe, 10/class"] == pytest.approx(
        tiny_grid.probe[1.0, 0.5][-1], abs=1e-3
    )
    first = ex.grid_table(tiny_grid, epoch=0)
    assert first.loc[(0.2, 0.5), "alignment"] == pytest.approx(
        tiny_grid.alignment[0.2, 0.5][0], abs=1e-3
    )
    with pytest.raises(ValueError, match="epoch must be one of"):
        ex.grid_table(tiny_grid, epoch=5)


def test_spec_needs_enough_points_for_tsne_and_views_check_their_fields():
    with pytest.raises(ValueError, match=r"n_points must be an integer in \[4, 50\]"):
        ex.ExplorerSpec(n_points=3)  # 30 points: too few for perplexity 30
    with pytest.raises(ValueError, match=r"snapshot_epochs must be an integer in"):
        ex.ExplorerSpec(snapshot_epochs=(0, 10**12))
    fields = dict(
        temperature=0.2,
        strength=1.0,
        epoch=1,
        projection="PCA",
        points=np.zeros((3, 2)),
        limits=(0.0, 1.0, 0.0, 1.0),
        alignment=0.5,
        uniformity=-1.0,
        probe=0.8,
    )
    assert ex.ExplorerView(**fields).probe == 0.8
    with pytest.raises(ValueError, match=r"probe must be in \[0, 1\]"):
        ex.ExplorerView(**fields | {"probe": 1.5})
    with pytest.raises(TypeError, match="grid must be an ExplorerGrid"):
        ex.grid_table({"spec": None})
