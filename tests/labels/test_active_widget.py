"""Tests of labels.active_widget: the strategy grid and the comparison widget."""

from __future__ import annotations

import numpy as np
import pytest
from widget_checks import set_and_check_redraw

from helpers.labels import active_loop as L
from helpers.labels import active_widget as W


@pytest.fixture(scope="module")
def tiny_grid(tmp_path_factory, monkeypatch_module):
    from helpers.core import config

    monkeypatch_module.setattr(config, "CACHE_DIR", tmp_path_factory.mktemp("cache"))
    cfg = W.GridConfig(
        strategies=("random", "margin", "hybrid"),
        start_per_class=(1, 2),
        batch_sizes=(10, 20),
        n_seeds=2,
        budget=60,
    )
    return W.strategy_grid(cfg, verbose=False)


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def test_grid_is_cached_and_complete(tiny_grid, capsys):
    assert set(tiny_grid) == {(1, 10), (1, 20), (2, 10), (2, 20)}
    c = tiny_grid[(2, 20)]
    np.testing.assert_array_equal(c.n_labels, [20, 40, 60])
    assert c.accuracy["margin"].shape == (2, 3)
    cfg = W.GridConfig(
        strategies=("random", "margin", "hybrid"),
        start_per_class=(1, 2),
        batch_sizes=(10, 20),
        n_seeds=2,
        budget=60,
    )
    again = W.strategy_grid(cfg)
    assert "loaded active_strategy_grid from cache" in capsys.readouterr().out
    np.testing.assert_array_equal(
        again[(1, 10)].accuracy["hybrid"], tiny_grid[(1, 10)].accuracy["hybrid"]
    )


def test_grid_config_validates():
    with pytest.raises(ValueError, match="random"):
        W.GridConfig(strategies=("margin",))
    with pytest.raises(ValueError, match="unknown strategy"):
        W.GridConfig(strategies=("random", "psychic"))
    with pytest.raises(ValueError, match="budget"):
        W.GridConfig(start_per_class=(5,), budget=40)


def test_strategy_widget_selects_and_redraws(tiny_grid):
    widget = W.build_strategy_widget(grid=tiny_grid)
    assert widget.error is None and "labels needed" in widget.summary.value
    state = set_and_check_redraw(widget, "strategies", ("random", "hybrid"))
    assert "hybrid" in state["summary"] and "margin" not in state["summary"]
    set_and_check_redraw(widget, "start", 1)
    state = set_and_check_redraw(widget, "batch", 20)
    table = L.labels_to_reach(tiny_grid[(1, 20)]).loc[["random", "hybrid"]]
    assert state["summary"] == W.reach_html(table, budget=60)
    widget.controls["strategies"].value = ()
    assert widget.error == "choose at least one strategy"
