"""The captcha widget (lesson 01): how the reader copes when the style changes.

:func:`build_captcha_widget` scores the reader once over a grid of styles
(:func:`helpers.acquire.captcha_grid.style_grid`, kept as the widget's ``state``); a
control change only selects a precomputed style and redraws with
:mod:`helpers.acquire.captcha_plots`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from helpers.acquire.captcha import MAX_CAPTCHAS, CaptchaReader, train_reader
from helpers.acquire.captcha_grid import style_grid
from helpers.acquire.captcha_plots import plot_captchas, plot_style_accuracy
from helpers.core.config import pick
from helpers.core.validation import check_int
from helpers.ui.widgets import InteractiveFigure, dropdown, steps


def build_captcha_widget(
    *,
    reader: CaptchaReader | None = None,
    n_train: int | None = None,
    n_eval: int | None = None,
) -> InteractiveFigure:
    """The site changes its captcha: font, rotation and noise vs the reader's accuracy.

    A reader trained on the site's current style (or ``reader``) is scored once on a
    grid of styles; moving a control only selects a grid point and redraws. The
    :class:`~helpers.acquire.captcha_grid.StyleGrid` is the widget's ``state``.
    """
    if reader is not None and not isinstance(reader, CaptchaReader):
        raise TypeError(f"reader must be a CaptchaReader, got {type(reader).__name__}")
    n_train = pick(normal=1500, fast=500) if n_train is None else n_train
    n_eval = pick(normal=80, fast=40) if n_eval is None else n_eval
    n_train = check_int("n_train", n_train, low=1, high=MAX_CAPTCHAS)
    n_eval = check_int("n_eval", n_eval, low=1, high=MAX_CAPTCHAS)
    if reader is None:
        reader = train_reader(n_train)
    grid = style_grid(reader, n_eval=n_eval, n_samples=min(4, n_eval))
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
        state=grid,
    )
    # Narrow samples (their labels to the right), the accuracy panel with its legend
    # outside, to the right.
    widget.axes[0, 0].set_position((0.01, 0.08, 0.26, 0.78))
    widget.axes[0, 1].set_position((0.45, 0.15, 0.36, 0.71))
    widget.refresh()
    return widget
