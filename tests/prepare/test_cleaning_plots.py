"""Tests of prepare.cleaning_plots: titles, labels and what each figure draws."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.prepare import cleaning_plots


def test_before_after_draws_three_histograms(clean_grid):
    col = "area_m2"
    after = clean_grid.point("model", "IQR", 3.0).values[col]
    ax = cleaning_plots.plot_before_after(
        clean_grid.before[col], after, clean_grid.truth[col], column=col
    )
    assert "before and after" in ax.get_title() and "m²" in ax.get_xlabel()
    assert ax.get_ylabel() == "apartments per bin"
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[0].startswith("dirty") and "off chart" in labels[0]  # absurd areas
    assert labels[1:] == ["cleaned", "truth"]
    assert len(ax.patches) == 3  # two filled stairs and the truth's outline


def test_truth_bins_span_the_true_range_with_head_room():
    truth = np.arange(1.0, 201.0)  # 1 .. 200
    bins = cleaning_plots.truth_bins(truth)
    lo, hi = 1.0, 1.0 + 0.995 * 199  # 0th and 99.5th percentile (linear)
    assert bins.shape == (31,)
    assert bins[0] == pytest.approx(lo - 0.05 * (hi - lo))
    assert bins[-1] == pytest.approx(hi + 0.15 * (hi - lo))
    assert np.allclose(np.diff(bins), (bins[-1] - bins[0]) / 30)


def test_before_after_says_when_the_column_was_dropped(clean_grid):
    ax = cleaning_plots.plot_before_after(
        clean_grid.before["area_m2"], [], clean_grid.truth["area_m2"], column="area_m2"
    )
    assert "column dropped" in [t.get_text() for t in ax.texts]
    with pytest.raises(ValueError, match="truth must hold finite numbers"):
        cleaning_plots.plot_before_after([1.0], [], [np.nan], column="area_m2")


def test_detection_draws_a_solid_and_a_dashed_line_per_rule():
    curves = pd.DataFrame(
        {
            "rule": ["IQR"] * 3 + ["z-score"] * 3,
            "threshold": [1.0, 2.0, 3.0] * 2,
            "precision": [0.5, 0.8, 0.9, 0.4, 0.6, 0.7],
            "recall": [1.0, 0.9, 0.8, 0.9, 0.5, 0.3],
        }
    )
    ax = cleaning_plots.plot_detection(curves)
    assert "injected outliers" in ax.get_title() and "precision" in ax.get_ylabel()
    assert ax.get_xlabel().startswith("threshold")
    lines = ax.get_lines()
    assert len(lines) == 4
    assert [ln.get_linestyle() for ln in lines] == ["-", "--", "-", "--"]
    np.testing.assert_allclose(lines[1].get_ydata(), [1.0, 0.9, 0.8])
    assert lines[0].get_color() == cleaning_plots.RULE_COLORS["IQR"]
    with pytest.raises(ValueError, match="lacks columns"):
        cleaning_plots.plot_detection(curves.drop(columns="recall"))


def test_score_curves_mark_the_chosen_plan(clean_grid):
    ax = cleaning_plots.plot_score_curves(
        clean_grid, imputation="mean", rule="IQR", threshold=3.0
    )
    assert "imputation: mean" in ax.get_title() and "R²" in ax.get_ylabel()
    assert ax.get_xlabel() == "outlier threshold t"
    lines = ax.get_lines()
    # three rules, the "no rule" and "clean truth" levels, and the chosen point
    assert len(lines) == 6
    chosen = lines[-1]
    r2 = clean_grid.point("mean", "IQR", 3.0).r2
    assert chosen.get_xdata()[0] == 3.0
    assert chosen.get_ydata()[0] == pytest.approx(max(r2, 0.5))
    widths = {ln.get_label(): ln.get_linewidth() for ln in lines[:3]}
    assert widths["IQR"] > widths["z-score"]
    with pytest.raises(ValueError, match="unknown outlier rule"):
        cleaning_plots.plot_score_curves(
            clean_grid, imputation="mean", rule="mad", threshold=3.0
        )


def test_imputation_panels_share_their_scales(clean_grid):
    import matplotlib.pyplot as plt

    col = "area_m2"
    filled = {
        "mean": clean_grid.point("mean", "IQR", 3.0).values[col],
        "model": clean_grid.point("model", "IQR", 3.0).values[col],
    }
    _, axes = plt.subplots(1, 2)
    out = cleaning_plots.plot_imputations(
        clean_grid.before[col], filled, clean_grid.truth[col], column=col, axes=axes
    )
    assert [ax.get_title() for ax in out] == [
        "area_m2: mean imputation",
        "area_m2: model imputation",
    ]
    assert out[0].get_ylim() == out[1].get_ylim()
    assert out[0].get_xlim() == out[1].get_xlim()
    # The common top fits the taller panel: no histogram is cut off.
    tallest = max(p.get_data().values.max() for ax in out for p in ax.patches)
    assert out[0].get_ylim()[1] >= tallest
    with pytest.raises(ValueError, match="one axes per strategy"):
        cleaning_plots.plot_imputations(
            clean_grid.before[col],
            filled,
            clean_grid.truth[col],
            column=col,
            axes=axes[:1],
        )
    plt.close("all")
