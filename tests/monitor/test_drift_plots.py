"""Tests of monitor.drift_plots: every figure titled, labelled, drawing the data."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from helpers.monitor import drift_plots as P
from helpers.monitor import loop as L


def _stats():
    ends = np.arange(1, 6) * 100
    return L.WindowStats(
        "ks",
        ends,
        ends + 50,
        np.linspace(0, 1, 5),
        np.array([0.5, 0.2, 1e-3, 1e-5, 1e-9]),
    )


def _labelled(ax):
    return ax.get_title() and ax.get_xlabel() and ax.get_ylabel()


def test_plots_are_labelled():
    s = _stats()
    axes = [
        P.plot_accuracy_over_time(s, change_at=250),
        P.plot_window_pvalues({"KS": s}, alpha=0.01, change_at=250),
        P.plot_alert_timeline(
            [L.alert_report(s, threshold=0.01, change_at=250)], change_at=250, n=600
        ),
        P.plot_stream_trace(np.zeros((2, 10)), bin_rows=50, change_at=200),
    ]
    table = pd.DataFrame(
        {
            "hand labels": [0, 10],
            "train seconds": [0.0, 2.0],
            "accuracy old style": [0.9, 0.9],
            "accuracy new style": [0.1, 0.5],
        },
        index=["keep", "retrain"],
    )
    axes.append(P.plot_maintenance(table))
    assert all(_labelled(ax) for ax in axes)
    timeline = axes[2]
    assert len(timeline.lines[0].get_xdata()) == 3  # alerts at 300, 400, 500 known
    assert len(axes[4].patches) == 4
    plt.close("all")
