"""Tests of prepare.splitting_widget: CV means, the split grid and its widget."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import cross_val_score
from widget_checks import set_and_check_redraw

from helpers.core import config
from helpers.prepare import splitting, splitting_widget


@pytest.fixture(scope="module")
def cancer() -> tuple[np.ndarray, np.ndarray]:
    return load_breast_cancer(return_X_y=True)


@pytest.fixture(scope="module")
def grid(cancer) -> splitting_widget.SplitGrid:
    X, y = cancer
    return splitting_widget.split_grid(X, y, n_seeds=4, ks=(2, 5))


# -------------------------------------------------------------- cross-validation


def test_cv_mean_equals_cross_val_score(cancer):
    X, y = cancer
    ref = cross_val_score(
        splitting.default_model(), X, y, cv=splitting.make_cv("stratified", k=5, seed=2)
    )
    assert splitting_widget.cv_mean(X, y, k=5, seed=2) == pytest.approx(ref.mean())


# -------------------------------------------------------------------------- widget


def test_split_view_selects_from_the_grid(grid):
    view = splitting_widget.split_view(
        grid, validation=0.1, test=0.2, k=5, strategy="random"
    )
    np.testing.assert_array_equal(view.test_acc, grid.test_acc[(0.1, 0.2, "random")])
    assert view.ratios == pytest.approx((0.7, 0.1, 0.2))
    assert view.n_test == 114 and view.shares.shape == (4, 3)
    strat = splitting_widget.split_view(
        grid, validation=0.1, test=0.2, k=5, strategy="stratified"
    )
    assert strat.share_spread.max() < view.share_spread.max()
    with pytest.raises(ValueError, match="test fraction must be one of"):
        splitting_widget.split_view(
            grid, validation=0.1, test=0.3, k=5, strategy="random"
        )
    with pytest.raises(ValueError, match="k must be one of"):
        splitting_widget.split_view(
            grid, validation=0.1, test=0.1, k=3, strategy="random"
        )
    with pytest.raises(ValueError, match="unknown strategy"):
        splitting_widget.split_view(
            grid, validation=0.1, test=0.1, k=5, strategy="time"
        )


def test_widget_redraws_for_every_control(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(config, "CACHE_DIR", tmp_path_factory.mktemp("cache"))
        widget = splitting_widget.build_splitting_widget(n_seeds=4)
    assert widget.n_draws == 1 and widget.error is None
    state = set_and_check_redraw(widget, "test", 0.2)
    assert "(114 test samples)" in state["summary"]
    state = set_and_check_redraw(widget, "validation", 0.1)
    assert "70% / 10% / 20%" in state["summary"]
    state = set_and_check_redraw(widget, "k", 10)
    assert "10-fold CV" in state["summary"]
    state = set_and_check_redraw(widget, "strategy", "stratified")
    assert state["summary"].startswith("stratified split")
