"""Tests of labels.active_widget: the strategy comparison widget."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from widget_checks import set_and_check_redraw

from helpers.labels import active_grid as G
from helpers.labels import active_loop as L
from helpers.labels import active_widget as W


@pytest.fixture(scope="module")
def tiny_grid(tmp_path_factory, monkeypatch_module):
    from helpers.core import config

    monkeypatch_module.setattr(config, "CACHE_DIR", tmp_path_factory.mktemp("cache"))
    cfg = G.GridConfig(
        strategies=("random", "margin", "hybrid"),
        start_per_class=(1, 2),
        batch_sizes=(10, 20),
        n_seeds=2,
        budget=60,
    )
    return G.strategy_grid(cfg, verbose=False)


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def test_strategy_widget_selects_and_redraws(tiny_grid):
    widget = W.build_strategy_widget(grid=tiny_grid)
    assert widget.error is None and "labels needed" in widget.summary.value
    state = set_and_check_redraw(widget, "strategies", ("random", "hybrid"))
    assert "hybrid" in state["summary"] and "margin" not in state["summary"]
    set_and_check_redraw(widget, "start", 1)
    state = set_and_check_redraw(widget, "batch", 20)
    table = L.labels_to_reach_table(tiny_grid[(1, 20)]).loc[["random", "hybrid"]]
    assert state["summary"] == W.reach_html(table, budget=60)
    widget.controls["strategies"].value = ()
    assert widget.error == "choose at least one strategy"


def test_strategy_widget_state_holds_curves_and_tables(tiny_grid):
    widget = W.build_strategy_widget(grid=tiny_grid)
    assert widget.state.curves == tiny_grid
    assert set(widget.state.reach) == set(tiny_grid)
    table = widget.state.reach[(2, 10)]
    assert list(table.columns) == ["90 %", "95 %"]
    assert list(table.index) == ["random", "margin", "hybrid"]


def test_reach_html_says_when_a_target_is_out_of_budget():
    table = pd.DataFrame({"90 %": [40.0, np.nan]}, index=["margin", "random"])
    html = W.reach_html(table, budget=60)
    assert "<td>margin</td><td>40</td>" in html
    assert "<td>random</td><td>&gt; 60</td>" in html


def test_state_and_reach_html_check_their_arguments():
    curves = L.Curves(np.array([4, 6]), {"random": np.array([[0.5, 0.9]])})
    table = L.labels_to_reach_table(curves, thresholds=(0.9,))
    assert "&gt; 6" not in W.reach_html(table, budget=6)
    with pytest.raises(ValueError, match=r"budget must be an integer in \[1, 100000\]"):
        W.reach_html(table, budget=10**12)
    with pytest.raises(ValueError, match="table is empty"):
        W.reach_html(table.drop(columns=["90 %"]), budget=6)
    with pytest.raises(TypeError, match="table: expected a pandas DataFrame"):
        W.reach_html([[4.0]], budget=6)
    with pytest.raises(ValueError, match="the same \\(start, batch\\) cells"):
        W.ComparisonState({(1, 2): curves}, {(1, 3): table})
    with pytest.raises(TypeError, match="reach must hold DataFrame"):
        W.ComparisonState({(1, 2): curves}, {(1, 2): "table"})
    with pytest.raises(TypeError, match="grid must map \\(start, batch\\) to Curves"):
        W.build_strategy_widget(grid=[curves])
