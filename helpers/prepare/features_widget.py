"""The features widget of lesson 03: scaler, encoder and PCA size -> the score.

:func:`build_features_widget` loads (or computes) the
:class:`~helpers.prepare.features_grid.FeatureGrid` once; moving a control only
selects a precomputed result and redraws it with :mod:`helpers.prepare.features_plots`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes

from helpers.core.cache import cached
from helpers.core.validation import check_int
from helpers.prepare.features import ENCODERS, SCALERS
from helpers.prepare.features_grid import (
    FeatureGrid,
    FeatureResult,
    feature_grid,
    feature_result,
)
from helpers.prepare.features_plots import plot_feature_view, plot_scores_by_components
from helpers.ui.widgets import (
    DEFAULT_ADJUST,
    InteractiveFigure,
    dropdown,
    toggle,
)


def build_features_widget(*, seed: int = 0) -> InteractiveFigure:
    """Pick scaler / encoder / PCA components; see the 2-D view and the score.

    The grid (3-fold cross-validation: the widget compares settings, 5 folds would
    only sharpen the third decimal) is computed once or loaded from the cache
    and is the widget's :attr:`~helpers.ui.widgets.LessonWidget.state`.
    """
    seed = check_int("seed", seed, low=0)
    n_splits = 3
    grid = cached(
        "features_grid",
        lambda: feature_grid(n_splits=n_splits, seed=seed),
        params={"seed": seed, "n_splits": n_splits},
        verbose=False,
    )

    def draw(axes: np.ndarray, p: dict[str, Any]) -> str:
        result = feature_result(
            grid, scaler=p["scaler"], encoder=p["encoder"], n_components=p["pca"]
        )
        if axes[0, 0].has_data():  # drawn before: update in place
            _move_feature_view(axes[0, 0], grid, p["scaler"], p["encoder"])
            _move_scores(axes[0, 1], grid, result)
        else:
            plot_feature_view(
                grid, scaler=p["scaler"], encoder=p["encoder"], ax=axes[0, 0]
            )
            plot_scores_by_components(grid, current=result, ax=axes[0, 1])
        return result.to_html()

    pca_options = [("all (no PCA)", None)] + [(str(k), k) for k in grid.components]
    controls = {
        "scaler": toggle("scaler", list(SCALERS), value="standard"),
        "encoder": toggle("encoder", list(ENCODERS), value="one-hot"),
        "pca": dropdown("PCA components", pca_options, value=None),
    }
    return InteractiveFigure(
        controls,
        draw,
        ncols=2,
        figsize=(9.5, 3.6),
        adjust={**DEFAULT_ADJUST, "left": 0.09, "top": 0.88},
        state=grid,
        clear=False,
    )


def _move_feature_view(ax: Axes, grid: FeatureGrid, scaler: str, encoder: str) -> None:
    """Redraw :func:`plot_feature_view` in place for another preprocessing."""
    Z = grid.views[(scaler, encoder)]  # (n, 2)
    for c, line in enumerate(ax.lines):  # no premium, premium
        m = grid.y_view == c
        line.set_data(Z[m, 0], Z[m, 1])
    ax.relim()
    ax.autoscale_view()
    kept = grid.variance[(scaler, encoder)][1]
    ax.set_title(f"2-D view: {scaler} + {encoder} ({kept:.0%} of variance)")


def _move_scores(ax: Axes, grid: FeatureGrid, current: FeatureResult) -> None:
    """Redraw :func:`plot_scores_by_components` in place: the encoder's curves, the
    chosen scaler in bold (in the legend too) and the circled pick."""
    ks = list(grid.components)
    keys = ax.get_legend().legend_handles
    for s, line, key in zip(SCALERS, ax.lines, keys, strict=False):
        line.set_ydata([grid.scores[(s, current.encoder, k)] for k in (*ks, None)])
        bold = s == current.scaler
        for artist in (line, key):
            artist.set_linewidth(2.2 if bold else 1.0)
            artist.set_alpha(1.0 if bold else 0.5)
    pos = len(ks) if current.n_components is None else ks.index(current.n_components)
    ax.lines[-1].set_data([pos], [current.score])
    ax.set_title(f"Score by PCA size ({current.encoder} encoding)")
