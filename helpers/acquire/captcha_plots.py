"""Figures of the captcha simulator (lesson 01): captchas, and accuracy by style.

:func:`plot_captchas` stacks captchas (with what a reader read),
:func:`plot_style_accuracy` draws a :class:`~helpers.acquire.captcha_grid.StyleGrid`,
:func:`plot_training_sources` compares readers trained on generated and real captchas.
"""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes

from helpers.acquire.captcha_grid import StyleGrid
from helpers.core.validation import check_array, check_same_length
from helpers.ui.plots import color_for, label_axes, new_ax


def plot_captchas(
    images: np.ndarray,
    texts: list[str] | None = None,
    *,
    predicted: list[str] | None = None,
    ax: Axes | None = None,
    title: str = "Captchas",
) -> Axes:
    """Captchas stacked in one picture; with ``predicted``, rows say what was read."""
    images = check_array("images", images, ndim=3)  # (n, h, w)
    for name, given in (("texts", texts), ("predicted", predicted)):
        if isinstance(given, str):
            raise TypeError(f"{name} must be a list of strings, one per image")
        if given is not None:
            check_same_length(images=images, **{name: given})
    n, h, w = images.shape
    gap = np.zeros((n, 3, w), dtype=images.dtype)
    stacked = np.concatenate([images, gap], axis=1).reshape(-1, w)  # (n * (h+3), w)
    ax = new_ax(ax, figsize=(4, 0.45 * n + 0.6))
    ax.imshow(stacked, cmap="gray_r", vmin=0, vmax=1, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    for r in range(n):
        if texts is None:
            continue
        label = f"true {texts[r]}"
        color = "black"
        if predicted is not None:
            ok = predicted[r] == texts[r]
            label += f"\nread {predicted[r]} {'✓' if ok else '✗'}"
            color = color_for("correct" if ok else "wrong")
        ax.text(w + 3, r * (h + 3) + h / 2, label, va="center", fontsize=8, color=color)
    ax.set_title(title)
    return ax


def plot_style_accuracy(
    grid: StyleGrid,
    *,
    font: str,
    rotation: float,
    noise: float,
    ax: Axes | None = None,
) -> Axes:
    """Whole-captcha accuracy against rotation, one line per noise level, one font."""
    i, j, k = grid.index(font, rotation, noise)
    ax = new_ax(ax)
    shades = mpl.colormaps["Blues"](np.linspace(0.35, 0.95, len(grid.noises)))
    for kk, level in enumerate(grid.noises):
        ax.plot(
            grid.rotations,
            grid.captcha_acc[i, :, kk],
            color=shades[kk],
            lw=2.8 if kk == k else 1.2,
            label=f"noise {level:.2f}" + (" (chosen)" if kk == k else ""),
        )
    ax.plot(
        rotation,
        grid.captcha_acc[i, j, k],
        "o",
        ms=9,
        color=color_for("wrong"),
        label="your choice",
    )
    site = grid.lookup(grid.base.fonts[0], grid.base.rotation, grid.base.noise)
    ax.axhline(
        site["captcha"],
        color=color_for("baseline"),
        ls="--",
        lw=1,
        label="site's current captcha",
    )
    ax.set_ylim(-0.02, 1.02)
    ax.set_xticks(grid.rotations)  # few ticks: text is most of a redraw's cost
    ax.set_yticks([0, 0.5, 1])
    # Outside the axes, on the right: the curves fill the whole panel.
    ax.legend(
        loc="upper left",
        bbox_to_anchor=(1.02, 1.0),
        fontsize="x-small",
        title="pixel noise (std)",
        title_fontsize="x-small",
        frameon=False,
    )
    return label_axes(
        ax,
        title=f"Reader of the site's captcha, on font '{font}'",
        xlabel="maximum rotation of a digit (degrees)",
        ylabel="whole-captcha accuracy",
    )
