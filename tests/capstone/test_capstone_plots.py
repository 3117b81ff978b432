"""Tests of helpers.capstone.capstone_plots: it draws what the timeline holds."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers.capstone.capstone_plots import plot_lifecycle
from helpers.capstone.timeline import Timeline


def _timeline(alert_at: float = 30.0) -> Timeline:
    ends = np.array([25, 50, 75, 100, 125, 150])
    acc = np.array([0.6, 0.55, 0.05, 0.1, 0.3, 0.35])
    return Timeline(ends, acc, np.array([1, 1, 1, 1, 2, 2]), 50, alert_at, 100, 400)


def test_plot_lifecycle_draws_both_versions_and_the_events():
    ax = plot_lifecycle(_timeline(alert_at=75.0), target=0.5)
    lines = {line.get_label(): line for line in ax.get_lines()}
    v1 = lines["served accuracy, v1 (first model)"]
    assert v1.get_xdata().tolist() == [25, 50, 75, 100]
    assert lines["served accuracy, v2 (retrained)"].get_ydata().tolist() == [0.3, 0.35]
    assert lines["first monitor alert"].get_xdata()[0] == 75.0
    assert lines["the site changes"].get_xdata()[0] == 50
    assert lines["target 0.5"].get_ydata()[0] == 0.5
    assert "400 labels" in " ".join(lines)
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    legend = ax.get_legend()
    assert legend is not None and legend.get_bbox_to_anchor().x0 > 0  # outside
    plt.close("all")


def test_plot_lifecycle_without_an_alert_and_on_given_axes():
    _, ax = plt.subplots()
    assert plot_lifecycle(_timeline(alert_at=float("nan")), target=0.5, ax=ax) is ax
    assert "first monitor alert" not in [line.get_label() for line in ax.get_lines()]
    plt.close("all")


def test_plot_lifecycle_refuses_bad_input():
    with pytest.raises(TypeError):
        plot_lifecycle({"accuracy": [0.5]}, target=0.5)
    with pytest.raises(ValueError):
        plot_lifecycle(_timeline(), target=1.5)
