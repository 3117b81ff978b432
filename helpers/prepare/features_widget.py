"""The features widget of lesson 03: scaler, encoder and PCA size -> the score.

:func:`build_features_widget` loads (or computes) the
:class:`~helpers.prepare.features_grid.FeatureGrid` once; moving a control only
selects a precomputed result and redraws it with :mod:`helpers.prepare.features_plots`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from helpers.core.cache import cached
from helpers.core.validation import check_int
from helpers.prepare.features import ENCODERS, SCALERS
from helpers.prepare.features_grid import feature_grid, feature_result
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
        plot_feature_view(grid, scaler=p["scaler"], encoder=p["encoder"], ax=axes[0, 0])
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
    )
