"""Tests of labels.active_grid: the cached grid of learning curves and its config."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.labels import active_grid as G

CONFIG = {
    "strategies": ("random", "margin", "hybrid"),
    "start_per_class": (1, 2),
    "batch_sizes": (10, 20),
    "n_seeds": 2,
    "budget": 60,
}


def test_grid_is_cached_and_complete(tmp_cache, capsys):
    grid = G.strategy_grid(G.GridConfig(**CONFIG), verbose=False)
    assert set(grid) == {(1, 10), (1, 20), (2, 10), (2, 20)}
    c = grid[(2, 20)]
    np.testing.assert_array_equal(c.n_labels, [20, 40, 60])
    assert c.accuracy["margin"].shape == (2, 3)
    assert set(c.seconds) == set(CONFIG["strategies"])
    again = G.strategy_grid(G.GridConfig(**CONFIG))
    assert "loaded active_strategy_grid from cache" in capsys.readouterr().out
    np.testing.assert_array_equal(
        again[(1, 10)].accuracy["hybrid"], grid[(1, 10)].accuracy["hybrid"]
    )


def test_grid_config_validates():
    with pytest.raises(ValueError, match="random"):
        G.GridConfig(strategies=("margin",))
    with pytest.raises(ValueError, match="unknown strategy"):
        G.GridConfig(strategies=("random", "psychic"))
    with pytest.raises(ValueError, match="budget"):
        G.GridConfig(start_per_class=(5,), budget=40)
    with pytest.raises(ValueError, match="n_seeds must be an integer in"):
        G.GridConfig(n_seeds=0)
    with pytest.raises(ValueError, match="at least one start size"):
        G.GridConfig(batch_sizes=())


def test_fast_mode_grid_is_smaller():
    fast, normal = G.default_grid_config(), G.GridConfig()
    assert fast.n_seeds <= normal.n_seeds and fast.budget <= normal.budget


def test_grid_config_caps_its_counts():
    with pytest.raises(ValueError, match=r"budget must be an integer in \[1, 100000\]"):
        G.GridConfig(budget=10**12)
    with pytest.raises(ValueError, match=r"n_members must be an integer in \[2, 100\]"):
        G.GridConfig(n_members=10**12)
    with pytest.raises(TypeError, match="batch_sizes must be a tuple of integers"):
        G.GridConfig(batch_sizes="10")
    with pytest.raises(TypeError, match="config must be a GridConfig"):
        G.strategy_grid({"budget": 30})
