"""Tests of acquire.captcha_plots: stacked captchas and accuracy by style."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers.acquire import captcha_plots
from helpers.acquire.captcha import CaptchaStyle, render_captchas
from helpers.acquire.captcha_grid import StyleGrid


def small_grid() -> StyleGrid:
    captcha_acc = np.array([[[0.9, 0.5], [0.6, 0.2]]])  # (1 font, 2 rotations, 2)
    images = np.zeros((2, 28, 88))
    return StyleGrid(
        fonts=("sans",),
        rotations=(10, 30),
        noises=(0.05, 0.45),
        digit_acc=np.sqrt(captcha_acc),
        captcha_acc=captcha_acc,
        samples={
            (0, j, k): (images, ["0000"] * 2, ["0000"] * 2)
            for j in (0, 1)
            for k in (0, 1)
        },
        base=CaptchaStyle(),
    )


def test_plot_captchas_stacks_and_marks_what_was_read():
    batch = render_captchas(3, seed=0)
    read = [
        batch.texts[0],
        "0000" if batch.texts[1] != "0000" else "1111",
        batch.texts[2],
    ]
    ax = captcha_plots.plot_captchas(batch.images, batch.texts, predicted=read)
    (image,) = ax.get_images()
    assert image.get_array().shape == (3 * (28 + 3), 88)  # three rows and gaps
    labels = [t.get_text() for t in ax.texts]
    assert [label.endswith("✓") for label in labels] == [True, False, True]
    assert ax.get_title() == "Captchas"


def test_plot_captchas_on_given_axes_and_bad_input():
    _, ax = plt.subplots()
    assert captcha_plots.plot_captchas(np.zeros((1, 28, 88)), ax=ax) is ax
    assert len(ax.texts) == 0  # no texts, no labels
    with pytest.raises(ValueError, match="images must be 3-D"):
        captcha_plots.plot_captchas(np.zeros((28, 88)))


def test_plot_style_accuracy_draws_one_line_per_noise():
    grid = small_grid()
    ax = captcha_plots.plot_style_accuracy(grid, font="sans", rotation=30, noise=0.45)
    lines = ax.get_lines()
    assert [list(line.get_ydata()) for line in lines[:2]] == [[0.9, 0.6], [0.5, 0.2]]
    assert lines[1].get_linewidth() > lines[0].get_linewidth()  # the chosen noise
    assert list(lines[2].get_ydata()) == [0.2]  # the chosen point
    assert ax.get_xlabel() and ax.get_ylabel() and "sans" in ax.get_title()
    with pytest.raises(ValueError, match="not on the grid"):
        captcha_plots.plot_style_accuracy(grid, font="serif", rotation=30, noise=0.45)


def test_style_accuracy_legend_sits_outside_the_curves():
    import matplotlib.pyplot as plt
    import numpy as np

    from helpers.acquire.captcha import CaptchaStyle
    from helpers.acquire.captcha_grid import StyleGrid
    from helpers.acquire.captcha_plots import plot_style_accuracy

    shape = (1, 2, 2)
    grid = StyleGrid(
        fonts=("sans",),
        rotations=(10, 20),
        noises=(0.05, 0.25),
        captcha_acc=np.full(shape, 0.9),
        digit_acc=np.full(shape, 0.97),
        samples={},
        base=CaptchaStyle(),
    )
    ax = plot_style_accuracy(grid, font="sans", rotation=10, noise=0.05)
    legend = ax.get_legend()
    labels = [t.get_text() for t in legend.get_texts()]
    assert labels[:2] == ["noise 0.05 (chosen)", "noise 0.25"]  # every level named
    assert "site's current captcha" in labels
    ax.figure.canvas.draw()
    box = legend.get_window_extent()
    assert box.x0 >= ax.get_window_extent().x1  # right of the axes: covers no curve
    plt.close("all")
