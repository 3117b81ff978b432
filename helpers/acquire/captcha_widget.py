"""The captcha widget (lesson 01): how the reader copes when the style changes.

:func:`style_grid` renders captchas and scores the reader over a grid of styles once;
:func:`build_captcha_widget` only selects a precomputed style and redraws.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes

from helpers.acquire.captcha import (
    CaptchaReader,
    CaptchaStyle,
    _digits_of,
    render_captchas,
    train_reader,
)
from helpers.ui.plots import color_for, label_axes, new_ax

GRID_FONTS = ("sans", "sans-bold", "serif", "typewriter")
GRID_ROTATIONS = (0, 10, 20, 30, 40)
GRID_NOISES = (0.05, 0.15, 0.25, 0.35, 0.45)


@dataclass(frozen=True)
class StyleGrid:
    """A reader's accuracy on captchas of many styles, and a few samples of each.

    ``captcha_acc`` and ``digit_acc`` have shape ``(fonts, rotations, noises)``;
    :meth:`sample` gives ``(images, texts, predicted)`` for one style.
    """

    fonts: tuple[str, ...]
    rotations: tuple[int, ...]
    noises: tuple[float, ...]
    digit_acc: np.ndarray
    captcha_acc: np.ndarray
    samples: dict[tuple[int, int, int], tuple[np.ndarray, list[str], list[str]]]
    base: CaptchaStyle

    def index(self, font: str, rotation: float, noise: float) -> tuple[int, int, int]:
        """Grid position of a style; raises ValueError for a style off the grid."""
        try:
            return (
                self.fonts.index(font),
                self.rotations.index(int(round(rotation))),
                _nearest(self.noises, noise),
            )
        except ValueError:
            raise ValueError(
                f"style (font={font!r}, rotation={rotation}, noise={noise}) is not on "
                f"the grid: fonts {self.fonts}, rotations {self.rotations}, noises "
                f"{self.noises}"
            ) from None

    def lookup(self, font: str, rotation: float, noise: float) -> dict[str, float]:
        """Accuracy of the reader on one style of the grid."""
        i = self.index(font, rotation, noise)
        return {
            "digit": float(self.digit_acc[i]),
            "captcha": float(self.captcha_acc[i]),
        }

    def sample(
        self, font: str, rotation: float, noise: float
    ) -> tuple[np.ndarray, list[str], list[str]]:
        """A few captchas of one style: images, true texts, what the reader read."""
        return self.samples[self.index(font, rotation, noise)]


def _nearest(values: tuple[float, ...], x: float) -> int:
    k = int(np.argmin(np.abs(np.asarray(values) - x)))
    if abs(values[k] - x) > 1e-6:
        raise ValueError(f"{x} is not one of {values}")
    return k


def style_grid(
    reader: CaptchaReader,
    *,
    n_eval: int = 80,
    n_samples: int = 4,
    base: CaptchaStyle | None = None,
    fonts: tuple[str, ...] = GRID_FONTS,
    rotations: tuple[int, ...] = GRID_ROTATIONS,
    noises: tuple[float, ...] = GRID_NOISES,
    seed: int = 1,
) -> StyleGrid:
    """Score ``reader`` on ``n_eval`` fresh captchas for every (font, rotation, noise).

    Every other style parameter stays as in ``base`` (the site's current captcha).
    """
    base = base or CaptchaStyle()
    if n_eval < n_samples or n_samples < 1:
        raise ValueError(f"need n_eval >= n_samples >= 1, got {n_eval}, {n_samples}")
    if (
        base.fonts[0] not in fonts
        or base.rotation not in rotations
        or not any(abs(base.noise - x) < 1e-9 for x in noises)
    ):
        raise ValueError(
            f"the base style (font {base.fonts[0]!r}, rotation {base.rotation}, noise "
            f"{base.noise}) must be on the grid"
        )
    shape = (len(fonts), len(rotations), len(noises))
    digit_acc, captcha_acc = np.zeros(shape), np.zeros(shape)
    samples = {}
    for i, font in enumerate(fonts):
        for j, rot in enumerate(rotations):
            for k, noise in enumerate(noises):
                style = replace(base, fonts=(font,), rotation=rot, noise=noise)
                batch = render_captchas(n_eval, style=style, seed=seed)
                pred = reader.predict(batch.images)
                hit = _digits_of(pred, base.n_digits) == batch.digits
                digit_acc[i, j, k], captcha_acc[i, j, k] = hit.mean(), hit.all(1).mean()
                samples[i, j, k] = (
                    batch.images[:n_samples],
                    batch.texts[:n_samples],
                    pred[:n_samples],
                )
    return StyleGrid(
        tuple(fonts),
        tuple(rotations),
        tuple(noises),
        digit_acc,
        captcha_acc,
        samples,
        base,
    )


def plot_captchas(
    images: np.ndarray,
    texts: list[str] | None = None,
    *,
    predicted: list[str] | None = None,
    ax: Axes | None = None,
    title: str = "Captchas",
) -> Axes:
    """Captchas stacked in one picture; with ``predicted``, rows say what was read."""
    images = np.asarray(images)
    if images.ndim != 3 or not len(images):
        raise ValueError(f"images must have shape (n, h, w), got {images.shape}")
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
            label=f"noise {level:.2f} (darker: more)" if kk == k else None,
        )
    ax.plot(rotation, grid.captcha_acc[i, j, k], "o", ms=9, color=color_for("wrong"))
    site = grid.lookup(grid.base.fonts[0], grid.base.rotation, grid.base.noise)
    ax.axhline(site["captcha"], color=color_for("baseline"), ls="--", lw=1)
    ax.text(0, site["captcha"] - 0.07, "site's current captcha", fontsize=8)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xticks(grid.rotations)  # few ticks: text is most of a redraw's cost
    ax.set_yticks([0, 0.5, 1])
    ax.legend(loc="upper right", fontsize="small")
    return label_axes(
        ax,
        title=f"Reader of the site's captcha, on font '{font}'",
        xlabel="maximum rotation of a digit (degrees)",
        ylabel="whole-captcha accuracy",
    )


def build_captcha_widget(
    *,
    reader: CaptchaReader | None = None,
    n_train: int | None = None,
    n_eval: int | None = None,
) -> Any:
    """The site changes its captcha: font, rotation and noise vs the reader's accuracy.

    A reader trained on the site's current style (or ``reader``) is scored once on a
    grid of styles; moving a control only selects a grid point and redraws.
    """

    from helpers.core.config import pick
    from helpers.ui.widgets import InteractiveFigure, dropdown, steps

    if reader is None:
        reader = train_reader(n_train or pick(normal=1500, fast=500))
    grid = style_grid(reader, n_eval=n_eval or pick(normal=80, fast=40))
    base = grid.base

    def draw(axes: np.ndarray, p: dict[str, Any]) -> str:
        images, texts, pred = grid.sample(**p)
        plot_captchas(
            images, texts, predicted=pred, ax=axes[0, 0], title="Samples of this style"
        )
        plot_style_accuracy(grid, ax=axes[0, 1], **p)
        now = grid.lookup(**p)
        site = grid.lookup(base.fonts[0], base.rotation, base.noise)
        return (
            f"font <b>{p['font']}</b>, rotation ±{p['rotation']}°, noise "
            f"{p['noise']:g}: digit accuracy <b>{now['digit']:.3f}</b>, whole-captcha "
            f"accuracy <b>{now['captcha']:.3f}</b> (on the site's current captcha: "
            f"{site['captcha']:.3f})"
        )

    controls = {
        "font": dropdown("font", list(grid.fonts), value=base.fonts[0]),
        "rotation": steps("max rotation (°)", grid.rotations, value=int(base.rotation)),
        "noise": steps("pixel noise (std)", grid.noises, value=base.noise),
    }
    widget = InteractiveFigure(
        controls,
        draw,
        ncols=2,
        figsize=(9.5, 3.3),
        adjust={
            "left": 0.02,
            "right": 0.98,
            "bottom": 0.15,
            "top": 0.88,
            "wspace": 0.35,
        },
    )
    # Narrow samples (their labels to the right), a wider accuracy panel.
    widget.axes[0, 0].set_position((0.01, 0.08, 0.28, 0.78))
    widget.axes[0, 1].set_position((0.52, 0.15, 0.46, 0.71))
    widget.refresh()
    widget.grid = grid  # the precomputed results, for checks and exercises
    return widget
