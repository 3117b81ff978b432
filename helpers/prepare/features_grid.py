"""The precomputed results behind lesson 03's widget (compute).

:func:`feature_grid` scores every scaler x encoder x number of PCA components on the
shop table once (a :class:`FeatureGrid`); :func:`feature_result` selects one setting
as a :class:`FeatureResult`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.decomposition import PCA
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import StratifiedKFold, cross_val_score

from helpers.core.validation import (
    check_array,
    check_choice,
    check_int,
    check_labels,
    check_real,
)
from helpers.prepare.features import ENCODERS, SCALERS, make_shop_pipeline
from helpers.prepare.shop import check_shop_table, make_shop_table

_VIEW_POINTS = 300  # customers in the 2-D view: enough to see, quick to redraw


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

    def __post_init__(self) -> None:
        _check_components(self.components)
        check_int("n_splits", self.n_splits, low=2, high=10)
        check_labels("y_view", self.y_view)


@dataclass(frozen=True)
class FeatureResult:
    """One widget setting: its score, the no-PCA score, and the variance PCA kept."""

    scaler: str
    encoder: str
    n_components: int | None
    score: float
    score_all: float
    variance_kept: float

    def __post_init__(self) -> None:
        check_choice("scaler", self.scaler, SCALERS)
        check_choice("encoder", self.encoder, ENCODERS)
        if self.n_components is not None:
            check_int("n_components", self.n_components, low=1)
        for name in ("score", "score_all", "variance_kept"):
            check_real(name, getattr(self, name), low=0, high=1)

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
    ``df`` defaults to the lesson's shop table; each PCA size is at most the number of
    columns label encoding makes (one per feature).
    """
    seed = check_int("seed", seed, low=0)
    df = make_shop_table(seed=seed) if df is None else check_shop_table(df)
    n_splits = check_int("n_splits", n_splits, low=2, high=10)
    components = _check_components(components, high=len(df.columns) - 1)
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
    if not isinstance(grid, FeatureGrid):
        raise TypeError(f"grid must be a FeatureGrid, got {type(grid).__name__}")
    check_choice("scaler", scaler, SCALERS)
    check_choice("encoder", encoder, ENCODERS)
    if n_components is not None and (
        isinstance(n_components, bool) or n_components not in grid.components
    ):
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


def _check_components(components: tuple[int, ...], high: int | None = None) -> tuple:
    """The PCA sizes as a tuple of ints in ``[1, high]``."""
    values = check_array("components", components, ndim=1, dtype=None).tolist()
    return tuple(check_int("component count", k, low=1, high=high) for k in values)
