"""Figures of lesson 10's 2-D GAN: samples at one snapshot and the two losses.

The runs come from :func:`helpers.synth.gan.train_gan`.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from helpers.core.validation import check_int
from helpers.synth.gan import GanRun
from helpers.ui.plots import color_for, label_axes, new_ax


def plot_gan_samples(
    run: GanRun, *, snapshot: int = -1, ax: Axes | None = None
) -> Axes:
    """Real points and the generator's samples at one snapshot (an index into
    ``run.snapshots``; negative counts from the end)."""
    _check_run(run)
    n = len(run.snapshots)
    snapshot = check_int("snapshot", snapshot, low=-n, high=n - 1)
    ax = new_ax(ax, figsize=(4, 4))
    pts = run.snapshots[snapshot]
    ax.scatter(*run.real.T, s=4, color=color_for("real"), alpha=0.3, label="real")
    ax.scatter(*pts.T, s=4, color=color_for("synthetic"), alpha=0.6, label="generated")
    step = run.snapshot_steps[snapshot]
    label_axes(
        ax,
        title=f"step {step}: {run.modes_covered[snapshot]}/{run.config.n_modes} modes",
        xlabel="x1",
        ylabel="x2",
    )
    ax.set_xlim(-3, 3)
    ax.set_ylim(-3, 3)
    ax.set_aspect("equal")
    return ax


def plot_gan_losses(run: GanRun, *, ax: Axes | None = None, window: int = 25) -> Axes:
    """Discriminator and generator loss per step (moving average over ``window``)."""
    _check_run(run)
    window = check_int("window", window, low=1, high=len(run.d_loss))
    ax = new_ax(ax)
    kernel = np.ones(window) / window
    for name, loss in (("discriminator", run.d_loss), ("generator", run.g_loss)):
        smooth = np.convolve(loss, kernel, mode="valid")
        ax.plot(
            np.arange(len(smooth)) + window, smooth, label=name, color=color_for(name)
        )
    ax.axhline(
        2 * np.log(2), color="grey", ls=":", lw=1, label="D at equilibrium (2 ln 2)"
    )
    label_axes(
        ax,
        title="The two players' losses",
        xlabel="training step",
        ylabel="loss (nats)",
    )
    # outside the axes, right: the curves fill the whole plot area
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small")
    return ax


def _check_run(run: GanRun) -> None:
    if not isinstance(run, GanRun):
        raise TypeError(f"run must be a GanRun, got {type(run).__name__}")
