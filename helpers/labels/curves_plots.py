"""The "what are the labels worth" figure of lessons 06-09."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.axes import Axes

from helpers.core.validation import check_real
from helpers.labels.curves import LabelCurve, labels_to_reach
from helpers.ui.plots import color_for, label_axes, median_band, new_ax

_LINE_STYLES = ("--", ":", "-.")


def plot_labels_worth(
    curve: LabelCurve,
    references: Mapping[str, tuple[float, str]],
    *,
    label: str = "supervised",
    title: str = "How many true labels is it worth?",
    xlabel: str = "true labels",
    ylabel: str = "test accuracy",
    logx: bool = False,
    ax: Axes | None = None,
) -> Axes:
    """A supervised learning curve (median and inter-quartile band over seeds) with
    each cheaper route as a horizontal line at the accuracy it reached.

    ``references`` maps a legend label to ``(accuracy, palette name)``. Where the
    median curve reaches a reference, a marker shows how many labels that takes
    (:func:`helpers.labels.curves.labels_to_reach`, on the grid).
    """
    if not isinstance(curve, LabelCurve):
        raise TypeError(f"curve must be a LabelCurve, got {type(curve).__name__}")
    if not isinstance(references, Mapping):
        raise TypeError(
            "references must map a legend label to (accuracy, palette name), got "
            f"{type(references).__name__}"
        )
    ax = new_ax(ax)
    median_band(curve.n_labels, curve.accuracy, label=label, ax=ax, marker="o")
    for k, (name, (accuracy, color_name)) in enumerate(references.items()):
        accuracy = check_real(f"accuracy of {name!r}", accuracy, low=0, high=1)
        color = color_for(color_name)
        ls = _LINE_STYLES[k % len(_LINE_STYLES)]
        ax.axhline(accuracy, color=color, ls=ls, label=name)
        worth = labels_to_reach(curve, accuracy)
        if not np.isnan(worth):
            ax.plot(worth, accuracy, "o", ms=8, mfc="none", color=color)
    if logx:
        ax.set_xscale("log")
        ax.set_xticks(curve.n_labels, [f"{n:g}" for n in curve.n_labels])
        ax.minorticks_off()
    ax.legend(loc="lower right", fontsize="small")
    unit = " (log scale)" if logx else ""
    return label_axes(ax, title=title, xlabel=xlabel + unit, ylabel=ylabel)
