"""Tests of acquire.captcha_grid: the reader scored over a grid of styles."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.acquire import captcha, captcha_grid
from helpers.acquire.captcha import CaptchaReader, CaptchaStyle


@pytest.fixture(scope="module")
def reader() -> CaptchaReader:
    return captcha.train_reader(400, seed=3)


def test_style_grid_and_lookup(reader):
    grid = captcha_grid.style_grid(
        reader,
        n_eval=30,
        fonts=("sans", "serif"),
        rotations=(0, 10, 40),
        noises=(0.05, 0.45),
    )
    assert grid.captcha_acc.shape == (2, 3, 2)
    site = grid.lookup("sans", 10, 0.05)
    assert site["captcha"] > grid.lookup("serif", 40, 0.45)["captcha"]
    images, texts, pred = grid.sample("serif", 40, 0.45)
    assert images.shape[0] == len(texts) == len(pred) == 4
    with pytest.raises(ValueError, match="not on the grid"):
        grid.lookup("sans", 25, 0.05)
    with pytest.raises(ValueError, match="must be on the grid"):
        captcha_grid.style_grid(reader, n_eval=5, rotations=(0, 20))


def test_style_grid_matches_scoring_by_hand(reader):
    grid = captcha_grid.style_grid(
        reader, n_eval=20, fonts=("sans",), rotations=(10, 30), noises=(0.05,)
    )
    style = CaptchaStyle(rotation=30)
    batch = captcha.render_captchas(20, style=style, seed=1)  # the grid's seed
    expected = reader.score(batch.images, batch.texts)
    assert grid.lookup("sans", 30, 0.05) == pytest.approx(expected)
    assert np.all((0 <= grid.digit_acc) & (grid.digit_acc <= 1))
    assert np.all(grid.captcha_acc <= grid.digit_acc)


def test_style_grid_rejects_bad_sizes(reader):
    with pytest.raises(ValueError, match="n_samples must be an integer in"):
        captcha_grid.style_grid(reader, n_eval=3, n_samples=4)
    with pytest.raises(ValueError, match="n_eval must be an integer in"):
        captcha_grid.style_grid(reader, n_eval=0)


def test_grid_axes_and_accuracies_are_checked():
    reader = CaptchaReader()  # untrained: every check comes before any use
    with pytest.raises(ValueError, match="rotations must be distinct values"):
        captcha_grid.style_grid(reader, rotations=(0, 10, 120))
    with pytest.raises(ValueError, match="unknown font"):
        captcha_grid.style_grid(reader, fonts=("sans", "comic"))
    with pytest.raises(TypeError, match="reader must be a CaptchaReader"):
        captcha_grid.style_grid("reader")
    acc = np.zeros((1, 2, 2))
    with pytest.raises(ValueError, match="captcha_acc must have shape"):
        captcha_grid.StyleGrid(
            ("sans",), (0, 10), (0.05,), acc[..., :1], acc, {}, CaptchaStyle()
        )
