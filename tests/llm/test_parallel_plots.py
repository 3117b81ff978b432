"""Tests for llm/parallel_plots.py: the schedule and the bubble figure."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers.llm.parallel_plots import plot_bubbles, plot_schedule


def test_schedule_draws_a_box_per_operation(pipeline_result):
    ax = plot_schedule(pipeline_result, schedule="gpipe", m=1)
    widths = sorted(p.get_width() for p in ax.patches)
    assert widths == pytest.approx([1000.0] * 4)
    assert "50%" in ax.get_title() and ax.get_xlabel() == "time (ms)"
    with pytest.raises(ValueError):
        plot_schedule(pipeline_result, schedule="1f1b", m=1)
    plt.close("all")


def test_bubbles_measured_next_to_the_formula(pipeline_result):
    ax = plot_bubbles(pipeline_result)
    formula, measured = ax.get_lines()
    np.testing.assert_allclose(formula.get_ydata(), [0.5])
    np.testing.assert_allclose(measured.get_ydata(), [0.5])
    assert ax.get_ylim() == (0, 1)
    plt.close("all")
