"""Tests of prepare.features_widget: the feature grid and the lesson 03 widget."""

from __future__ import annotations

import pandas as pd
import pytest
from sklearn.model_selection import StratifiedKFold, cross_val_score
from widget_checks import set_and_check_redraw

from helpers.core import config
from helpers.prepare import features, features_widget


@pytest.fixture(scope="module")
def shop() -> pd.DataFrame:
    return features.make_shop_table(seed=0)


@pytest.fixture(scope="module")
def grid(shop) -> features_widget.FeatureGrid:
    return features_widget.feature_grid(shop, components=(1, 2, 3), n_splits=3)


# -------------------------------------------------------------------------- widget


def test_feature_result_selects_from_the_grid(grid):
    r = features_widget.feature_result(
        grid, scaler="standard", encoder="one-hot", n_components=2
    )
    assert r.score == grid.scores[("standard", "one-hot", 2)]
    assert r.score_all == grid.scores[("standard", "one-hot", None)]
    assert 0 < r.variance_kept < 1
    kept = [
        features_widget.feature_result(
            grid, scaler="standard", encoder="label", n_components=k
        )
        for k in (1, 2, 3)
    ]
    assert [k.variance_kept for k in kept] == sorted(k.variance_kept for k in kept)
    # Unscaled euros own almost all the variance: PCA sees only income.
    none = features_widget.feature_result(
        grid, scaler="none", encoder="one-hot", n_components=1
    )
    assert none.variance_kept > 0.99
    with pytest.raises(ValueError, match="n_components must be None or one of"):
        features_widget.feature_result(
            grid, scaler="standard", encoder="label", n_components=9
        )
    with pytest.raises(ValueError, match="unknown scaler"):
        features_widget.feature_result(
            grid, scaler="robust", encoder="label", n_components=None
        )


def test_feature_grid_scores_match_a_direct_pipeline(shop, grid):
    pipe, X, y = features.make_shop_pipeline(shop, scaler="min-max", n_components=2)
    cv = StratifiedKFold(3, shuffle=True, random_state=0)
    ref = cross_val_score(pipe, X, y, cv=cv).mean()
    assert grid.scores[("min-max", "one-hot", 2)] == pytest.approx(ref)


def test_widget_redraws_and_reports_the_selected_score(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(config, "CACHE_DIR", tmp_path_factory.mktemp("cache"))
        widget = features_widget.build_features_widget()
    assert widget.n_draws == 1 and widget.error is None
    state = set_and_check_redraw(widget, "pca", 2)
    assert "2 components" in state["summary"]
    state = set_and_check_redraw(widget, "scaler", "none")
    assert "none + one-hot" in state["summary"]
    state = set_and_check_redraw(widget, "encoder", "label")
    assert "none + label" in state["summary"]
    assert widget.controls["pca"].options[0][1] is None  # "all (no PCA)" first
