"""Tests of prepare.cleaning_widget: the cleaning grid, its plots and widget."""

from __future__ import annotations

import pytest
from widget_checks import set_and_check_redraw

from helpers.prepare import cleaning, cleaning_widget, dirty
from helpers.prepare.cleaning import CleaningPlan


@pytest.fixture(scope="module")
def lesson():
    return dirty.lesson_tables(n_train=500, n_valid=300, seed=1)


@pytest.fixture(scope="module")
def grid(lesson) -> cleaning_widget.CleaningGrid:
    data, valid = lesson
    return cleaning_widget.cleaning_grid(data, valid, thresholds=[1.5, 3.0, 4.5])


# --------------------------------------------------------- grid and widget


def test_grid_points_agree_with_clean(lesson, grid):
    data, valid = lesson
    plan = CleaningPlan(imputation="median", outlier_rule="IQR", threshold=3.0)
    direct = cleaning.clean(data.dirty, plan=plan)
    point = grid.point("median", "IQR", 3.0)
    assert point.r2 == pytest.approx(dirty.validation_score(direct.frame, valid))
    assert point.rows_changed == direct.rows_changed
    assert point.outliers == len(direct.outliers)
    assert grid.curve("model", "z-score").shape == (3,)
    assert grid.r2_dirty < 0 < grid.r2_clean
    # A value between grid points (a slider set by code) selects the nearest one.
    assert grid.point("median", "IQR", 3.2) is point
    with pytest.raises(ValueError, match=r"threshold must be in \[1.5, 4.5\]"):
        grid.point("median", "IQR", 6.0)
    with pytest.raises(ValueError, match="unknown imputation strategy"):
        grid.point("knn", "IQR", 3.0)
    with pytest.raises(ValueError, match="thresholds must be positive"):
        cleaning_widget.cleaning_grid(data, valid, thresholds=[0, 1])


def test_plots_have_titles_and_labels(grid):
    ax = cleaning_widget.plot_before_after(
        grid.before["area_m2"], [], grid.truth["area_m2"], column="area_m2"
    )
    assert ax.get_title() and "m²" in ax.get_xlabel() and ax.get_ylabel()
    ax = cleaning_widget.plot_score_curves(
        grid, imputation="mean", rule="IQR", threshold=3.0
    )
    assert ax.get_title() and ax.get_xlabel() and "R²" in ax.get_ylabel()


def test_widget_redraws_for_every_control(grid):
    w = cleaning_widget.build_cleaning_widget(grid=grid)
    assert w.error is None and w.n_draws == 1
    first = w.summary.value
    state = set_and_check_redraw(w, "threshold t", 1.5)
    assert state["summary"] != first
    expected = grid.point("model", "IQR", 1.5)
    assert f"validation R² <b>{expected.r2:.3f}</b>" in state["summary"]
    state = set_and_check_redraw(w, "imputation", "drop columns")
    assert f"{grid.point('drop columns', 'IQR', 1.5).r2:.3f}" in state["summary"]
    state = set_and_check_redraw(w, "outlier rule", "none")
    assert "none flagged" in state["summary"]
    set_and_check_redraw(w, "show column", "price_k")
    set_and_check_redraw(w, "outlier rule", "z-score")
    assert len(w.latencies) == w.n_draws == 6


def test_widget_builds_with_no_arguments(tmp_cache, capsys):
    w = cleaning_widget.build_cleaning_widget()
    assert "computed cleaning_grid" in capsys.readouterr().out
    assert w.error is None
    slider = w.controls["threshold t"]
    assert (slider.min, slider.max) == (1.0, 5.0)
    set_and_check_redraw(w, "threshold t", slider.max)
    cleaning_widget.build_cleaning_widget()
    assert "loaded cleaning_grid from cache" in capsys.readouterr().out
