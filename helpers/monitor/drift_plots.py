"""Lesson 14 figures: accuracy over time, detector statistics per window, alert
timelines, the drifting stream, and the maintenance options."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from helpers.core.validation import check_array, check_frame, check_int, check_real
from helpers.monitor.loop import AlertReport, WindowStats
from helpers.ui.plots import OKABE_ITO, color_for, label_axes, new_ax

DETECTOR_COLORS = {
    "KS": OKABE_ITO["blue"],
    "PSI": OKABE_ITO["orange"],
    "chi2": OKABE_ITO["green"],
    "MMD": OKABE_ITO["purple"],
    "accuracy": OKABE_ITO["black"],
}


def _detector_color(name: str) -> str:
    for key, colour in DETECTOR_COLORS.items():
        if name.lower().startswith(key.lower()):
            return colour
    return color_for(name)


def _change_line(ax: Axes, change_at: int) -> None:
    ax.axvline(change_at, color=OKABE_ITO["vermillion"], ls="--", lw=1.5)
    ax.annotate(
        "change",
        (change_at, 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(3, -12),
        textcoords="offset points",
        color=OKABE_ITO["vermillion"],
        fontsize="small",
    )


def plot_accuracy_over_time(
    stats: WindowStats, *, change_at: int, ax: Axes | None = None
) -> Axes:
    """Accuracy per window, placed when it becomes known (labels arrive late)."""
    if not isinstance(stats, WindowStats):
        raise TypeError(f"stats must be WindowStats, got {type(stats).__name__}")
    change_at = check_int("change_at", change_at, low=0)
    ax = new_ax(ax)
    ax.plot(
        stats.data_end,
        stats.statistic,
        "o-",
        color=OKABE_ITO["grey"],
        ms=4,
        label="when the window ends",
    )
    ax.plot(
        stats.known_at,
        stats.statistic,
        "o-",
        color=OKABE_ITO["black"],
        ms=4,
        label="when its labels are in",
    )
    _change_line(ax, change_at)
    ax.set_ylim(-0.05, 1.05)
    ax.legend(loc="center left", fontsize="small")
    return label_axes(
        ax,
        title="Captcha accuracy per window of the stream",
        xlabel="predictions served (t)",
        ylabel="accuracy (whole captcha)",
    )


def plot_window_pvalues(
    series: dict[str, WindowStats],
    *,
    alpha: float,
    change_at: int,
    ax: Axes | None = None,
) -> Axes:
    """Each test's p-value per window (log scale), the level ``alpha`` and the
    change; windows below the line alert."""
    alpha = check_real("alpha", alpha, low=0, high=1, open_low=True)
    change_at = check_int("change_at", change_at, low=0)
    if not isinstance(series, dict) or not series:
        raise ValueError("series must map detector names to WindowStats")
    ax = new_ax(ax)
    for name, s in series.items():
        if not isinstance(s, WindowStats):
            raise TypeError(f"series[{name!r}] must be WindowStats")
        p = np.clip(s.p_value, 1e-16, 1.0)
        ax.semilogy(s.known_at, p, "o-", ms=4, label=name, color=_detector_color(name))
    ax.axhline(alpha, color=OKABE_ITO["grey"], lw=1)
    ax.annotate(
        f"alpha = {alpha:g}",
        (0.01, alpha),
        xycoords=("axes fraction", "data"),
        xytext=(0, 3),
        textcoords="offset points",
        fontsize="small",
    )
    _change_line(ax, change_at)
    ax.set_ylim(1e-17, 3.0)
    ax.legend(loc="lower left", fontsize="small")
    return label_axes(
        ax,
        title="Drift tests per window (below the line: alert)",
        xlabel="predictions served (t)",
        ylabel="p-value (log, floor 1e-16)",
    )


def plot_alert_timeline(
    reports: Sequence[AlertReport],
    *,
    change_at: int,
    n: int,
    xlabel: str = "predictions served (t)",
    ax: Axes | None = None,
) -> Axes:
    """One row per detector: a mark for each window that alerted, placed when the
    alert was raised; alerts raised by the change (false alarms) in red."""
    change_at = check_int("change_at", change_at, low=0)
    n = check_int("n", n, low=1, high=10**9)
    reports = list(reports)
    if not reports or not all(isinstance(r, AlertReport) for r in reports):
        raise ValueError("reports must be a non-empty list of AlertReports")
    ax = new_ax(ax)
    for row, r in enumerate(reports):
        t = r.known_at[r.fired]
        false = t <= change_at
        ax.plot(
            t[~false],
            np.full((~false).sum(), row),
            "|",
            ms=14,
            mew=2.5,
            color=_detector_color(r.detector),
        )
        ax.plot(
            t[false],
            np.full(false.sum(), row),
            "x",
            ms=8,
            mew=2,
            color=OKABE_ITO["vermillion"],
        )
    _change_line(ax, change_at)
    ax.set_yticks(range(len(reports)), [r.detector for r in reports])
    ax.set_ylim(-0.6, len(reports) - 0.4)
    ax.set_xlim(0, n)
    if not isinstance(xlabel, str) or not xlabel:
        raise TypeError("xlabel must be a non-empty string")
    return label_axes(
        ax,
        title="Alerts (| after the change, x false alarm)",
        xlabel=xlabel,
        ylabel="detector",
    )


def plot_stream_trace(
    trace: np.ndarray,
    *,
    bin_rows: int,
    change_at: int,
    ax: Axes | None = None,
) -> Axes:
    """The tabular stream itself: mean of feature 0 and share of positives per
    ``bin_rows`` rows."""
    trace = check_array("trace", trace, ndim=2)
    if trace.shape[0] != 2:
        raise ValueError(f"trace must be (2, n_bins), got {trace.shape}")
    bin_rows = check_int("bin_rows", bin_rows, low=1, high=10**6)
    change_at = check_int("change_at", change_at, low=0)
    ax = new_ax(ax)
    t = (np.arange(trace.shape[1]) + 1) * bin_rows
    ax.plot(t, trace[0], color=OKABE_ITO["blue"], label="mean of feature 0")
    ax.plot(t, trace[1], color=OKABE_ITO["green"], label="share of positives")
    _change_line(ax, change_at)
    ax.set_ylim(-0.8, 2.2)
    ax.legend(loc="upper left", fontsize="small")
    return label_axes(
        ax,
        title=f"The stream (means over {bin_rows} rows)",
        xlabel="rows served (t)",
        ylabel="value (standard units / share)",
    )


def plot_maintenance(table: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Captcha accuracy on the old and the new style for each option, with its
    cost (hand labels, training seconds) under the bars."""
    cols = ["hand labels", "train seconds", "accuracy old style", "accuracy new style"]
    table = check_frame(table, cols, name="table")
    ax = new_ax(ax)
    x = np.arange(len(table))
    for k, (col, name) in enumerate(
        (("accuracy old style", "before"), ("accuracy new style", "after"))
    ):
        ax.bar(
            x + (k - 0.5) * 0.38,
            table[col],
            width=0.38,
            color=color_for(name),
            label=col.replace("accuracy ", ""),
        )
    labels = [
        f"{opt}\n{int(r['hand labels'])} labels, {r['train seconds']:.0f} s"
        for opt, r in table.iterrows()
    ]
    ax.set_xticks(x, labels)
    ax.set_ylim(0, 1.15)
    ax.legend(loc="upper left", ncols=2, fontsize="small")
    return label_axes(
        ax,
        title="After the alert: accuracy and cost of each option",
        xlabel="option (cost)",
        ylabel="captcha accuracy",
    )
