"""Lesson 04's figures: class balance, the spread of test estimates, time folds.

Plot functions take what :mod:`helpers.prepare.splitting` and
:mod:`helpers.prepare.splitting_grid` computed and draw it on ``ax`` (a new one when
``None``); they return the axes and never show the figure.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from helpers.core.validation import (
    check_array,
    check_frame,
    check_int,
    check_same_length,
)
from helpers.prepare.splitting import SPLITS, STRATEGIES, check_rows
from helpers.prepare.splitting_grid import SplitView
from helpers.ui.plots import color_for, label_axes, new_ax

ESTIMATE_BINS = np.linspace(0.85, 1.0, 31)
"""The accuracy bins of :func:`plot_estimates` (30 bins of width 0.005)."""


def plot_estimates(view: SplitView, *, ax: Axes | None = None) -> Axes:
    """Test accuracy of a single split vs the k-fold mean, across seeds."""
    _check_view(view)
    ax = new_ax(ax)
    for values, split, label in [
        (view.test_acc, "test", f"one test split (std {view.test_std:.3f})"),
        (view.cv_acc, "validation", f"{view.k}-fold CV (std {view.cv_std:.3f})"),
    ]:
        ax.hist(
            values,
            bins=ESTIMATE_BINS,
            histtype="stepfilled",
            alpha=0.6,
            color=color_for(split),
            label=label,
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
    _check_view(view)
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


def plot_balance_gaps(balance: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Largest class-share gap per seed, one row of dots per split strategy.

    ``balance`` is :func:`helpers.prepare.splitting.balance_over_seeds`'s table.
    """
    check_frame(balance, ["strategy", "max_share_gap"], name="balance")
    ax = new_ax(ax, figsize=(7, 3.5))
    for i, strategy in enumerate(STRATEGIES):
        values = balance.loc[balance["strategy"] == strategy, "max_share_gap"]
        jitter = np.linspace(-0.15, 0.15, len(values))
        color = color_for("random" if strategy == "random" else "after")
        ax.plot(values, i + jitter, "o", ms=5, alpha=0.7, color=color)
    ax.set_yticks(range(len(STRATEGIES)), list(STRATEGIES))
    return label_axes(
        ax,
        title="Class balance: largest gap between a split and all data",
        xlabel="largest |class share in split - share in all data|",
        ylabel="split strategy",
    )


def plot_spread_vs_size(by_size: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Measured spread of the test accuracy against the binomial formula, by size.

    ``by_size`` has one row per test-set size ``n`` (its index) with the columns
    ``std`` (measured over seeds) and ``formula`` (:math:`\\sqrt{p(1-p)/n}`).
    """
    check_frame(by_size, ["std", "formula"], name="by_size")
    ax = new_ax(ax, figsize=(7, 3.8))
    n = by_size.index.to_numpy()
    ax.plot(
        n, by_size["std"], "o-", color=color_for("test"), label="measured over seeds"
    )
    ax.plot(
        n,
        by_size["formula"],
        "--",
        color=color_for("baseline"),
        label=r"$\sqrt{p(1-p)/n}$",
    )
    ax.legend(loc="upper right")
    return label_axes(
        ax,
        title="Spread of the test accuracy vs test-set size",
        xlabel="test samples n",
        ylabel="std of test accuracy across seeds",
    )


def plot_time_fold(
    day: np.ndarray,
    y: np.ndarray,
    train_rows: np.ndarray,
    test_rows: np.ndarray,
    *,
    fold: int,
    ax: Axes | None = None,
) -> Axes:
    """A time series with one fold's training and test days marked."""
    day, y = check_array("day", day, ndim=1), check_array("y", y, ndim=1)
    check_same_length(day=day, y=y)
    fold = check_int("fold", fold, low=0)
    parts = {
        "train": check_rows("train_rows", train_rows, n=len(y)),
        "test": check_rows("test_rows", test_rows, n=len(y)),
    }
    ax = new_ax(ax, figsize=(9, 3.5))
    ax.plot(day, y, color=color_for("baseline"), lw=0.8, label="demand")
    for name, rows in parts.items():
        label = f"fold {fold} {'training' if name == 'train' else 'test'} days"
        ax.plot(day[rows], y[rows], ".", ms=3, color=color_for(name), label=label)
    ax.legend(loc="upper right", fontsize="small")
    return label_axes(
        ax,
        title="A time-ordered fold: train on the past, test on the next block",
        xlabel="day",
        ylabel="demand (units per day)",
    )


POOL_SCORES = {
    "held_out": ("held-out test set", "correct"),
    "unlabeled_pool": ("whole unlabeled pool", "pool"),
    "pseudo_labelled": ("pseudo-labelled pool", "wrong"),
}
"""The three "test sets" of :func:`helpers.prepare.splitting.unlabeled_as_test`:
their label in the figure and their palette colour."""


def plot_pool_scores(medians: pd.Series, *, ax: Axes | None = None) -> Axes:
    """The same model's accuracy on three "test sets" (median over seeds)."""
    if not isinstance(medians, pd.Series):
        raise TypeError(
            f"medians must be a pandas Series, got {type(medians).__name__}"
        )
    missing = [k for k in POOL_SCORES if k not in medians.index]
    if missing:
        raise ValueError(f"medians lacks the scores {missing}")
    check_array("medians", medians[list(POOL_SCORES)], finite=False)
    ax = new_ax(ax, figsize=(7, 3.5))
    names = [label for label, _ in POOL_SCORES.values()]
    colors = [color_for(c) for _, c in POOL_SCORES.values()]
    ax.barh(names, medians[list(POOL_SCORES)].to_numpy(float), color=colors)
    ax.set_xlim(0, 1)
    return label_axes(
        ax,
        title="Same model, three 'test sets' (median over seeds)",
        xlabel="accuracy against true labels",
        ylabel="scored on",
    )


def _check_view(view: SplitView) -> None:
    if not isinstance(view, SplitView):
        raise TypeError(f"view must be a SplitView, got {type(view).__name__}")
