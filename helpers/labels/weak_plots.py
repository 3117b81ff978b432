"""Figures of lesson 08: labeling functions, accuracy estimates, end-model results.

Plot functions draw on ``ax`` and return it; colours of recurring names come from
:func:`helpers.ui.plots.color_for` through :data:`BAR_COLORS`. The numbers come from
:mod:`helpers.labels.weak`, :mod:`helpers.labels.label_model` and
:mod:`helpers.labels.weak_experiment`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from helpers.core.validation import check_array, check_frame, check_real
from helpers.labels.weak import check_texts
from helpers.labels.weak_experiment import WeakResult
from helpers.ui.plots import color_for, label_axes, new_ax


def plot_bars(
    values: dict[str, float],
    *,
    ax: Axes | None = None,
    title: str,
    xlabel: str,
    colors: dict[str, str] | None = None,
) -> Axes:
    """Horizontal bars in [0, 1], one per named value, with the value written on it.

    Colours come from :func:`helpers.ui.plots.color_for` of each name unless ``colors``
    maps a name to a palette key (e.g. ``{"weak supervision": "label_model"}``).
    """
    if not isinstance(values, Mapping) or not values:
        raise TypeError(
            f"values must be a non-empty dict name -> share, got {values!r}"
        )
    values = {
        n: check_real(f"values[{n!r}]", v, low=0, high=1) for n, v in values.items()
    }
    if colors is not None and not isinstance(colors, Mapping):
        raise TypeError(f"colors must be a dict name -> palette key, got {colors!r}")
    ax = new_ax(ax)
    names = list(values)
    colors = colors or {}
    y = np.arange(len(names))
    ax.barh(
        y,
        [values[n] for n in names],
        color=[color_for(colors.get(n, n)) for n in names],
        height=0.6,
    )
    for i, n in enumerate(names):
        ax.text(values[n] + 0.01, i, f"{values[n]:.3f}", va="center", fontsize=9)
    ax.set_yticks(y, names)
    ax.set_xlim(0, 1.0)
    ax.set_ylim(len(names) - 0.5, -0.5)
    return label_axes(ax, title=title, xlabel=xlabel, ylabel="")


BAR_COLORS = {
    "coverage": "pool",
    "coverage (train)": "pool",
    "labels: majority vote": "majority_vote",
    "labels: label model": "label_model",
    "end model: dev labels only": "baseline",
    "end model: weak supervision": "label_model",
    "end model: fully supervised": "supervised",
    "label model": "label_model",
    "majority vote": "majority_vote",
    "dev labels only": "baseline",
    "weak supervision": "label_model",
    "weak (majority vote)": "majority_vote",
    "weak (label model)": "label_model",
    "fully supervised": "supervised",
}


_LF_COLORS = {
    "coverage": "pool",
    "accuracy": "label_model",
    "dev accuracy": "validation",
    "true accuracy (hidden)": "baseline",
}


def plot_lf_summary(
    table: pd.DataFrame,
    *,
    columns: Sequence[str] = ("coverage", "accuracy"),
    ax: Axes | None = None,
) -> Axes:
    """One row per labeling function, one marker per column (shares in [0, 1]).

    ``table`` is :func:`lf_summary`'s output, possibly with extra columns such as a
    hidden-truth accuracy; ``columns`` picks what to show (column names).
    """
    columns = check_texts("columns", columns)
    check_frame(table, columns, name="table")
    ax = new_ax(ax)
    rows = np.arange(len(table))
    markers = "os^Dv"
    for i, column in enumerate(columns):
        ax.scatter(
            table[column],
            rows,
            label=column,
            marker=markers[i % len(markers)],
            color=color_for(_LF_COLORS.get(column, column)),
            s=36,
            zorder=3,
        )
    ax.set_yticks(rows, list(table.index))
    ax.set_ylim(len(table) - 0.5, -0.5)
    ax.set_xlim(0, 1.02)
    # coverage sits on the left, accuracies on the right: the middle is free
    ax.legend(loc="center", bbox_to_anchor=(0.33, 0.5), fontsize="small")
    return label_axes(
        ax,
        title="Each labeling function: how much it labels, how well",
        xlabel="share of items (coverage) or of its votes (accuracy)",
        ylabel="",
    )


def plot_accuracy_estimates(
    true: np.ndarray,
    estimates: dict[str, np.ndarray],
    *,
    names: Sequence[str],
    ax: Axes | None = None,
) -> Axes:
    """Estimated against true accuracy of each labeling function (diagonal = exact).

    ``true``, each array of ``estimates`` and ``names`` have one entry per function.
    """
    true = check_array("true", true, ndim=1)
    names = check_texts("names", names)
    if len(names) != true.size:
        raise ValueError(f"got {len(names)} names for {true.size} accuracies")
    if not isinstance(estimates, Mapping) or not estimates:
        raise TypeError(
            f"estimates must be a non-empty dict of arrays, got {estimates!r}"
        )
    estimates = {
        label: check_array(f"estimates[{label!r}]", values, ndim=1)
        for label, values in estimates.items()
    }
    for label, values in estimates.items():
        if values.size != true.size:
            raise ValueError(
                f"estimates[{label!r}] has {values.size} entries for {true.size} "
                "functions"
            )
    ax = new_ax(ax)
    ax.plot([0, 1], [0, 1], color=color_for("baseline"), lw=1, ls="--")
    for label, values in estimates.items():
        ax.scatter(true, values, label=label, color=color_for(label), s=30)
    for name, x, y in zip(names, true, next(iter(estimates.values())), strict=True):
        ax.annotate(
            name, (x, y), textcoords="offset points", xytext=(4, -9), fontsize=7
        )
    ax.set_xlim(0.3, 1.02)
    ax.set_ylim(0.3, 1.02)
    ax.legend(loc="upper left", fontsize="small")
    return label_axes(
        ax,
        title="How well can we know a rule's accuracy?",
        xlabel="true accuracy on the train set (hidden labels)",
        ylabel="estimated accuracy",
    )


def plot_weak_result(
    result: WeakResult, baselines: Mapping[str, float], *, ax: Axes | None = None
) -> Axes:
    """One subset of labeling functions: coverage and label accuracy on the train set
    (top three bars), end-model test accuracy between its two baselines (below).

    ``baselines`` holds ``"dev only"`` and ``"supervised"`` test accuracies, as in
    :attr:`helpers.labels.weak_experiment.WeakExperiment.baselines`.
    """
    if not isinstance(result, WeakResult):
        raise TypeError(f"result must be a WeakResult, got {type(result).__name__}")
    if not isinstance(baselines, Mapping):
        raise TypeError(f"baselines must be a dict, got {type(baselines).__name__}")
    missing = {"dev only", "supervised"} - set(baselines)
    if missing:
        raise ValueError(f"baselines lacks {sorted(missing)}; got {list(baselines)}")
    for key in ("dev only", "supervised"):
        check_real(f"baselines[{key!r}]", baselines[key], low=0, high=1)
    ax = plot_bars(
        {
            "coverage (train)": result.coverage,
            "labels: majority vote": result.mv_accuracy,
            "labels: label model": result.lm_accuracy,
            "end model: dev labels only": baselines["dev only"],
            "end model: weak supervision": result.end_accuracy,
            "end model: fully supervised": baselines["supervised"],
        },
        ax=ax,
        colors=BAR_COLORS,
        title="Labels on the train set (covered items), end model on the test set",
        xlabel="share of train items (coverage) or accuracy",
    )
    ax.axhline(2.5, color="#999999", lw=0.8)  # train-set bars above, test-set below
    return ax
