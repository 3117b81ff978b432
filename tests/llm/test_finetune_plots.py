"""Lesson 17's figures: titles, labelled axes, one line per group."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from helpers.llm.finetune_plots import (  # noqa: E402
    plot_label_curve,
    plot_lora_grid,
    plot_methods,
)
from llm.ft_support import fake_grid, fake_labels, fake_methods  # noqa: E402


def test_label_curve_draws_both_starts_and_chance():
    ax = plot_label_curve(fake_labels())
    assert ax.get_title() and "labelled" in ax.get_xlabel()
    assert len(ax.lines) == 3 and ax.get_legend() is not None
    plt.close("all")


def test_methods_scatter_has_one_point_and_label_per_method():
    ax = plot_methods(fake_methods())
    assert len(ax.collections[0].get_offsets()) == 7 and len(ax.texts) == 7
    assert "%" in ax.get_xlabel()
    plt.close("all")


def test_lora_grid_rings_the_selection_and_refuses_unknown_cells():
    ax = plot_lora_grid(fake_grid(), rank=4, targets="both")
    assert len(ax.lines) == 4  # three groups + the ring
    assert ax.lines[-1].get_ydata()[0] == pytest.approx(0.4 + 0.1 + 0.08)
    with pytest.raises(ValueError, match=r"one of \[1, 4\]"):
        plot_lora_grid(fake_grid(), rank=2, targets="both")
    with pytest.raises(ValueError):
        plot_lora_grid(fake_grid(), rank=1, targets="ffn")
    plt.close("all")
