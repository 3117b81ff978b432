"""Figures of lesson 16's pretraining half: the loss curve, the n-gram baseline and
the scaling runs."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from helpers.core.validation import check_int, check_real
from helpers.llm.checkpoints import PretrainRun
from helpers.llm.train import TrainLog
from helpers.ui.plots import color_for, label_axes, new_ax

SIZE_COLORS = {"tiny": "#56B4E9", "small": "#0072B2", "base": "#D55E00"}


def _smooth(values: np.ndarray, window: int) -> np.ndarray:
    window = max(1, min(window, len(values)))
    kernel = np.ones(window) / window
    return np.convolve(values, kernel, mode="valid")


def plot_loss_curve(
    log: TrainLog,
    *,
    baselines: dict[str, float] | None = None,
    window: int = 25,
    ax: Axes | None = None,
) -> Axes:
    """Training loss (bits per character, moving average of ``window`` steps) and
    held-out bpc against the step, with horizontal lines for ``baselines``."""
    if not isinstance(log, TrainLog):
        raise TypeError(f"log must be a TrainLog, got {type(log).__name__}")
    window = check_int("window", window, low=1, high=10_000)
    ax = new_ax(ax)
    train = _smooth(log.train_loss / math.log(2), window)
    ax.plot(
        np.arange(len(train)) + window,
        train,
        color=color_for("train"),
        label=f"train (mean of {window} steps)",
    )
    ax.plot(
        log.steps,
        log.val_bpc,
        "o-",
        color=color_for("validation"),
        label="held-out",
        ms=3,
    )
    for i, (name, value) in enumerate((baselines or {}).items()):
        ax.axhline(value, ls="--", lw=1, color=f"C{i + 2}", label=name)
    ax.set_ylim(top=min(7.0, float(np.max(log.val_bpc)) + 0.2))
    ax.legend(loc="upper right", fontsize="small", frameon=True)
    return label_axes(
        ax,
        title="Pretraining: next-character loss",
        xlabel="step",
        ylabel="bits per character",
    )


def plot_ngram_orders(
    table: pd.DataFrame, *, model_bpc: float, model_label: str, ax: Axes | None = None
) -> Axes:
    """Held-out bpc of the n-gram baseline per order (bars) and the model (line)."""
    if not isinstance(table, pd.DataFrame) or not {"order", "bpc"} <= set(table):
        raise TypeError("table must be a DataFrame with columns order and bpc")
    if table.empty:
        raise ValueError("table must have at least one row")
    model_bpc = check_real("model_bpc", model_bpc, low=0)
    if not isinstance(model_label, str):
        raise TypeError("model_label must be a string")
    ax = new_ax(ax)
    ax.bar(table["order"], table["bpc"], color=color_for("before"), label="n-gram (KN)")
    ax.axhline(model_bpc, color=color_for("after"), lw=2, label=model_label)
    ax.set_xticks(table["order"])
    ax.legend(loc="upper right", fontsize="small")
    return label_axes(
        ax,
        title="Held-out bits per character: n-grams vs the model",
        xlabel="n-gram order (context = order - 1 characters)",
        ylabel="bits per character",
    )


def plot_scaling(runs: dict[str, PretrainRun], *, axes=None) -> np.ndarray:
    """Two panels: held-out bpc vs tokens seen (one line per size) and final bpc vs
    parameters. Returns the two axes."""
    import matplotlib.pyplot as plt

    if not isinstance(runs, dict) or not runs:
        raise TypeError("runs must be a non-empty dict of size -> PretrainRun")
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(11, 4))
    left, right = axes
    for size, run in runs.items():
        tokens = np.maximum(run.log.tokens, 1)
        left.plot(
            tokens[1:],
            run.log.val_bpc[1:],
            "o-",
            ms=3,
            color=SIZE_COLORS.get(size),
            label=f"{size} ({run.n_params:,})",
        )
    left.set_xscale("log")
    left.legend(title="size (parameters)", fontsize="small", loc="upper right")
    label_axes(
        left,
        title="Loss vs tokens seen",
        xlabel="training tokens (log)",
        ylabel="held-out bits per character",
    )
    params = [r.n_params for r in runs.values()]
    final = [float(r.log.val_bpc[-1]) for r in runs.values()]
    right.plot(params, final, "o-", color=color_for("after"))
    for size, x, y in zip(runs, params, final, strict=True):
        right.annotate(size, (x, y), textcoords="offset points", xytext=(4, 4))
    right.set_xscale("log")
    label_axes(
        right,
        title="Loss vs model size (same tokens)",
        xlabel="parameters (log)",
        ylabel="held-out bits per character",
    )
    return np.asarray(axes)
