"""Tests of prepare.splitting_widget: each control redraws from the precomputed grid."""

from __future__ import annotations

import pytest
from widget_checks import fresh_image, set_and_check_redraw

from helpers.prepare import splitting_grid, splitting_widget


def test_widget_redraws_for_every_control(tmp_cache):
    widget = splitting_widget.build_splitting_widget(n_seeds=4)
    assert widget.n_draws == 1 and widget.error is None
    grid = widget.state
    assert isinstance(grid, splitting_grid.SplitGrid) and grid.n_seeds == 4
    state = set_and_check_redraw(widget, "test", 0.2)
    assert "(114 test samples)" in state["summary"]
    state = set_and_check_redraw(widget, "validation", 0.1)
    assert "70% / 10% / 20%" in state["summary"]
    state = set_and_check_redraw(widget, "k", 10)
    assert "10-fold CV" in state["summary"]
    view = splitting_grid.split_view(
        grid, validation=0.1, test=0.2, k=10, strategy="random"
    )
    assert f"<b>{view.cv_std:.4f}</b>" in state["summary"]
    state = set_and_check_redraw(widget, "strategy", "stratified")
    assert state["summary"].startswith("stratified split")
    assert widget.axes[0, 1].get_title() == "Class balance per split (stratified)"


def test_widget_refuses_too_few_seeds():
    with pytest.raises(ValueError, match="n_seeds must be an integer"):
        splitting_widget.build_splitting_widget(n_seeds=1)


def test_in_place_redraws_look_like_a_full_draw(tmp_cache):
    widget = splitting_widget.build_splitting_widget(n_seeds=4)
    for control, value in [("k", 3), ("strategy", "stratified"), ("test", 0.1)]:
        set_and_check_redraw(widget, control, value)
    fresh = fresh_image(splitting_widget.build_splitting_widget, widget, n_seeds=4)
    assert widget.image.value == fresh
