"""Tests for llm/pretrain_plots.py: what each figure draws."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from helpers.llm import pretrain_plots
from helpers.llm.checkpoints import PretrainRun
from helpers.llm.train import TrainLog


def _log(scale: float = 1.0) -> TrainLog:
    return TrainLog(
        steps=np.array([0, 10, 20]),
        tokens=np.array([0, 100, 200]),
        train_loss=np.linspace(4, 2, 20) * math.log(2),
        val_bpc=np.array([6.5, 3.0, 2.5]) * scale,
        samples=["a", "b", "c"],
        seconds=1.0,
    )


def _run(size: str, n: int, scale: float) -> PretrainRun:
    return PretrainRun(size, {}, {}, _log(scale), n, 200, 6.0 * n * 200)


def test_loss_curve_in_bits_with_baselines():
    ax = pretrain_plots.plot_loss_curve(_log(), baselines={"trigram": 2.8}, window=5)
    train, val, base = ax.get_lines()
    np.testing.assert_allclose(
        train.get_ydata(), np.convolve(np.linspace(4, 2, 20), np.ones(5) / 5, "valid")
    )
    np.testing.assert_allclose(val.get_ydata(), [6.5, 3.0, 2.5])
    assert base.get_ydata()[0] == 2.8
    assert ax.get_ylabel() == "bits per character" and ax.get_title()
    plt.close("all")


def test_ngram_orders_bars_and_model_line():
    table = pd.DataFrame({"order": [1, 2, 3], "bpc": [4.8, 3.8, 2.8]})
    ax = pretrain_plots.plot_ngram_orders(table, model_bpc=2.5, model_label="GPT")
    assert [p.get_height() for p in ax.patches] == pytest.approx([4.8, 3.8, 2.8])
    assert ax.get_lines()[0].get_ydata()[0] == 2.5
    plt.close("all")


def test_scaling_has_a_line_per_size_and_a_size_curve():
    runs = {"tiny": _run("tiny", 10, 1.1), "small": _run("small", 100, 1.0)}
    left, right = pretrain_plots.plot_scaling(runs)
    assert len(left.get_lines()) == 2 and left.get_xscale() == "log"
    np.testing.assert_allclose(right.get_lines()[0].get_xdata(), [10, 100])
    np.testing.assert_allclose(right.get_lines()[0].get_ydata(), [2.75, 2.5])
    assert left.get_xlabel() and right.get_ylabel()
    plt.close("all")
