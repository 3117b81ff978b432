"""Figures of lesson 09's probe results and SimCLR run.

* :func:`plot_probe_curves` -- linear-probe accuracy against labels per class, one
  median line (quartile band over seeds) per feature set.
* :func:`plot_losses` -- InfoNCE per epoch against the loss of a uniform guess.
* :func:`plot_positive_pairs` -- originals and two augmented views of each.

The numbers come from :mod:`helpers.represent.probe` and
:mod:`helpers.represent.contrastive`; rows of digits are drawn by
:func:`helpers.ui.plots.image_rows`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from helpers.core.validation import check_frame, check_real
from helpers.represent.contrastive import SimCLRRun
from helpers.represent.probe import COLUMNS, FEATURES
from helpers.ui.plots import color_for, image_rows, label_axes, median_band, new_ax


def plot_probe_curves(curves: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Median accuracy (band: quartiles over seeds) against labels per class.

    ``curves`` is the table of :func:`helpers.represent.probe.probe_curves`.
    """
    check_frame(curves, COLUMNS)
    ax = new_ax(ax)
    few = curves[curves.per_class > 0]
    for name in [f for f in FEATURES if f in set(few.features)]:
        table = few[few.features == name].pivot(
            index="seed", columns="per_class", values="accuracy"
        )
        label = "PCA" if name == "pca" else name
        median_band(
            table.columns,
            table.to_numpy(),
            label=label,
            ax=ax,
            marker="o",
            color=color_for(name),
        )
    ax.set_xscale("log")
    budgets = sorted(set(few.per_class))
    ax.set_xticks(budgets, [str(b) for b in budgets])
    ax.minorticks_off()
    ax.legend(loc="lower right")
    return label_axes(
        ax,
        title="Linear probe on frozen features",
        xlabel="labels per class (log scale)",
        ylabel="test accuracy",
    )


def plot_losses(run: SimCLRRun, *, ax: Axes | None = None) -> Axes:
    """InfoNCE per epoch, with the loss of guessing among all other views."""
    if not isinstance(run, SimCLRRun):
        raise TypeError(f"run must be a SimCLRRun, got {type(run).__name__}")
    ax = new_ax(ax)
    epochs = np.arange(1, len(run.losses) + 1)
    ax.plot(epochs, run.losses, color=color_for("contrastive"), label="training loss")
    chance = np.log(2 * run.config.batch_size - 1)
    ax.axhline(
        chance,
        color=color_for("baseline"),
        ls="--",
        label=f"uniform guess, log(2n - 1) = {chance:.2f}",
    )
    ax.legend(loc="upper right")
    return label_axes(
        ax, title="SimCLR training", xlabel="epoch", ylabel="InfoNCE loss (nats)"
    )


def plot_positive_pairs(
    pairs: dict[str, np.ndarray], *, strength: float, ax: Axes | None = None
) -> Axes:
    """Rows from :func:`helpers.represent.contrastive.positive_pairs`: originals and
    two augmented views of each, the positive pairs."""
    strength = check_real("strength", strength, low=0)
    return image_rows(
        pairs,
        title=f"Positive pairs at augmentation strength {strength:g}",
        xlabel="one column per pool image (8 x 8 px)",
        ax=ax,
    )
