"""Lesson 14's widget: drift size and onset, window length and alert thresholds ->
when each detector fires, its false alarms and its delay."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes

from helpers.monitor.drift_grid import TRACE_BIN, DriftGrid, drift_grid
from helpers.monitor.drift_plots import plot_alert_timeline, plot_stream_trace
from helpers.monitor.loop import AlertReport
from helpers.monitor.streams import KINDS
from helpers.ui.widgets import InteractiveFigure, steps, toggle

ALPHAS = (0.001, 0.01, 0.05)
PSI_LEVELS = (0.1, 0.25)


def _summary_html(reports: list) -> str:
    """One line per detector: false alarms and delay."""
    parts = []
    for r in reports:
        delay = f"{r.delay:.0f} rows" if r.detected else "never"
        parts.append(
            f"<b>{r.detector}</b>: {r.false_alarms} false alarms, delay {delay}"
        )
    return " &nbsp;·&nbsp; ".join(parts)


def build_drift_widget(grid: DriftGrid | None = None) -> InteractiveFigure:
    """Move the drift and the monitor's settings; see when each detector fires.

    Every statistic was computed once per window (:func:`drift_grid`); a redraw only
    compares them with the thresholds.
    """
    if grid is not None and not isinstance(grid, DriftGrid):
        raise TypeError(f"grid must be a DriftGrid, got {type(grid).__name__}")
    grid = grid or drift_grid()

    n = len(next(iter(grid.traces.values()))[0]) * TRACE_BIN

    def draw(axes: np.ndarray, p: dict[str, Any]) -> str:
        setting = (p["kind"], p["size"], p["onset"], p["window"])
        reports = grid.reports(*setting, alpha=p["alpha"], psi_level=p["psi"])
        trace = grid.traces[grid.key(*setting[:3])]
        if axes[0, 0].has_data():  # drawn before: update in place
            _move_trace(axes[0, 0], trace, change_at=p["onset"])
            _move_alerts(axes[0, 1], reports, change_at=p["onset"])
        else:
            plot_stream_trace(
                trace, bin_rows=TRACE_BIN, change_at=p["onset"], ax=axes[0, 0]
            )
            plot_alert_timeline(
                reports,
                change_at=p["onset"],
                n=n,
                xlabel="rows served (t)",
                ax=axes[0, 1],
            )
        return _summary_html(reports)

    controls = {
        "kind": toggle("change", list(KINDS), value="covariate"),
        "size": steps("drift size", grid.sizes, value=grid.sizes[-1]),
        "onset": steps("onset (row)", grid.onsets, value=grid.onsets[-1], fmt="{}"),
        "window": steps("window (rows)", grid.windows, value=grid.windows[0], fmt="{}"),
        "alpha": steps("alpha (KS, chi2)", ALPHAS, value=0.01),
        "psi": steps("PSI alert level", PSI_LEVELS, value=0.25),
    }
    return InteractiveFigure(
        controls, draw, ncols=2, figsize=(10.5, 3.6), state=grid, clear=False
    )


def _move_change(ax: Axes, change_at: int) -> None:
    """Move the dashed "change" line and its label (the axes' last line and text)."""
    ax.lines[-1].set_xdata([change_at, change_at])
    ax.texts[-1].xy = (change_at, 1.0)


def _move_trace(ax: Axes, trace: np.ndarray, *, change_at: int) -> None:
    """Redraw :func:`plot_stream_trace` in place for another stream."""
    t = (np.arange(trace.shape[1]) + 1) * TRACE_BIN  # (n_bins,)
    for line, values in zip(ax.lines[:2], trace, strict=True):
        line.set_data(t, values)
    _move_change(ax, change_at)
    ax.relim()
    ax.autoscale_view(scaley=False)


def _move_alerts(ax: Axes, reports: list[AlertReport], *, change_at: int) -> None:
    """Redraw :func:`plot_alert_timeline` in place (same detectors, same rows)."""
    for row, r in enumerate(reports):
        t = r.known_at[r.fired]
        false = t <= change_at
        ax.lines[2 * row].set_data(t[~false], np.full((~false).sum(), row))
        ax.lines[2 * row + 1].set_data(t[false], np.full(false.sum(), row))
    _move_change(ax, change_at)
