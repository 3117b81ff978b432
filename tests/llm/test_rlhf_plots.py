"""Tests for llm/rlhf_plots.py: each figure is titled, labelled and holds its data."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from helpers.llm import rlhf_plots
from llm.rlhf_support import fake_run


def teardown_function():
    plt.close("all")


def test_reward_training_curve_and_coin_flip_line():
    run = fake_run()
    ax = rlhf_plots.plot_reward_training(run, window=1)
    assert ax.get_title() and ax.get_xlabel() and "nats" in ax.get_ylabel()
    lines = ax.get_lines()
    assert np.allclose(lines[0].get_ydata(), run.rm_loss)
    assert np.allclose(lines[-1].get_ydata(), np.log(2))


def test_pg_run_draws_both_panels_and_refuses_an_untrained_beta():
    run = fake_run()
    left, right = rlhf_plots.plot_pg_run(run, beta=0.1, window=1)
    assert np.allclose(right.get_lines()[0].get_ydata(), run.pg_logs["0.1"]["kl"])
    assert left.get_legend() is not None and "KL" in right.get_ylabel()
    with pytest.raises(ValueError, match="beta"):
        rlhf_plots.plot_pg_run(run, beta=0.7)


def test_reward_vs_kl_and_best_of_n():
    run = fake_run()
    ax = rlhf_plots.plot_reward_vs_kl(run.table)
    assert len(ax.collections) == 2 and ax.get_legend() is not None
    curve = pd.DataFrame(
        {"n": [1, 2, 4], "reward (RM)": [0, 1, 2], "true score (rule)": [0, 0.1, 0.2]}
    )
    ax = rlhf_plots.plot_best_of_n(curve)
    assert list(ax.get_lines()[0].get_ydata()) == [0, 1, 2]
    assert ax.get_xscale() == "log"
