"""Features, part 2 (lesson 03): the widget's precomputed grid, plots and widget.

:func:`feature_grid` scores every scaler x encoder x number of PCA components once;
:func:`build_features_widget` only selects a precomputed result and redraws.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from sklearn.decomposition import PCA
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import StratifiedKFold, cross_val_score

from helpers.core.cache import cached
from helpers.core.config import pick
from helpers.core.validation import check_choice
from helpers.prepare.features import (
    ENCODERS,
    SCALERS,
    make_shop_pipeline,
    make_shop_table,
)
from helpers.ui.plots import class_colors, color_for, label_axes, new_ax

# -------------------------------------------------------------------------- widget

_VIEW_POINTS = 300


@dataclass(frozen=True)
class FeatureGrid:
    """Everything the widget shows, precomputed for each scaler x encoder x PCA size.

    ``scores[(scaler, encoder, k)]`` is ``n_splits``-fold accuracy (``k=None``: no PCA);
    ``variance[(scaler, encoder)]`` the cumulative explained-variance ratio;
    ``views[(scaler, encoder)]`` a 2-D PCA view of ``y_view``'s rows.
    """

    scores: dict[tuple[str, str, int | None], float]
    variance: dict[tuple[str, str], np.ndarray]
    views: dict[tuple[str, str], np.ndarray]
    y_view: np.ndarray
    components: tuple[int, ...]
    n_splits: int


@dataclass(frozen=True)
class FeatureResult:
    """One widget setting: its score, the no-PCA score, and the variance PCA kept."""

    scaler: str
    encoder: str
    n_components: int | None
    score: float
    score_all: float
    variance_kept: float

    def to_html(self) -> str:
        pca = (
            "all features"
            if self.n_components is None
            else (
                f"PCA {self.n_components} components "
                f"({self.variance_kept:.0%} of variance)"
            )
        )
        return (
            f"{self.scaler} + {self.encoder}, {pca}: cross-validated accuracy "
            f"<b>{self.score:.3f}</b> (all features: {self.score_all:.3f}, "
            f"change {self.score - self.score_all:+.3f})"
        )


def feature_grid(
    df: pd.DataFrame | None = None,
    *,
    components: tuple[int, ...] = (1, 2, 3, 4, 5, 6),
    n_splits: int = 5,
    seed: int = 0,
) -> FeatureGrid:
    """Fit every scaler x encoder x PCA setting once (the widget's heavy part).

    Scores are ``n_splits``-fold cross-validated accuracies of logistic regression.
    """
    df = make_shop_table(seed=seed) if df is None else df
    if not 2 <= n_splits <= 10:
        raise ValueError(f"n_splits must be in [2, 10], got {n_splits}")
    cv = StratifiedKFold(n_splits, shuffle=True, random_state=seed)
    scores, variance, views = {}, {}, {}
    view_rows = np.random.default_rng(seed).permutation(len(df))[:_VIEW_POINTS]
    for s in SCALERS:
        for e in ENCODERS:
            for k in (None, *components):
                pipe, X, y = make_shop_pipeline(df, scaler=s, encoder=e, n_components=k)
                with warnings.catch_warnings():  # unscaled euros slow the solver down
                    warnings.simplefilter("ignore", ConvergenceWarning)
                    scores[(s, e, k)] = float(cross_val_score(pipe, X, y, cv=cv).mean())
            # A picture only (no score): preprocessing fitted on every row is fine here.
            Z = pipe.named_steps["prep"].fit_transform(X)
            pca = PCA().fit(Z)
            variance[(s, e)] = np.cumsum(pca.explained_variance_ratio_)
            views[(s, e)] = pca.transform(Z[view_rows])[:, :2]  # (n_view, 2)
    return FeatureGrid(
        scores, variance, views, y[view_rows], tuple(components), n_splits
    )


def feature_result(
    grid: FeatureGrid, *, scaler: str, encoder: str, n_components: int | None
) -> FeatureResult:
    """Select one setting from the grid (the widget's pure function)."""
    check_choice("scaler", scaler, SCALERS)
    check_choice("encoder", encoder, ENCODERS)
    if n_components is not None and n_components not in grid.components:
        raise ValueError(
            f"n_components must be None or one of {list(grid.components)}, "
            f"got {n_components}"
        )
    kept = grid.variance[(scaler, encoder)]
    return FeatureResult(
        scaler,
        encoder,
        n_components,
        grid.scores[(scaler, encoder, n_components)],
        grid.scores[(scaler, encoder, None)],
        1.0 if n_components is None else float(kept[n_components - 1]),
    )


def plot_feature_view(
    grid: FeatureGrid, *, scaler: str, encoder: str, ax: Axes | None = None
) -> Axes:
    """The customers on the first two principal components after preprocessing."""
    ax = new_ax(ax)
    Z = grid.views[(scaler, encoder)]
    colors = class_colors(2)
    for c, label in [(0, "no premium"), (1, "premium")]:
        m = grid.y_view == c
        # plot() with markers draws faster than scatter(): the widget redraws often
        ax.plot(Z[m, 0], Z[m, 1], "o", ms=2.5, alpha=0.6, color=colors[c], label=label)
    ax.ticklabel_format(style="sci", scilimits=(-3, 4))
    ax.legend(loc="upper right", fontsize="small", markerscale=2)
    kept = grid.variance[(scaler, encoder)][1]
    return label_axes(
        ax,
        title=f"2-D view: {scaler} + {encoder} ({kept:.0%} of variance)",
        xlabel="principal component 1",
        ylabel="principal component 2",
    )


def plot_scores_by_components(
    grid: FeatureGrid, *, current: FeatureResult, ax: Axes | None = None
) -> Axes:
    """Accuracy vs PCA components for every scaler; the current pick is circled."""
    ax = new_ax(ax)
    ks = list(grid.components)
    x = np.arange(len(ks) + 1)
    for s in SCALERS:
        ys = [grid.scores[(s, current.encoder, k)] for k in (*ks, None)]
        bold = s == current.scaler
        ax.plot(
            x,
            ys,
            marker="o",
            ms=4,
            lw=2.2 if bold else 1.0,
            alpha=1.0 if bold else 0.5,
            color=color_for(f"scaler {s}"),
            label=f"scaler: {s}",
        )
    pos = len(ks) if current.n_components is None else ks.index(current.n_components)
    ax.plot(pos, current.score, "o", ms=12, mfc="none", mew=2, color=color_for("wrong"))
    ax.set_xticks(x, [*map(str, ks), "all"])
    ax.set_ylim(0.45, 1.0)
    ax.legend(loc="lower right", fontsize="small")
    return label_axes(
        ax,
        title=f"Score by PCA size ({current.encoder} encoding)",
        xlabel="PCA components kept",
        ylabel=f"{grid.n_splits}-fold accuracy",
    )


def build_features_widget(*, seed: int = 0) -> Any:
    """Pick scaler / encoder / PCA components; see the 2-D view and the score."""
    from helpers.ui.widgets import InteractiveFigure, dropdown, toggle

    n_splits = pick(normal=5, fast=3)
    grid = cached(
        "features_grid",
        lambda: feature_grid(n_splits=n_splits, seed=seed),
        params={"seed": seed, "n_splits": n_splits, "version": 1},
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
        adjust={
            "left": 0.09,
            "right": 0.98,
            "bottom": 0.15,
            "top": 0.88,
            "wspace": 0.28,
        },
    )
