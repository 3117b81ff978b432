"""helpers.train.grid: the one-at-a-time design and its lookups."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.train import grid as G


def test_settings_vary_one_axis_at_a_time():
    runs = G.settings()
    assert len(runs) == 1 + sum(len(v) - 1 for v in G.AXES.values()) == 14
    keys = {tuple(sorted(s.items())) for s in runs}
    assert len(keys) == len(runs)  # no run twice
    for s in runs:
        assert sum(s[a] != G.DEFAULT[a] for a in G.AXES) <= 1
    for axis, values in G.AXES.items():
        assert G.DEFAULT[axis] in values


def test_grid_results_hold_every_run(tiny_grid):
    assert tiny_grid.curves.shape == (14, 4, 2)
    assert len(tiny_grid.runs) == 14
    i = tiny_grid.index_of({"dropout": 0.6})
    assert tiny_grid.runs.loc[i, "dropout"] == 0.6
    assert tiny_grid.runs.loc[i, "lr"] == G.DEFAULT["lr"]
    curve = tiny_grid.curve({"dropout": 0.6}, "val_acc")
    assert curve[-1] == pytest.approx(tiny_grid.runs.loc[i, "val accuracy"])
    assert np.all((tiny_grid.curves[:, 2:] >= 0) & (tiny_grid.curves[:, 2:] <= 1))


def test_two_axes_off_the_default_are_refused_with_the_fix(tiny_grid):
    with pytest.raises(ValueError, match="one setting at a time.*dropout=0.0"):
        tiny_grid.index_of({"lr": 0.1, "dropout": 0.3})
    with pytest.raises(ValueError, match="unknown lr"):
        tiny_grid.index_of({"lr": 0.5})
    with pytest.raises(ValueError, match="only"):
        tiny_grid.index_of({"momentum": 0.5})
