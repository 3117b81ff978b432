"""Generated data (lesson 01): a seeded renderer of digit captchas and a small reader.

The workbook's running example is a reader for the digit captchas of a
course-registration site. :class:`CaptchaStyle` spells out everything that decides how
a captcha looks (fonts, size, rotation, shift, strike-through lines, pixel noise); its
defaults are the site's *current* captcha. Lesson 14 (monitoring) changes the style
and watches a reader trained on the old one fail.

Glyphs come from the DejaVu / Computer Modern TrueType files that matplotlib ships,
rasterised with FreeType through Pillow (``PIL.ImageFont``): offline, and the same on
every machine. Only the font files are borrowed; matplotlib itself is not imported.
The style grid the lesson's widget shows lives in :mod:`helpers.acquire.captcha_grid`,
the figures in :mod:`helpers.acquire.captcha_plots`.

>>> batch = render_captchas(8, style=CaptchaStyle(), seed=0)
>>> batch.images.shape, len(batch.texts), batch.texts[0].isdigit()
((8, 28, 88), 8, True)
"""

from __future__ import annotations

import importlib.util
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont
from scipy import ndimage
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

from helpers.core.validation import (
    check_array,
    check_choice,
    check_int,
    check_real,
    check_same_length,
)

FONTS: dict[str, str] = {
    "sans": "DejaVuSans.ttf",
    "sans-bold": "DejaVuSans-Bold.ttf",
    "sans-oblique": "DejaVuSans-Oblique.ttf",
    "mono": "DejaVuSansMono.ttf",
    "serif": "DejaVuSerif.ttf",
    "serif-italic": "DejaVuSerif-Italic.ttf",
    "typewriter": "cmtt10.ttf",
}
"""Font names a style may use, mapped to the TrueType files bundled with matplotlib."""

MAX_CAPTCHAS = 100_000
"""Most captchas one call renders (about 1 GB of float32 pixels at the default size)."""


@lru_cache(maxsize=1)
def font_dir() -> Path:
    """The folder of TrueType files that matplotlib ships (found without importing it).

    ``find_spec`` of a top-level package locates it on disk and runs none of its code.
    """
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the captcha fonts come with matplotlib; install it")
    folder = Path(next(iter(spec.submodule_search_locations))) / "mpl-data/fonts/ttf"
    if not (folder / FONTS["sans"]).is_file():
        raise FileNotFoundError(f"no {FONTS['sans']} in {folder}")
    return folder


@dataclass(frozen=True)
class CaptchaStyle:
    """Everything that decides how a captcha looks. The defaults are the site's v1.

    Parameters
    ----------
    n_digits : digits per captcha; each sits in its own cell.
    cell : ``(height, width)`` of one digit's cell in pixels; the image is
        ``(height, n_digits * width)``.
    fonts : names from :data:`FONTS`; each digit draws one at random.
    font_size : glyph size in pixels (the em height, digits are about 3/4 of it).
    size_jitter : relative random change of the size, in [0, 0.5).
    rotation : maximum absolute rotation of a digit in degrees, in [0, 90].
    shift : maximum absolute offset of a digit from its cell's centre, in pixels.
    n_lines : random strike-through lines drawn over the whole captcha.
    noise : standard deviation of Gaussian pixel noise (pixels are in [0, 1]).
    """

    n_digits: int = 4
    cell: tuple[int, int] = (28, 22)
    fonts: tuple[str, ...] = ("sans",)
    font_size: float = 20.0
    size_jitter: float = 0.1
    rotation: float = 10.0
    shift: float = 2.0
    n_lines: int = 1
    noise: float = 0.05

    def __post_init__(self) -> None:
        check_int("n_digits", self.n_digits, low=1, high=12)
        if len(self.cell) != 2:
            raise ValueError(f"cell must be (height, width), got {self.cell}")
        for side in self.cell:
            check_int("each side of cell", side, low=12, high=256)
        if not self.fonts:
            raise ValueError("fonts must name at least one font")
        for font in self.fonts:
            check_choice("font", font, tuple(FONTS))
        check_real("font_size", self.font_size, low=6, high=1.2 * min(self.cell))
        check_real("size_jitter", self.size_jitter, low=0, high=0.5)
        check_real("rotation", self.rotation, low=0, high=90)
        check_real("shift", self.shift, low=0, high=min(self.cell) / 2)
        check_real("noise", self.noise, low=0, high=1)
        check_int("n_lines", self.n_lines, low=0, high=20)

    @property
    def shape(self) -> tuple[int, int]:
        """``(height, width)`` of a whole captcha image."""
        return self.cell[0], self.cell[1] * self.n_digits


@dataclass(frozen=True)
class CaptchaBatch:
    """Rendered captchas: ``images`` ``(n, height, width)`` in [0, 1] (ink is 1)."""

    images: np.ndarray
    texts: list[str]
    style: CaptchaStyle = field(repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.style, CaptchaStyle):
            raise TypeError(f"style must be a CaptchaStyle, got {self.style!r}")
        images = check_array("images", self.images, ndim=3, dtype=np.float32)
        if images.shape[1:] != self.style.shape:
            raise ValueError(
                f"images must be (n, {', '.join(map(str, self.style.shape))}) for this "
                f"style, got {images.shape}"
            )
        if isinstance(self.texts, str):
            raise TypeError("texts must be a list of digit strings, not one string")
        check_same_length(images=images, texts=self.texts)
        if not all(_is_digits(t, self.style.n_digits) for t in self.texts):
            raise ValueError(f"texts must be strings of {self.style.n_digits} digits")

    @property
    def digits(self) -> np.ndarray:
        """The labels digit by digit, shape ``(n, n_digits)``."""
        return np.array([[int(c) for c in t] for t in self.texts], dtype=np.int64)

    def __len__(self) -> int:
        return len(self.texts)


@lru_cache(maxsize=1024)
def _glyph(font: str, digit: int, size: int) -> np.ndarray:
    """The anti-aliased bitmap of one digit, cropped to its ink, values in [0, 1].

    ``size`` is the em size in pixels (FreeType through Pillow; the basic layout
    engine, so the result does not depend on optional text-shaping libraries).
    """
    face = ImageFont.truetype(
        str(font_dir() / FONTS[font]), size, layout_engine=ImageFont.Layout.BASIC
    )
    left, top, right, bottom = face.getbbox(str(digit))
    canvas = Image.new("L", (right - left, bottom - top), 0)
    ImageDraw.Draw(canvas).text((-left, -top), str(digit), font=face, fill=255)
    img = np.asarray(canvas, dtype=np.float32) / 255.0  # (h, w)
    rows, cols = np.flatnonzero(img.any(1)), np.flatnonzero(img.any(0))
    return img[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]


@lru_cache(maxsize=16384)
def _rotated_glyph(font: str, digit: int, size: int, angle: int) -> np.ndarray:
    """:func:`_glyph` turned by a whole number of degrees (cached: rendering is hot)."""
    glyph = _glyph(font, digit, size)
    if angle == 0:
        return glyph
    return np.clip(ndimage.rotate(glyph, angle, reshape=True, order=1), 0.0, 1.0)


def _draw_lines(images: np.ndarray, ends: np.ndarray) -> None:
    """Thin strokes from the left edge to the right edge, drawn in place.

    ``ends`` holds each line's heights at the two edges, shape ``(n, n_lines, 2)``.
    """
    n, h, w = images.shape
    t = np.linspace(0.0, 1.0, w)  # (w,)
    ys = ends[..., :1] + (ends[..., 1:] - ends[..., :1]) * t  # (n, n_lines, w)
    lo = np.floor(ys).astype(int)
    frac = (ys - lo).astype(np.float32)  # anti-aliasing: ink split between two rows
    idx = np.arange(n)[:, None, None]
    cols = np.broadcast_to(np.arange(w), ys.shape)
    for offset, weight in ((0, 1 - frac), (1, frac)):
        rows = np.clip(lo + offset, 0, h - 1)
        np.maximum.at(images, (idx, rows, cols), 0.9 * weight)


def render_captchas(
    n: int,
    *,
    style: CaptchaStyle | None = None,
    seed: int = 0,
    texts: list[str] | None = None,
) -> CaptchaBatch:
    """Render ``n`` captchas in ``style``; the same ``seed`` gives the same images.

    Parameters
    ----------
    n : how many captchas, >= 1.
    style : defaults to :class:`CaptchaStyle()` (the site's current captcha).
    seed : seeds every random choice (digits, fonts, sizes, angles, lines, noise).
    texts : the digit strings to draw; random when None.
    """
    if style is not None and not isinstance(style, CaptchaStyle):
        raise TypeError(f"style must be a CaptchaStyle, got {style!r}")
    style = style or CaptchaStyle()
    n = check_int("n", n, low=1, high=MAX_CAPTCHAS)
    rng = np.random.default_rng(check_int("seed", seed, low=0))
    d = style.n_digits
    digits = rng.integers(0, 10, size=(n, d))
    if texts is None:
        texts = ["".join(map(str, row)) for row in digits]
    elif len(texts) != n or not all(_is_digits(t, d) for t in texts):
        raise ValueError(f"texts must be {n} strings of {d} ASCII digits")
    # Every random choice is drawn up front, one array per kind: (n, d) or (n, d, 2).
    fonts = rng.integers(0, len(style.fonts), size=(n, d))
    sizes = np.rint(
        style.font_size * (1 + style.size_jitter * rng.uniform(-1, 1, (n, d)))
    )
    angles = np.rint(rng.uniform(-style.rotation, style.rotation, size=(n, d)))
    shifts = rng.uniform(-style.shift, style.shift, size=(n, d, 2))
    ends = rng.uniform(0.2, 0.8, size=(n, style.n_lines, 2)) * style.cell[0]
    ch, cw = style.cell
    images = np.zeros((n, *style.shape), dtype=np.float32)  # (n, h, w)
    for i, text in enumerate(texts):
        for k, char in enumerate(text):
            glyph = _rotated_glyph(
                style.fonts[fonts[i, k]], int(char), int(sizes[i, k]), int(angles[i, k])
            )[: ch - 2, : cw - 2]  # large glyphs lose their edges
            gh, gw = glyph.shape
            top = min(max(round((ch - gh) / 2 + shifts[i, k, 0]), 0), ch - gh)
            left = min(max(round((cw - gw) / 2 + shifts[i, k, 1]), 0), cw - gw)
            region = images[i, top : top + gh, k * cw + left : k * cw + left + gw]
            np.maximum(region, glyph, out=region)
    if style.n_lines:
        _draw_lines(images, ends)
    if style.noise:
        images += rng.normal(0.0, style.noise, size=images.shape).astype(np.float32)
    np.clip(images, 0.0, 1.0, out=images)
    return CaptchaBatch(images, list(texts), style)


# ------------------------------------------------------------------------ the reader


def split_cells(images: np.ndarray, n_digits: int) -> np.ndarray:
    """Cut captchas into their digit cells, flattened: ``(n * n_digits, h * w/n)``."""
    n_digits = check_int("n_digits", n_digits, low=1, high=12)
    images = check_array("images", images, ndim=3, dtype=np.float32)
    if images.shape[2] % n_digits:
        raise ValueError(
            f"images must be (n, h, w) with w divisible by {n_digits}, got "
            f"{images.shape}"
        )
    n, h, w = images.shape
    cells = images.reshape(n, h, n_digits, w // n_digits).transpose(0, 2, 1, 3)
    return cells.reshape(n * n_digits, -1)  # (n * n_digits, cell pixels)


@dataclass
class CaptchaReader:
    """Reads a captcha digit by digit: cut it into cells, classify each cell.

    The captcha's fixed layout makes segmentation a reshape. Each cell is blurred a
    little (so a shift of a pixel or two matters less) and classified by a small
    multi-layer perceptron with one hidden layer.
    """

    n_digits: int = 4
    hidden: int = 128
    max_iter: int = 40
    seed: int = 0
    model: MLPClassifier | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        check_int("n_digits", self.n_digits, low=1, high=12)
        check_int("hidden", self.hidden, low=1, high=4096)
        check_int("max_iter", self.max_iter, low=1, high=10_000)
        check_int("seed", self.seed, low=0)

    def _features(self, images: np.ndarray) -> np.ndarray:
        images = check_array("images", images, ndim=3, dtype=np.float32)  # (n, h, w)
        smooth = ndimage.gaussian_filter(images, sigma=(0, 1.0, 1.0))
        return split_cells(smooth, self.n_digits)  # (n * n_digits, cell pixels)

    def fit(self, images: np.ndarray, texts: list[str]) -> CaptchaReader:
        """Train on captcha images ``(n, h, w)`` and their digit strings."""
        y = _digits_of(texts, self.n_digits).ravel()  # (n * n_digits,)
        X = self._features(images)
        if len(X) != len(y):
            raise ValueError(f"got {len(images)} images but {len(texts)} texts")
        self.model = MLPClassifier(
            (self.hidden,), max_iter=self.max_iter, random_state=self.seed
        )
        with warnings.catch_warnings():  # a capped number of epochs is the point
            warnings.simplefilter("ignore", ConvergenceWarning)
            self.model.fit(X, y)
        return self

    def predict(self, images: np.ndarray) -> list[str]:
        """The digit string read from each image."""
        if self.model is None:
            raise ValueError("the reader is not trained yet; call fit() first")
        pred = self.model.predict(self._features(images)).reshape(-1, self.n_digits)
        return ["".join(map(str, row)) for row in pred]

    def score(self, images: np.ndarray, texts: list[str]) -> dict[str, float]:
        """Per-digit and whole-captcha accuracy (a captcha counts if every digit is)."""
        truth = _digits_of(texts, self.n_digits)  # (n, n_digits)
        pred = _digits_of(self.predict(images), self.n_digits)
        if pred.shape != truth.shape:
            raise ValueError(f"got {len(images)} images but {len(texts)} texts")
        hit = pred == truth
        return {"digit": float(hit.mean()), "captcha": float(hit.all(1).mean())}


def _is_digits(text: object, n_digits: int) -> bool:
    """True for a string of exactly ``n_digits`` ASCII digits ('²' and '①' are not)."""
    return (
        isinstance(text, str)
        and len(text) == n_digits
        and text.isascii()
        and text.isdigit()
    )


def _digits_of(texts: list[str], n_digits: int) -> np.ndarray:
    if not len(texts) or not all(_is_digits(t, n_digits) for t in texts):
        raise ValueError(f"texts must be a non-empty list of {n_digits}-digit strings")
    return np.array([[int(c) for c in t] for t in texts], dtype=np.int64)


def train_reader(
    n: int = 1500, *, style: CaptchaStyle | None = None, seed: int = 0
) -> CaptchaReader:
    """A reader trained on ``n`` generated captchas of ``style`` (default: site v1)."""
    n = check_int("n", n, low=1, high=MAX_CAPTCHAS)
    seed = check_int("seed", seed, low=0)
    style = style or CaptchaStyle()
    batch = render_captchas(n, style=style, seed=seed)
    reader = CaptchaReader(n_digits=style.n_digits, seed=seed)
    return reader.fit(batch.images, batch.texts)
