"""Tests of acquire.captcha_widget: the style grid and the captcha widget."""

from __future__ import annotations

import pytest
from widget_checks import set_and_check_redraw

from helpers.acquire import captcha, captcha_widget
from helpers.acquire.captcha import CaptchaReader, CaptchaStyle


@pytest.fixture(scope="module")
def reader() -> CaptchaReader:
    return captcha.train_reader(400, seed=3)


# ------------------------------------------------------------------ the grid


def test_style_grid_and_lookup(reader):
    grid = captcha_widget.style_grid(
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
        captcha_widget.style_grid(reader, n_eval=5, rotations=(0, 20))


# --------------------------------------------------------------------- the widget


def test_widget_redraws_and_reports_the_grid(reader):
    widget = captcha_widget.build_captcha_widget(reader=reader, n_eval=12)
    grid = widget.grid
    state = set_and_check_redraw(widget, "rotation", 40)
    expected = grid.lookup("sans", 40, CaptchaStyle().noise)["captcha"]
    assert f"{expected:.3f}" in state["summary"]
    set_and_check_redraw(widget, "noise", grid.noises[-1])
    state = set_and_check_redraw(widget, "font", "typewriter")
    expected = grid.lookup("typewriter", 40, grid.noises[-1])["captcha"]
    assert f"whole-captcha accuracy <b>{expected:.3f}" in state["summary"]
    assert widget.error is None and len(widget.latencies) == widget.n_draws


def test_widget_builds_with_no_arguments():
    widget = captcha_widget.build_captcha_widget()
    assert widget.n_draws >= 1 and widget.error is None
    assert set(widget.controls) == {"font", "rotation", "noise"}
    # The reader was trained on the site's style: it reads it far better than the
    # hardest style on the grid.
    site = widget.grid.lookup("sans", 10, 0.05)["captcha"]
    assert site > 0.5 > widget.grid.captcha_acc.min()
