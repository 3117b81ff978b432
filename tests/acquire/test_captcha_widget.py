"""Tests of acquire.captcha_widget: the widget redraws from its precomputed grid."""

from __future__ import annotations

import pytest
from widget_checks import set_and_check_redraw

from helpers.acquire import captcha, captcha_widget
from helpers.acquire.captcha import CaptchaReader, CaptchaStyle
from helpers.acquire.captcha_grid import StyleGrid


@pytest.fixture(scope="module")
def reader() -> CaptchaReader:
    return captcha.train_reader(400, seed=3)


def test_widget_redraws_and_reports_the_grid(reader):
    widget = captcha_widget.build_captcha_widget(reader=reader, n_eval=12)
    grid = widget.state
    assert isinstance(grid, StyleGrid) and not hasattr(widget, "grid")
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
    site = widget.state.lookup("sans", 10, 0.05)["captcha"]
    assert site > 0.5 > widget.state.captcha_acc.min()
