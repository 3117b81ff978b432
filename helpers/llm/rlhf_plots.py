"""Figures of lesson 18's RLHF part: the reward model's training, REINFORCE runs
with and without the KL penalty, the reward-KL trade-off and best-of-n."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from helpers.core.validation import check_frame, check_int, check_real
from helpers.llm.rlhf_runs import RLHFRun
from helpers.ui.plots import color_for, label_axes, new_ax

REWARD_COLOR = color_for("reward model")
TRUE_COLOR = color_for("rule")


def _check_run(run: object) -> None:
    if not isinstance(run, RLHFRun):
        raise TypeError(f"run must be an RLHFRun, got {type(run).__name__}")


def _smooth(values: np.ndarray, window: int) -> np.ndarray:
    window = max(1, min(window, len(values)))
    return np.convolve(values, np.ones(window) / window, mode="valid")


def plot_reward_training(
    run: RLHFRun, *, window: int = 10, ax: Axes | None = None
) -> Axes:
    """Bradley-Terry loss of the reward model per step (moving average), with
    ``ln 2`` (a model that cannot tell the two answers apart) for reference."""
    _check_run(run)
    window = check_int("window", window, low=1, high=10_000)
    ax = new_ax(ax)
    for loss, name in (
        (run.rm_loss, "rule labels"),
        (run.judge_rm_loss, "judge labels"),
    ):
        y = _smooth(loss, window)
        ax.plot(np.arange(len(y)) + window, y, color=color_for(name), label=name)
    ax.axhline(np.log(2), ls="--", lw=1, color="0.4", label="ln 2 (coin flip)")
    ax.legend(loc="upper right", fontsize="small")
    return label_axes(
        ax,
        title="Reward model: Bradley-Terry loss",
        xlabel="training step",
        ylabel=f"loss (nats, mean of {window} steps)",
    )


def plot_pg_run(
    run: RLHFRun,
    *,
    beta: float,
    window: int = 10,
    axes: tuple[Axes, Axes] | None = None,
) -> tuple[Axes, Axes]:
    """One REINFORCE run: reward-model score and true (rule) score per step on the
    left, KL to the SFT model on the right."""
    _check_run(run)
    beta = check_real("beta", beta, low=0, high=1000)
    window = check_int("window", window, low=1, high=10_000)
    if str(float(beta)) not in run.pg_logs:
        raise ValueError(f"beta must be one of {sorted(run.pg_logs)}, got {beta}")
    log = run.pg_logs[str(float(beta))]
    if axes is None:
        import matplotlib.pyplot as plt

        _, axes = plt.subplots(1, 2, figsize=(10, 3.6))
    left, right = axes
    x = np.arange(len(_smooth(log["reward"], window))) + window
    left.plot(
        x, _smooth(log["reward"], window), color=REWARD_COLOR, label="reward model"
    )
    left.plot(
        x, _smooth(log["true_score"], window), color=TRUE_COLOR, label="rule (truth)"
    )
    left.set_ylim(-1.05, 1.05)
    left.legend(loc="lower left", fontsize="small")
    label_axes(
        left,
        title=f"REINFORCE, beta = {beta:g}",
        xlabel="step",
        ylabel="mean score per answer",
    )
    right.plot(x, _smooth(log["kl"], window), color=color_for("KL"))
    right.set_ylim(bottom=0)
    label_axes(
        right, title="Drift from the SFT model", xlabel="step", ylabel="KL (nats)"
    )
    return left, right


def plot_reward_vs_kl(table: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Each method's reward-model score and true score against its KL to the SFT
    model (one row of ``table`` per method)."""
    table = check_frame(
        table,
        ["method", "reward (RM)", "true score (rule)", "KL to SFT (nats)"],
        name="table",
    )
    ax = new_ax(ax, figsize=(7.5, 4.2))
    kl = table["KL to SFT (nats)"].to_numpy(dtype=float)
    ax.scatter(
        kl, table["reward (RM)"], color=REWARD_COLOR, label="reward model", zorder=3
    )
    ax.scatter(
        kl,
        table["true score (rule)"],
        color=TRUE_COLOR,
        marker="s",
        label="rule (truth)",
        zorder=3,
    )
    for x, y, name in zip(kl, table["true score (rule)"], table["method"], strict=True):
        ax.annotate(
            str(name),
            (x, y),
            textcoords="offset points",
            xytext=(4, -10),
            fontsize="x-small",
        )
    ax.set_xscale("symlog", linthresh=0.1)
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize="small")
    return label_axes(
        ax,
        title="What each method bought, and how far it drifted",
        xlabel="KL to the SFT model (nats, symmetric log scale)",
        ylabel="mean score per answer",
    )


def plot_best_of_n(curve: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Best-of-n: reward-model score and true score against n (log scale)."""
    curve = check_frame(curve, ["n", "reward (RM)", "true score (rule)"], name="curve")
    ax = new_ax(ax, figsize=(6.5, 3.8))
    ax.plot(
        curve["n"], curve["reward (RM)"], "o-", color=REWARD_COLOR, label="reward model"
    )
    ax.plot(
        curve["n"],
        curve["true score (rule)"],
        "s-",
        color=TRUE_COLOR,
        label="rule (truth)",
    )
    ax.set_xscale("log", base=2)
    ax.legend(loc="lower right", fontsize="small")
    return label_axes(
        ax,
        title="Best-of-n: sample n answers, keep the top-scored",
        xlabel="n (answers sampled per prompt)",
        ylabel="mean score per answer",
    )
