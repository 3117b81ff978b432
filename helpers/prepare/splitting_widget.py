"""Splitting, part 2 (lesson 04): the widget's precomputed grid, plots and widget.

:func:`split_grid` measures every split ratio x k x strategy over seeds once;
:func:`build_splitting_widget` only selects a precomputed view and redraws.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from sklearn.datasets import load_breast_cancer

from helpers.core.cache import cached
from helpers.core.config import pick
from helpers.core.validation import check_choice
from helpers.prepare.splitting import (
    SPLITS,
    STRATEGIES,
    default_model,
    make_cv,
    split_sizes,
    three_way_split,
)
from helpers.ui.plots import color_for, label_axes, new_ax

# -------------------------------------------------------------------------- widget

VAL_FRACTIONS = (0.10, 0.15, 0.20)
TEST_FRACTIONS = (0.10, 0.15, 0.20)
K_VALUES = tuple(range(2, 11))


@dataclass(frozen=True)
class SplitGrid:
    """The widget's precomputed results on breast-cancer data, over ``n_seeds`` seeds.

    ``test_acc[(val, test, strategy)]``: test accuracy per seed, shape ``(n_seeds,)``;
    ``shares[(val, test, strategy)]``: share of the minority class in train /
    validation / test, shape ``(n_seeds, 3)``; ``cv_acc[k]``: stratified k-fold mean
    accuracy per seed (the strategy choice applies to the single split).
    """

    test_acc: dict[tuple[float, float, str], np.ndarray]
    shares: dict[tuple[float, float, str], np.ndarray]
    cv_acc: dict[int, np.ndarray]
    overall_share: float
    n_samples: int
    n_seeds: int


def split_grid(
    X: np.ndarray | None = None,
    y: np.ndarray | None = None,
    *,
    n_seeds: int = 20,
    ks: tuple[int, ...] = K_VALUES,
) -> SplitGrid:
    """Fit the model for every ratio, strategy, k and seed (the widget's heavy part)."""
    if X is None or y is None:
        X, y = load_breast_cancer(return_X_y=True)
    if n_seeds < 2:
        raise ValueError(f"n_seeds must be at least 2, got {n_seeds}")
    classes, counts = np.unique(y, return_counts=True)
    minority = classes[np.argmin(counts)]
    test_acc, shares, cv_acc = {}, {}, {}
    for strategy in STRATEGIES:
        for v in VAL_FRACTIONS:
            for t in TEST_FRACTIONS:
                accs, sh = [], []
                for seed in range(n_seeds):
                    sp = three_way_split(
                        y, ratios=(1 - v - t, v, t), strategy=strategy, seed=seed
                    )
                    model = default_model().fit(X[sp.train], y[sp.train])
                    accs.append(model.score(X[sp.test], y[sp.test]))
                    sh.append(
                        [np.mean(y[ix] == minority) for ix in sp.parts().values()]
                    )
                test_acc[(v, t, strategy)] = np.array(accs)
                shares[(v, t, strategy)] = np.array(sh)  # (n_seeds, 3)
    for k in ks:  # cross-validation: always stratified k-fold, as recommended
        cv_acc[k] = np.array([cv_mean(X, y, k=k, seed=s) for s in range(n_seeds)])
    return SplitGrid(
        test_acc, shares, cv_acc, float(np.mean(y == minority)), len(y), n_seeds
    )


def cv_mean(X: np.ndarray, y: np.ndarray, *, k: int, seed: int) -> float:
    """Stratified k-fold mean accuracy of :func:`default_model` (no joblib overhead)."""
    scores = [
        default_model().fit(X[tr], y[tr]).score(X[te], y[te])
        for tr, te in make_cv("stratified", k=k, seed=seed).split(X, y)
    ]
    return float(np.mean(scores))


@dataclass(frozen=True)
class SplitView:
    """One widget setting: the test estimates and class shares across seeds."""

    ratios: tuple[float, float, float]
    k: int
    strategy: str
    n_test: int
    test_acc: np.ndarray
    cv_acc: np.ndarray
    shares: np.ndarray
    overall_share: float

    @property
    def test_std(self) -> float:
        return float(np.std(self.test_acc))

    @property
    def cv_std(self) -> float:
        return float(np.std(self.cv_acc))

    @property
    def share_spread(self) -> np.ndarray:
        """max - min of the minority share across seeds, per split: ``(3,)``."""
        return np.ptp(self.shares, axis=0)

    def to_html(self) -> str:
        r = self.ratios
        spread = ", ".join(
            f"{n} {s:.3f}" for n, s in zip(SPLITS, self.share_spread, strict=True)
        )
        return (
            f"{self.strategy} split {r[0]:.0%} / {r[1]:.0%} / {r[2]:.0%} "
            f"({self.n_test} test samples): mean test accuracy "
            f"{np.mean(self.test_acc):.3f}, "
            f"std across {len(self.test_acc)} seeds <b>{self.test_std:.4f}</b>; "
            f"{self.k}-fold CV std <b>{self.cv_std:.4f}</b><br>"
            f"minority-class share spread (max - min over seeds): {spread}"
        )


def split_view(
    grid: SplitGrid, *, validation: float, test: float, k: int, strategy: str
) -> SplitView:
    """Select one setting from the grid (the widget's pure function)."""
    check_choice("strategy", strategy, STRATEGIES)
    v = _snap(validation, VAL_FRACTIONS, "validation")
    t = _snap(test, TEST_FRACTIONS, "test")
    if k not in grid.cv_acc:
        raise ValueError(f"k must be one of {sorted(grid.cv_acc)}, got {k}")
    n_test = split_sizes(grid.n_samples, (1 - v - t, v, t))[2]
    return SplitView(
        (1 - v - t, v, t),
        k,
        strategy,
        n_test,
        grid.test_acc[(v, t, strategy)],
        grid.cv_acc[k],
        grid.shares[(v, t, strategy)],
        grid.overall_share,
    )


def _snap(value: float, options: tuple[float, ...], name: str) -> float:
    for option in options:
        if abs(value - option) < 1e-9:
            return option
    raise ValueError(f"{name} fraction must be one of {list(options)}, got {value}")


def plot_estimates(view: SplitView, *, ax: Axes | None = None) -> Axes:
    """Test accuracy of a single split vs the k-fold mean, across seeds."""
    ax = new_ax(ax)
    bins = np.linspace(0.85, 1.0, 31)
    ax.hist(
        view.test_acc,
        bins=bins,
        histtype="stepfilled",
        alpha=0.6,
        color=color_for("test"),
        label=f"one test split (std {view.test_std:.3f})",
    )
    ax.hist(
        view.cv_acc,
        bins=bins,
        histtype="stepfilled",
        alpha=0.6,
        color=color_for("validation"),
        label=f"{view.k}-fold CV (std {view.cv_std:.3f})",
    )
    ax.legend(loc="upper left", fontsize="small")
    return label_axes(
        ax,
        title="Accuracy estimate across seeds",
        xlabel="estimated accuracy",
        ylabel="number of seeds",
    )


def plot_class_balance(view: SplitView, *, ax: Axes | None = None) -> Axes:
    """Minority-class share of each split, one dot per seed."""
    ax = new_ax(ax)
    jitter = np.linspace(-0.2, 0.2, len(view.shares))
    for i, name in enumerate(SPLITS):
        ax.plot(
            i + jitter, view.shares[:, i], "o", ms=4, alpha=0.7, color=color_for(name)
        )
    ax.axhline(
        view.overall_share,
        color=color_for("baseline"),
        ls="--",
        lw=1,
        label="share in all data",
    )
    ax.set_xticks(
        range(3), [f"{n}\n{r:.0%}" for n, r in zip(SPLITS, view.ratios, strict=True)]
    )
    ax.set_ylim(view.overall_share - 0.2, view.overall_share + 0.2)
    ax.legend(loc="upper right", fontsize="small")
    return label_axes(
        ax,
        title=f"Class balance per split ({view.strategy})",
        xlabel="split",
        ylabel="share of malignant cases",
    )


def build_splitting_widget(*, n_seeds: int | None = None) -> Any:
    """Split ratios, k and strategy: the estimate's spread and each split's balance."""
    from helpers.ui.widgets import InteractiveFigure, slider, toggle

    n_seeds = n_seeds or pick(normal=20, fast=8)
    grid = cached(
        "splitting_grid",
        lambda: split_grid(n_seeds=n_seeds),
        params={"n_seeds": n_seeds, "version": 1},
        verbose=False,
    )

    def draw(axes: np.ndarray, p: dict[str, Any]) -> str:
        view = split_view(
            grid,
            validation=round(p["validation"], 2),
            test=round(p["test"], 2),
            k=p["k"],
            strategy=p["strategy"],
        )
        plot_estimates(view, ax=axes[0, 0])
        plot_class_balance(view, ax=axes[0, 1])
        return view.to_html()

    controls = {
        "validation": slider(
            "validation fraction", min=0.10, max=0.20, step=0.05, value=0.15
        ),
        "test": slider("test fraction", min=0.10, max=0.20, step=0.05, value=0.15),
        "k": slider("k (folds)", min=2, max=10, step=1, value=5, integer=True),
        "strategy": toggle("split", list(STRATEGIES), value="random"),
    }
    return InteractiveFigure(
        controls,
        draw,
        ncols=2,
        figsize=(9.5, 3.6),
        adjust={
            "left": 0.08,
            "right": 0.98,
            "bottom": 0.2,
            "top": 0.88,
            "wspace": 0.28,
        },
    )
