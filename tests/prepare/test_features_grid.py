"""Tests of prepare.features_grid: the scaler x encoder x PCA grid and its selection."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.model_selection import StratifiedKFold, cross_val_score

from helpers.prepare import features, features_grid


def test_feature_result_selects_from_the_grid(feature_grid):
    grid = feature_grid
    r = features_grid.feature_result(
        grid, scaler="standard", encoder="one-hot", n_components=2
    )
    assert r.score == grid.scores[("standard", "one-hot", 2)]
    assert r.score_all == grid.scores[("standard", "one-hot", None)]
    assert 0 < r.variance_kept < 1
    assert "PCA 2 components" in r.to_html() and f"{r.score:.3f}" in r.to_html()
    kept = [
        features_grid.feature_result(
            grid, scaler="standard", encoder="label", n_components=k
        )
        for k in (1, 2, 3)
    ]
    assert [k.variance_kept for k in kept] == sorted(k.variance_kept for k in kept)
    # Unscaled euros own almost all the variance: PCA sees only income.
    none = features_grid.feature_result(
        grid, scaler="none", encoder="one-hot", n_components=1
    )
    assert none.variance_kept > 0.99
    assert grid.views[("standard", "label")].shape == (len(grid.y_view), 2)


def test_feature_result_refuses_bad_settings(feature_grid):
    with pytest.raises(ValueError, match="n_components must be None or one of"):
        features_grid.feature_result(
            feature_grid, scaler="standard", encoder="label", n_components=9
        )
    with pytest.raises(ValueError, match="n_components must be None or one of"):
        features_grid.feature_result(
            feature_grid, scaler="standard", encoder="label", n_components=True
        )
    with pytest.raises(ValueError, match="unknown scaler"):
        features_grid.feature_result(
            feature_grid, scaler="robust", encoder="label", n_components=None
        )
    with pytest.raises(TypeError, match="grid must be a FeatureGrid"):
        features_grid.feature_result(
            {}, scaler="standard", encoder="label", n_components=None
        )


def test_feature_grid_scores_match_a_direct_pipeline(shop_table, feature_grid):
    pipe, X, y = features.make_shop_pipeline(
        shop_table, scaler="min-max", n_components=2
    )
    cv = StratifiedKFold(3, shuffle=True, random_state=0)
    ref = cross_val_score(pipe, X, y, cv=cv).mean()
    assert feature_grid.scores[("min-max", "one-hot", 2)] == pytest.approx(ref)


def test_feature_grid_refuses_bad_input(shop_table):
    with pytest.raises(ValueError, match=r"n_splits must be an integer in \[2, 10\]"):
        features_grid.feature_grid(shop_table, n_splits=1)
    with pytest.raises(ValueError, match="component count must be an integer"):
        features_grid.feature_grid(shop_table, components=(0,))
    with pytest.raises(ValueError, match="empty"):
        features_grid.feature_grid(shop_table.iloc[:0])
    with pytest.raises(ValueError, match="seed must be an integer"):
        features_grid.feature_grid(shop_table, seed=-1)


def test_feature_records_refuse_impossible_values(feature_grid):
    fields = {f: getattr(feature_grid, f) for f in feature_grid.__dataclass_fields__}
    with pytest.raises(ValueError, match="n_splits must be an integer"):
        features_grid.FeatureGrid(**{**fields, "n_splits": 1})
    with pytest.raises(ValueError, match="components must hold finite numbers"):
        features_grid.FeatureGrid(**{**fields, "components": [1.0, np.nan]})
    with pytest.raises(ValueError, match="y_view must hold integer class labels"):
        features_grid.FeatureGrid(**{**fields, "y_view": fields["y_view"] + 0.5})
    result = features_grid.feature_result(
        feature_grid, scaler="none", encoder="label", n_components=None
    )
    fields = {f: getattr(result, f) for f in result.__dataclass_fields__}
    with pytest.raises(ValueError, match=r"score must be in \[0, 1\]"):
        features_grid.FeatureResult(**{**fields, "score": 1.2})
    with pytest.raises(ValueError, match="unknown encoder 'hash'"):
        features_grid.FeatureResult(**{**fields, "encoder": "hash"})
