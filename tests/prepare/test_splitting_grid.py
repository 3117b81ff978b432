"""Tests of prepare.splitting_grid: the grid over ratios, strategies, k and seeds."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.prepare import splitting, splitting_grid


def test_grid_entries_equal_a_direct_fit(cancer, split_grid):
    X, y = cancer
    sp = splitting.three_way_split(
        y, ratios=(0.7, 0.15, 0.15), strategy="stratified", seed=3
    )
    model = splitting.default_model().fit(X[sp.train], y[sp.train])
    acc = split_grid.test_acc[(0.15, 0.15, "stratified")]
    assert acc.shape == (4,)
    assert acc[3] == pytest.approx(model.score(X[sp.test], y[sp.test]))
    assert split_grid.cv_acc[5][1] == pytest.approx(
        splitting.cv_mean(X, y, k=5, seed=1)
    )
    assert split_grid.overall_share == pytest.approx(np.mean(y == 0))  # malignant


def test_split_view_selects_from_the_grid(split_grid):
    grid = split_grid
    view = splitting_grid.split_view(
        grid, validation=0.1, test=0.2, k=5, strategy="random"
    )
    np.testing.assert_array_equal(view.test_acc, grid.test_acc[(0.1, 0.2, "random")])
    assert view.ratios == pytest.approx((0.7, 0.1, 0.2))
    assert view.n_test == 114 and view.shares.shape == (4, 3)
    assert view.test_std == pytest.approx(np.std(view.test_acc))
    assert "(114 test samples)" in view.to_html()
    strat = splitting_grid.split_view(
        grid, validation=0.1, test=0.2, k=5, strategy="stratified"
    )
    assert strat.share_spread.max() < view.share_spread.max()


def test_split_view_refuses_settings_off_the_grid(split_grid):
    with pytest.raises(ValueError, match="test fraction must be one of"):
        splitting_grid.split_view(
            split_grid, validation=0.1, test=0.3, k=5, strategy="random"
        )
    with pytest.raises(ValueError, match="validation fraction must be a finite"):
        splitting_grid.split_view(
            split_grid, validation=float("nan"), test=0.1, k=5, strategy="random"
        )
    with pytest.raises(ValueError, match="k must be one of"):
        splitting_grid.split_view(
            split_grid, validation=0.1, test=0.1, k=3, strategy="random"
        )
    with pytest.raises(ValueError, match="unknown strategy"):
        splitting_grid.split_view(
            split_grid, validation=0.1, test=0.1, k=5, strategy="time"
        )
    with pytest.raises(TypeError, match="grid must be a SplitGrid"):
        splitting_grid.split_view(
            None, validation=0.1, test=0.1, k=5, strategy="random"
        )


def test_split_grid_refuses_bad_input(cancer):
    X, y = cancer
    with pytest.raises(ValueError, match="n_seeds must be an integer"):
        splitting_grid.split_grid(X, y, n_seeds=1)
    with pytest.raises(ValueError, match="pass both X and y"):
        splitting_grid.split_grid(X)
    with pytest.raises(ValueError, match="X and y must have the same length"):
        splitting_grid.split_grid(X, y[:-1], n_seeds=2)
    with pytest.raises(ValueError, match=r"k must be an integer in \[2, 20\]"):
        splitting_grid.split_grid(X, y, n_seeds=2, ks=(1,))


def test_split_records_refuse_impossible_values(split_grid):
    fields = {f: getattr(split_grid, f) for f in split_grid.__dataclass_fields__}
    with pytest.raises(ValueError, match=r"overall_share must be in \[0, 1\]"):
        splitting_grid.SplitGrid(**{**fields, "overall_share": 1.5})
    view = splitting_grid.split_view(
        split_grid, validation=0.1, test=0.2, k=5, strategy="random"
    )
    fields = {f: getattr(view, f) for f in view.__dataclass_fields__}
    with pytest.raises(ValueError, match="ratios must sum to 1"):
        splitting_grid.SplitView(**{**fields, "ratios": (0.5, 0.1, 0.1)})
    with pytest.raises(ValueError, match="test_acc and shares must have the same"):
        splitting_grid.SplitView(**{**fields, "test_acc": view.test_acc[:-1]})
    with pytest.raises(ValueError, match="cv_acc must hold finite numbers"):
        splitting_grid.SplitView(**{**fields, "cv_acc": view.cv_acc * np.nan})
