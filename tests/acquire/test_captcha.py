"""Tests for helpers.acquire.captcha: the renderer and the reader."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from helpers.acquire import captcha
from helpers.acquire.captcha import CaptchaReader, CaptchaStyle, render_captchas

PLAIN = CaptchaStyle(size_jitter=0, rotation=0, shift=0, n_lines=0, noise=0)


@pytest.fixture(scope="module")
def reader() -> CaptchaReader:
    return captcha.train_reader(400, seed=3)


# ------------------------------------------------------------------ the renderer


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"fonts": ("comic",)}, "unknown font 'comic'"),
        ({"fonts": ()}, "fonts must name at least one font"),
        ({"rotation": 95}, "rotation must be in"),
        ({"noise": -0.1}, "noise must be in"),
        ({"font_size": 60}, "font_size must be in"),
        ({"n_digits": 0}, "n_digits must be an integer in"),
        ({"noise": float("nan")}, "noise must be a finite number"),
        ({"cell": (28, 22, 3)}, "cell must be"),
        ({"cell": (8, 22)}, "cell must be"),
        ({"shift": 20}, "shift must be in"),
    ],
)
def test_style_rejects_bad_values(kwargs, match):
    with pytest.raises(ValueError, match=match):
        CaptchaStyle(**kwargs)


def test_render_shape_range_and_labels():
    batch = render_captchas(12, seed=0)
    assert batch.images.shape == (12, *CaptchaStyle().shape) == (12, 28, 88)
    assert batch.images.dtype == np.float32
    assert 0.0 <= batch.images.min() and batch.images.max() <= 1.0
    assert all(len(t) == 4 and t.isdigit() for t in batch.texts)
    assert batch.digits.shape == (12, 4)
    assert "".join(map(str, batch.digits[0])) == batch.texts[0]


def test_render_is_reproducible_per_seed():
    a, b, c = (render_captchas(5, seed=s) for s in (7, 7, 8))
    assert np.array_equal(a.images, b.images) and a.texts == b.texts
    assert not np.array_equal(a.images, c.images)


def test_given_texts_are_drawn_and_checked():
    batch = render_captchas(2, style=PLAIN, texts=["0123", "9999"])
    assert batch.texts == ["0123", "9999"]
    with pytest.raises(ValueError, match="texts must be"):
        render_captchas(2, texts=["12a4", "0000"])
    with pytest.raises(ValueError, match="texts must be 2 strings of 4 ASCII digits"):
        render_captchas(2, texts=["12²4", "0000"])  # '²'.isdigit() is True
    with pytest.raises(ValueError, match="n must be an integer in"):
        render_captchas(0)
    with pytest.raises(ValueError, match="n must be an integer in"):
        render_captchas(10**9)  # refused, not allocated


def test_without_randomness_equal_digits_give_equal_cells():
    # No jitter, rotation, shift, lines or noise: every "7" is drawn the same way,
    # centred in its cell, and digits differ from each other.
    image = render_captchas(1, style=PLAIN, texts=["7737"]).images[0]
    cells = np.split(image, 4, axis=1)
    assert np.array_equal(cells[0], cells[1]) and np.array_equal(cells[0], cells[3])
    assert not np.array_equal(cells[0], cells[2])
    glyph = captcha._glyph("sans", 7, 20)
    assert np.isclose(cells[0].sum(), glyph.sum(), rtol=1e-5)  # all ink, nothing cut


def test_noise_has_the_requested_spread():
    # The same seed draws the same digits, so the noisy and clean images differ only
    # by the noise. On background pixels (clean == 0), clipping at 0 leaves a
    # half-normal: its mean is sigma / sqrt(2 pi).
    sigma = 0.2
    clean = render_captchas(50, style=PLAIN, seed=1).images
    noisy = render_captchas(
        50, style=CaptchaStyle(**{**PLAIN.__dict__, "noise": sigma}), seed=1
    ).images
    background = clean == 0
    expected = sigma / np.sqrt(2 * np.pi)
    assert noisy[background].mean() == pytest.approx(expected, rel=0.05)


def test_lines_and_rotation_change_the_image():
    base = render_captchas(3, style=PLAIN, seed=2).images
    lined = CaptchaStyle(**{**PLAIN.__dict__, "n_lines": 2})
    turned = CaptchaStyle(**{**PLAIN.__dict__, "rotation": 40})
    assert render_captchas(3, style=lined, seed=2).images.sum() > base.sum()
    assert not np.allclose(render_captchas(3, style=turned, seed=2).images, base)


def test_every_font_renders_every_digit():
    for font in captcha.FONTS:
        for digit in range(10):
            glyph = captcha._glyph(font, digit, 18)
            assert glyph.ndim == 2 and glyph.max() > 0.9, (font, digit)


def test_glyphs_come_from_the_font_files_without_matplotlib():
    # Rendering in a fresh interpreter imports Pillow, never matplotlib.
    code = (
        "import sys; from helpers.acquire import captcha; "
        "captcha.render_captchas(2, seed=0); "
        "assert 'matplotlib' not in sys.modules, 'matplotlib imported'; "
        "assert 'PIL.ImageFont' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
    assert (captcha.font_dir() / captcha.FONTS["typewriter"]).is_file()


def test_glyph_size_follows_the_em_size():
    small, large = captcha._glyph("sans", 8, 12), captcha._glyph("sans", 8, 24)
    # a digit is about 3/4 of the em high; twice the size, twice the height
    assert 0.6 * 12 <= small.shape[0] <= 0.85 * 12
    assert large.shape[0] == pytest.approx(2 * small.shape[0], abs=2)
    assert small.min() >= 0 and small.max() == pytest.approx(1.0)


def test_split_cells_matches_slicing():
    images = np.arange(2 * 3 * 8, dtype=np.float32).reshape(2, 3, 8)
    cells = captcha.split_cells(images, 4)  # (2 * 4, 3 * 2)
    assert cells.shape == (8, 6)
    assert np.array_equal(cells[5], images[1, :, 2:4].ravel())
    with pytest.raises(ValueError, match="divisible"):
        captcha.split_cells(images, 3)


# --------------------------------------------------------------------- the reader


def test_reader_reads_generated_captchas(reader):
    test = render_captchas(200, seed=99)
    score = reader.score(test.images, test.texts)
    assert score["digit"] > 0.9
    # A captcha is right only if all its digits are: never above per-digit accuracy.
    assert score["captcha"] <= score["digit"]
    pred = reader.predict(test.images)
    by_hand = np.mean([p == t for p, t in zip(pred, test.texts, strict=True)])
    assert score["captcha"] == pytest.approx(by_hand)


def test_reader_rejects_bad_input(reader):
    with pytest.raises(ValueError, match="not trained"):
        CaptchaReader().predict(np.zeros((1, 28, 88)))
    with pytest.raises(ValueError, match="4-digit strings"):
        reader.score(np.zeros((1, 28, 88)), ["123"])
    with pytest.raises(ValueError, match="images must be 3-D"):
        reader.predict(np.zeros((28, 88)))


def test_a_batch_checks_its_images_against_its_texts_and_style():
    batch = render_captchas(2, seed=0)
    with pytest.raises(ValueError, match="images and texts must have the same length"):
        captcha.CaptchaBatch(batch.images, batch.texts[:1], batch.style)
    with pytest.raises(ValueError, match=r"images must be \(n, 28, 88\)"):
        captcha.CaptchaBatch(batch.images[:, :, :80], batch.texts, batch.style)
    with pytest.raises(TypeError, match="style must be a CaptchaStyle"):
        render_captchas(2, style="v2")
