"""Tests of labels.selftraining_widget: the threshold widget and its summary line."""

from __future__ import annotations

import pytest
from widget_checks import set_and_check_redraw

from helpers.labels import selftraining_grid as stg
from helpers.labels import selftraining_widget as stw

SMALL = stg.GridConfig(
    models=("logistic regression", "3-NN"),
    thresholds=(0.5, 0.99),
    seeds=(0, 1),
    k=20,
    max_rounds=3,
)


@pytest.fixture(scope="module")
def grid():
    return stg.run_grid(SMALL)


def test_summary_html_states_the_cell_in_words(grid):
    cell = grid.select(model="3-NN", threshold=0.5, balanced=True)
    html = stw.summary_html(cell)
    assert f"<b>{cell.final:.3f}</b>" in html and f"{cell.baseline:.3f}" in html
    assert f"{cell.wrong_total:.0f} wrong" in html and "class-balanced" in html
    assert stw.digit_key_html(10).count("&#9632;") == 10


def test_widget_threshold_slider_and_balance_toggle(grid):
    widget = stw.build_self_training_widget(grid, threshold=0.99)
    assert widget.error is None
    assert "0.99, plain" in widget.summary.value
    assert "black steps: wrong" in widget.summary.value  # the colour key, as HTML
    state = set_and_check_redraw(widget, "threshold", 0.5)
    assert "threshold 0.50, plain" in state["summary"]
    cell = grid.select(model="logistic regression", threshold=0.5, balanced=False)
    assert f"{cell.wrong_total:.0f} wrong" in state["summary"]
    state = set_and_check_redraw(widget, "balanced", True)
    assert "class-balanced" in state["summary"]
    balanced = grid.select(model="logistic regression", threshold=0.5, balanced=True)
    assert f"<b>{balanced.final:.3f}</b>" in state["summary"]
    state = set_and_check_redraw(widget, "model", "3-NN")
    assert "3-NN" in state["summary"]


def test_widget_slider_only_offers_precomputed_thresholds(grid):
    widget = stw.build_self_training_widget(grid)
    values = [value for _, value in widget.controls["threshold"].options]
    assert values == list(SMALL.thresholds)
    with pytest.raises(ValueError, match="not precomputed"):
        stw.build_self_training_widget(grid, threshold=0.7)


def test_widget_state_is_the_grid(grid):
    widget = stw.build_self_training_widget(grid)
    assert widget.state is grid
    with pytest.raises(AttributeError):
        widget.state = None  # read-only once built


def test_options_are_checked_before_the_grid_is_loaded(monkeypatch):
    def no_grid(*args, **kwargs):
        raise AssertionError("the grid must not be loaded for bad options")

    monkeypatch.setattr(stw, "selftraining_grid", no_grid)
    with pytest.raises(ValueError, match="unknown model 'SVM'"):
        stw.build_self_training_widget(model="SVM")
    with pytest.raises(ValueError, match=r"threshold must be in \[0, 1\]"):
        stw.build_self_training_widget(threshold=1.5)
    with pytest.raises(TypeError, match="grid must be a SelfTrainingGrid"):
        stw.build_self_training_widget({"thresholds": (0.9,)})
    with pytest.raises(TypeError, match="cell must be a GridCell"):
        stw.summary_html(None)
