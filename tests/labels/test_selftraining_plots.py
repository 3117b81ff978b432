"""Tests of labels.selftraining_plots: what each plot draws for a grid cell."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.labels import selftraining_grid as stg
from helpers.labels import selftraining_plots as stp

SMALL = stg.GridConfig(
    models=("logistic regression", "3-NN"),
    thresholds=(0.5, 0.99),
    seeds=(0, 1),
    k=20,
    max_rounds=3,
)


@pytest.fixture(scope="module")
def grid():
    return stg.run_grid(SMALL)


@pytest.fixture(scope="module")
def cell(grid):
    return grid.select(model="logistic regression", threshold=0.5, balanced=False)


def test_plot_functions_label_their_axes(grid, cell):
    for ax in (
        stp.plot_pseudo_labels(cell),
        stp.plot_class_mix(cell),
        stp.plot_accuracy_rounds(cell, other=cell),
        stp.plot_threshold_sweep(grid, model="3-NN"),
    ):
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()


def test_pseudo_label_bars_stack_to_the_mean_added_per_round(cell):
    ax = stp.plot_pseudo_labels(cell, legend=False)
    digits = ax.patches[: cell.class_counts.shape[-1]]  # one step patch per digit
    top = digits[-1].get_path().vertices[:, 1].max()
    assert top == pytest.approx(cell.added.mean(axis=0).max())
    assert ax.get_legend() is None
    assert stp.plot_pseudo_labels(cell).get_legend() is not None


def test_class_mix_shows_the_shares_with_blank_empty_rounds(cell):
    ax = stp.plot_class_mix(cell, colorbar=False)
    shown = ax.images[0].get_array()  # (classes, rounds), masked where no labels
    share = cell.class_share().T
    np.testing.assert_allclose(shown.filled(np.nan), share)
    assert np.array_equal(np.ma.getmaskarray(shown), np.isnan(share))


def test_accuracy_rounds_draws_the_baseline_and_the_median(cell):
    ax = stp.plot_accuracy_rounds(cell)
    baseline = [ln for ln in ax.lines if ln.get_label() == "supervised only"]
    assert baseline and baseline[0].get_ydata()[0] == pytest.approx(cell.baseline)
    median = [ln for ln in ax.lines if ln.get_label() == cell.mode]
    np.testing.assert_allclose(median[0].get_ydata(), np.median(cell.accuracy, axis=0))


def test_threshold_sweep_has_one_median_line_per_rule(grid):
    ax = stp.plot_threshold_sweep(grid, model="3-NN")
    labels = [ln.get_label() for ln in ax.lines]
    for balanced, mode in enumerate(stg.MODES):
        line = ax.lines[labels.index(mode)]
        np.testing.assert_allclose(
            line.get_ydata(), grid.final_accuracy(model="3-NN", balanced=bool(balanced))
        )


def test_plots_refuse_what_is_not_a_cell_or_grid(grid):
    with pytest.raises(TypeError, match="cell must be a GridCell"):
        stp.plot_pseudo_labels(grid)
    with pytest.raises(TypeError, match="other must be a GridCell"):
        stp.plot_accuracy_rounds(
            grid.select(model="3-NN", threshold=0.5, balanced=False), other="plain"
        )
    with pytest.raises(ValueError, match="unknown model 'SVM'"):
        stp.plot_threshold_sweep(grid, model="SVM")
