"""Tests of prepare.features_widget: every control redraws from the precomputed grid."""

from __future__ import annotations

import pytest
from widget_checks import fresh_image, set_and_check_redraw

from helpers.prepare import features_grid, features_widget


def test_widget_redraws_and_reports_the_selected_score(tmp_cache):
    widget = features_widget.build_features_widget()
    assert widget.n_draws == 1 and widget.error is None
    grid = widget.state
    assert isinstance(grid, features_grid.FeatureGrid)
    state = set_and_check_redraw(widget, "pca", 2)
    assert "2 components" in state["summary"]
    assert f"{grid.scores[('standard', 'one-hot', 2)]:.3f}" in state["summary"]
    state = set_and_check_redraw(widget, "scaler", "none")
    assert "none + one-hot" in state["summary"]
    assert widget.axes[0, 0].get_title().startswith("2-D view: none + one-hot")
    state = set_and_check_redraw(widget, "encoder", "label")
    assert "none + label" in state["summary"]
    assert widget.controls["pca"].options[0][1] is None  # "all (no PCA)" first


def test_widget_refuses_a_bad_seed():
    with pytest.raises(TypeError, match="seed must be an integer"):
        features_widget.build_features_widget(seed="0")


def test_in_place_redraws_look_like_a_full_draw(tmp_cache):
    widget = features_widget.build_features_widget()
    for control, value in [("scaler", "min-max"), ("encoder", "label"), ("pca", 2)]:
        set_and_check_redraw(widget, control, value)
    fresh = fresh_image(features_widget.build_features_widget, widget)
    assert widget.image.value == fresh
