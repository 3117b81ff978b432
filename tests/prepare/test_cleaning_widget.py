"""Tests of prepare.cleaning_widget: every control redraws from the precomputed grid."""

from __future__ import annotations

import pytest
from widget_checks import fresh_image, set_and_check_redraw

from helpers.prepare import cleaning_widget


def test_widget_redraws_for_every_control(clean_grid):
    grid = clean_grid
    w = cleaning_widget.build_cleaning_widget(grid=grid)
    assert w.state is grid
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
    assert w.axes[0, 0].get_title().startswith("price_k")
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


def test_widget_refuses_a_bad_grid_or_seed():
    with pytest.raises(TypeError, match="grid must be a CleaningGrid"):
        cleaning_widget.build_cleaning_widget(grid={"thresholds": [1]})
    with pytest.raises(ValueError, match="seed must be an integer"):
        cleaning_widget.build_cleaning_widget(seed=-2)


def test_in_place_redraws_look_like_a_full_draw(clean_grid):
    w = cleaning_widget.build_cleaning_widget(grid=clean_grid)
    for control, value in [
        ("outlier rule", "none"),  # the point goes
        ("imputation", "drop columns"),
        ("show column", "age_years"),
        ("outlier rule", "isolation forest"),  # and comes back, bold in the legend
        ("threshold t", 4.5),
    ]:
        set_and_check_redraw(w, control, value)
    fresh = fresh_image(cleaning_widget.build_cleaning_widget, w, grid=clean_grid)
    assert w.image.value == fresh
