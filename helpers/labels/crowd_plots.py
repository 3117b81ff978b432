"""Figures of lesson 05's crowd: confusion matrices, redundancy, budget outcomes.

Plot functions draw on ``ax`` (or ``axes``) and return it; the numbers come from
:mod:`helpers.labels.crowd` and :mod:`helpers.labels.crowd_budget`.
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from helpers.core.validation import check_array, check_real
from helpers.labels.crowd_budget import CrowdOutcome
from helpers.ui.plots import color_for, label_axes, median_band, new_ax


def plot_confusions(
    true: np.ndarray,
    estimated: np.ndarray,
    *,
    accuracies: np.ndarray | list[float] | None = None,
    axes: np.ndarray | None = None,
) -> np.ndarray:
    """True (top row) vs estimated (bottom row) confusion matrices, one per annotator.

    ``axes`` is a ``(2, n_annotators)`` array of axes (a new figure when None);
    ``accuracies``, if given, has one entry per annotator.
    """
    true = check_array("true", true, ndim=3)
    estimated = check_array("estimated", estimated, ndim=3)
    if true.shape != estimated.shape or true.shape[1] != true.shape[2]:
        raise ValueError(
            f"true and estimated must both be (J, K, K), got {true.shape} and "
            f"{estimated.shape}"
        )
    J, K, _ = true.shape
    if accuracies is not None:
        accuracies = check_array("accuracies", accuracies, ndim=1)
        if accuracies.size != J:
            raise ValueError(
                f"accuracies must have one entry per annotator ({J}), got "
                f"{accuracies.size}"
            )
    if axes is not None and np.size(axes) != 2 * J:
        raise ValueError(f"axes must hold 2 x {J} axes, got {np.size(axes)}")
    if axes is None:
        fig, axes = plt.subplots(2, J, figsize=(2.0 * J + 0.6, 4.6), squeeze=False)
        fig.suptitle(
            "Annotators' confusion matrices: true (top) vs Dawid-Skene (below)"
        )
        fig.subplots_adjust(left=0.07, right=0.9, top=0.84, bottom=0.1, wspace=0.3)
    axes = np.asarray(axes).reshape(2, J)
    image = None
    for j in range(J):
        for row, (mat, name) in enumerate(
            ((true, "simulator"), (estimated, "Dawid-Skene"))
        ):
            ax = axes[row, j]
            image = ax.imshow(
                mat[j], vmin=0, vmax=1, cmap="Blues", interpolation="nearest"
            )
            ax.set_xticks(range(K))
            ax.set_yticks(range(K))
            ax.tick_params(labelsize=6, length=0)
            ax.grid(False)
            if row == 0:
                acc = f" (acc {accuracies[j]:.2f})" if accuracies is not None else ""
                ax.set_title(f"annotator {j}{acc}", fontsize=8)
            else:
                ax.set_xlabel("label given", fontsize=7)
            if j == 0:
                ax.set_ylabel(f"{name}\ntrue class", fontsize=7)
    _colorbar(image, list(axes.ravel()))
    return axes


def _colorbar(image, axes: list[Axes]) -> None:
    """One colour bar for confusion matrices drawn on ``axes`` (all share 0..1)."""
    bar = axes[0].figure.colorbar(image, ax=axes, fraction=0.025, pad=0.02)
    bar.set_label("P(label given | true class)", fontsize=8)
    bar.ax.tick_params(labelsize=7)


def plot_error_styles(confusions: Mapping[str, np.ndarray]) -> np.ndarray:
    """One annotator's confusion matrix under each error style, side by side with a
    shared colour bar; ``confusions`` maps a style name to a ``(K, K)`` matrix.
    Returns the row of axes."""
    if not isinstance(confusions, Mapping) or not confusions:
        raise ValueError("confusions must map at least one style to a matrix")
    mats = {}
    for style, mat in confusions.items():
        mat = check_array(f"confusions[{style!r}]", mat, ndim=2)
        if mat.shape[0] != mat.shape[1]:
            raise ValueError(f"confusions[{style!r}] must be square, got {mat.shape}")
        mats[str(style)] = mat
    fig, axes = plt.subplots(1, len(mats), figsize=(3.4 * len(mats) + 0.6, 3.4))
    axes = np.atleast_1d(axes)
    image = None
    for ax, (style, mat) in zip(axes, mats.items(), strict=True):
        image = ax.imshow(mat, vmin=0, vmax=1, cmap="Blues", interpolation="nearest")
        ax.set_xticks(range(mat.shape[0]))
        ax.set_yticks(range(mat.shape[0]))
        ax.grid(False)
        label_axes(ax, title=style, xlabel="label given", ylabel="true class")
    fig.subplots_adjust(top=0.82, wspace=0.35, right=0.88)
    _colorbar(image, list(axes))
    return axes


def plot_redundancy(
    per_item: list[int] | np.ndarray,
    curves: dict[str, np.ndarray],
    *,
    current: tuple[float, float] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Aggregated-label accuracy vs annotators per item (median over seeds, IQR band).

    ``curves`` is what :func:`redundancy_curves` returns (runs of shape
    ``(n_seeds, len(per_item))``; NaN is a missing value); ``current`` marks a point.
    """
    x = check_array("per_item", per_item, ndim=1)
    if not isinstance(curves, Mapping) or not curves:
        raise TypeError(f"curves must be a non-empty dict of runs, got {curves!r:.60}")
    for name, runs in curves.items():
        runs = check_array(f"curves[{name!r}]", runs, ndim=2, finite=False)
        if runs.shape[1] != x.size:
            raise ValueError(
                f"curves[{name!r}] must have {x.size} columns (one per "
                f"per_item value), got shape {runs.shape}"
            )
    if current is not None:
        if len(current) != 2:
            raise ValueError(f"current must be an (x, y) point, got {current!r}")
        current = (
            check_real("current x", current[0]),
            check_real("current y", current[1]),
        )
    ax = new_ax(ax)
    for name, runs in curves.items():
        style = (
            {"ls": "--", "lw": 1.2} if name == "oracle" else {"marker": "o", "ms": 3}
        )
        median_band(per_item, runs, label=name, ax=ax, color=color_for(name), **style)
    if current is not None:
        ax.plot(*current, "*", ms=14, color=color_for("dawid_skene"), mec="white")
    ax.set_xticks(list(per_item))
    ax.legend(loc="lower right", fontsize="small")  # fixed spot: "best" is slow
    return label_axes(
        ax,
        title="Label accuracy vs redundancy",
        xlabel="annotators per item",
        ylabel="accuracy of aggregated labels",
    )


def _check_outcome(outcome: CrowdOutcome) -> None:
    if not isinstance(outcome, CrowdOutcome):
        raise TypeError(
            f"outcome must be a CrowdOutcome (from crowd_outcome), got "
            f"{type(outcome).__name__}"
        )


def plot_annotator_accuracy(outcome: CrowdOutcome, *, ax: Axes | None = None) -> Axes:
    """Each annotator's accuracy: measured on the truth vs estimated without it."""
    _check_outcome(outcome)
    ax = new_ax(ax)
    x = np.arange(outcome.annotator_accuracy.size)
    ax.bar(x, outcome.annotator_accuracy, color="#CCCCCC", label="true (measured)")
    ax.plot(
        x,
        outcome.ds_annotator_accuracy,
        "o",
        color=color_for("dawid_skene"),
        label="Dawid-Skene estimate",
    )
    ax.plot(
        x,
        outcome.mv_agreement,
        "x",
        mew=2,
        color=color_for("majority_vote"),
        label="agreement with majority",
    )
    ax.set_xticks(x)
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1])
    ax.set_ylim(0, 1.3)
    ax.legend(loc="upper left", ncols=2, fontsize="x-small")
    return label_axes(
        ax,
        title="Annotator quality, found without the truth",
        xlabel="annotator (pool, least accurate first)",
        ylabel="accuracy",
    )


def plot_budget_outcome(outcome: CrowdOutcome, *, ax: Axes | None = None) -> Axes:
    """Items labelled correctly, wrongly, or not at all, for each aggregator."""
    _check_outcome(outcome)
    ax = new_ax(ax)
    n, covered = outcome.n_items, outcome.n_covered
    colors = [color_for("correct"), color_for("wrong"), "#DDDDDD"]
    rows = [("majority vote", outcome.mv_correct), ("Dawid-Skene", outcome.ds_correct)]
    widths, lefts = [], []
    for _, right in rows:  # segments: right | wrong | unlabelled
        widths += [right, covered - right, n - covered]
        lefts += [0, right, covered]
    ax.barh(np.repeat([0, 1], 3), widths, left=lefts, color=colors * 2)
    ax.set_yticks([0, 1], [name for name, _ in rows])
    ax.set_xlim(0, n)
    ax.set_ylim(-0.6, 1.9)
    handles = [Patch(color=c) for c in colors]
    ax.legend(
        handles,
        ["right", "wrong", "unlabelled"],
        loc="upper center",
        ncols=3,
        fontsize="small",
    )
    return label_axes(
        ax,
        title=f"Labels bought for ${outcome.cost:,.0f}",
        xlabel=f"items (of {n:,})",
        ylabel="aggregator",
    )
