"""Figures of lesson 11: training curves, loss shapes, the outlier test, the family
comparison and one run of the hyperparameter grid."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from helpers.core.validation import check_array, check_choice, check_frame
from helpers.train.grid import CURVES, DEFAULT, GridResults
from helpers.train.trainer import History
from helpers.ui.plots import color_for, label_axes, new_ax

TRAIN, VAL = color_for("train"), color_for("validation")


def plot_history(
    history: History, *, metric: str = "loss", ax: Axes | None = None, title: str = ""
) -> Axes:
    """Train and validation ``metric`` (``"loss"`` or ``"accuracy"``) per epoch; a
    dotted line marks the best validation epoch when training stopped early."""
    if not isinstance(history, History):
        raise TypeError(f"history must be a History, got {type(history).__name__}")
    check_choice("metric", metric, ("loss", "accuracy"))
    key = "loss" if metric == "loss" else "acc"
    ax = new_ax(ax)
    epochs = np.arange(1, history.epochs + 1)
    ax.plot(epochs, getattr(history, f"train_{key}"), color=TRAIN, label="train")
    ax.plot(epochs, getattr(history, f"val_{key}"), color=VAL, label="validation")
    if history.stopped_early:
        ax.axvline(
            history.best_epoch + 1, color="grey", ls=":", label="best epoch (kept)"
        )
    unit = "cross-entropy (nats)" if metric == "loss" else "accuracy (fraction)"
    label_axes(
        ax, title=title or f"Training curves: {metric}", xlabel="epoch", ylabel=unit
    )
    ax.legend(loc="upper right" if metric == "loss" else "lower right")
    return ax


def plot_loss_shapes(table: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Cross-entropy and squared error against the margin (from ``loss_by_margin``)."""
    check_frame(table, ("margin", "cross-entropy", "squared error"), name="table")
    ax = new_ax(ax)
    ax.plot(table["margin"], table["cross-entropy"], label="cross-entropy", lw=2)
    ax.plot(table["margin"], table["squared error"], label="squared error (MSE)", lw=2)
    ax.axvline(0, color="grey", lw=0.8)
    ax.text(0.02, 0.5, "wrong side  <-", transform=ax.transAxes, color="grey")
    ax.text(0.7, 0.5, "->  right side", transform=ax.transAxes, color="grey")
    label_axes(
        ax,
        title="What each loss charges for one example",
        xlabel="margin z_true - z_other (logit units)",
        ylabel="loss (nats / squared prob.)",
    )
    ax.legend(loc="upper right")
    return ax


def plot_outliers(
    data: dict[str, np.ndarray], crossings: dict[str, float], *, ax: Axes | None = None
) -> Axes:
    """The training points of ``outlier_data`` (outliers circled) and, for each
    model in ``crossings``, where its boundary crosses the line y = 0."""
    if not isinstance(data, dict) or not {"X", "y", "is_outlier"} <= set(data):
        raise TypeError("data must be the dict made by outlier_data")
    X = check_array("X", data["X"], ndim=2)
    ax = new_ax(ax)
    for label in (0, 1):
        pts = X[(data["y"] == label) & ~data["is_outlier"]]
        ax.scatter(*pts.T, s=10, alpha=0.6, label=f"class {label}")
    far = X[data["is_outlier"]]
    ax.scatter(
        *far.T, s=40, facecolors="none", edgecolors="black", label="outliers labelled 1"
    )
    for i, (name, x) in enumerate(crossings.items()):
        ax.plot(
            [x],
            [0],
            marker="v|"[i % 2],
            ms=14,
            mew=3,
            ls="none",
            label=f"{name}: boundary at y = 0",
        )
    label_axes(
        ax,
        title="Mislabelled far points pull the cross-entropy boundary",
        xlabel="feature 1 (units)",
        ylabel="feature 2 (units)",
    )
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small")
    return ax


def plot_families(table: pd.DataFrame, *, dataset: str, ax: Axes | None = None) -> Axes:
    """Validation accuracy against parameter count, one labelled point per model."""
    check_frame(table, ("dataset", "model", "val accuracy", "parameters"))
    rows = table[
        table["dataset"] == check_choice("dataset", dataset, ("digits", "tickets"))
    ]
    ax = new_ax(ax)
    for _, row in rows.iterrows():
        ax.scatter(
            row["parameters"],
            row["val accuracy"],
            s=50,
            color=color_for(str(row["model"])),
        )
        ax.annotate(
            str(row["model"]),
            (row["parameters"], row["val accuracy"]),
            textcoords="offset points",
            xytext=(5, 4),
            fontsize="small",
        )
    ax.set_xscale("log")
    label_axes(
        ax,
        title=f"Model families on {dataset}",
        xlabel="parameters (tree nodes for the forest, log scale)",
        ylabel="validation accuracy (fraction)",
    )
    return ax


def plot_grid_run(
    grid: GridResults, setting: dict[str, Any], *, axes: Any = None
) -> np.ndarray:
    """Loss and accuracy curves of the run of ``setting`` (solid) next to the
    default run (dashed), on two axes."""
    if not isinstance(grid, GridResults):
        raise TypeError(f"grid must be GridResults, got {type(grid).__name__}")
    run = grid.curves[grid.index_of(setting)]  # (4, epochs)
    base = grid.curves[grid.index_of(DEFAULT)]  # (4, epochs)
    if axes is None:
        import matplotlib.pyplot as plt

        _, axes = plt.subplots(1, 2, figsize=(10, 3.6))
    axes = np.asarray(axes).ravel()
    epochs = np.arange(1, grid.epochs + 1)
    for ax, what in zip(axes[:2], ("loss", "acc"), strict=True):
        for name, color in (("train", TRAIN), ("val", VAL)):
            i = CURVES.index(f"{name}_{what}")
            ax.plot(epochs, base[i], color=color, ls="--", lw=1, alpha=0.6)
            ax.plot(epochs, run[i], color=color, lw=2, label=f"{name} (this run)")
        ax.plot([], [], color="grey", ls="--", label="default run")
    label_axes(
        axes[0], title="Loss per epoch", xlabel="epoch", ylabel="cross-entropy (nats)"
    )
    label_axes(
        axes[1],
        title="Accuracy per epoch",
        xlabel="epoch",
        ylabel="accuracy (fraction)",
    )
    axes[0].legend(loc="upper right", fontsize="small")
    axes[1].set_ylim(0, 1.02)
    for ax in axes[:2]:
        ax.locator_params(nbins=4)  # fewer ticks: the widget redraws faster
    return axes
