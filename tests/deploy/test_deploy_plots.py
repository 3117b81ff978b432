"""Tests of deploy.deploy_plots: labelled figures that show the data they are given."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.deploy import deploy_plots as P
from helpers.deploy.client import LoadResult
from helpers.deploy.digits_models import BitsGrid


def labelled(ax) -> bool:
    return bool(ax.get_title() and ax.get_xlabel() and ax.get_ylabel())


def test_quantization_error_histograms_count_every_weight():
    w = np.random.default_rng(0).normal(size=(8, 16))
    ax = P.plot_quantization_error(w, bits=4)
    assert labelled(ax) and ax.get_legend() is not None
    for patch in ax.patches[:2]:  # the two step histograms
        assert patch.get_data().values.sum() == w.size


def test_error_counts_use_symmetric_bins():
    counts, edges = P.error_counts(
        {"a": np.array([-0.1, 0.0, 0.1])}, half=0.1, n_bins=4
    )
    assert edges[0] == -edges[-1] and counts["a"].sum() == 3


def test_variants_bars_show_the_values():
    table = pd.DataFrame({"size KB": [300.0, 80.0]}, index=["fp32", "int8"])
    ax = P.plot_variants(table, column="size KB")
    assert labelled(ax)
    assert [p.get_width() for p in ax.patches] == [300.0, 80.0]


def test_latency_curves_end_at_one():
    result = LoadResult(np.array([0.001, 0.003, 0.002]), np.zeros(3, int), 1.0, 1, 1, 0)
    ax = P.plot_latencies({"1 client": result})
    assert labelled(ax) and ax.get_xscale() == "log"
    assert ax.lines[0].get_ydata()[-1] == 1.0


def test_accuracy_by_bits_draws_both_granularities():
    grid = BitsGrid(np.array([2, 8]), np.array([0.4, 0.9]), np.array([0.8, 0.9]), 0.91)
    ax = P.plot_accuracy_by_bits(grid, selected=8)
    assert labelled(ax)
    ys = [list(line.get_ydata()) for line in ax.lines]
    assert [0.4, 0.9] in ys and [0.8, 0.9] in ys
