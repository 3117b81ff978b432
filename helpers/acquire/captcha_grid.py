"""The reader against many captcha styles (lesson 01), computed once for the widget.

:func:`style_grid` renders fresh captchas for every (font, rotation, noise) of a grid
and scores a reader on each; :class:`StyleGrid` holds the accuracies and a few samples
per style, and looks a style up. The captcha widget only selects from it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from helpers.acquire.captcha import (
    FONTS,
    MAX_CAPTCHAS,
    CaptchaReader,
    CaptchaStyle,
    _digits_of,
    render_captchas,
)
from helpers.core.validation import (
    check_array,
    check_choice,
    check_int,
    check_real,
)

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

    def __post_init__(self) -> None:
        shape = (len(self.fonts), len(self.rotations), len(self.noises))
        for name in ("digit_acc", "captcha_acc"):
            acc = check_array(name, getattr(self, name), ndim=3)
            if acc.shape != shape:
                raise ValueError(
                    f"{name} must have shape (fonts, rotations, noises) = {shape}, "
                    f"got {acc.shape}"
                )
            if np.any((acc < 0) | (acc > 1)):
                raise ValueError(f"{name} must hold accuracies in [0, 1]")
        if not isinstance(self.base, CaptchaStyle):
            raise TypeError(f"base must be a CaptchaStyle, got {self.base!r}")

    def index(self, font: str, rotation: float, noise: float) -> tuple[int, int, int]:
        """Grid position of a style; raises ValueError for a style off the grid."""
        rotation = check_real("rotation", rotation)
        noise = check_real("noise", noise)
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


def _grid_axis(
    name: str, values: object, high: float, *, whole: bool = False
) -> np.ndarray:
    """``values`` as a 1-D array of distinct numbers in ``[0, high]``."""
    arr = check_array(name, values, ndim=1)
    if np.any((arr < 0) | (arr > high)) or len(np.unique(arr)) < len(arr):
        raise ValueError(f"{name} must be distinct values in [0, {high:g}], got {arr}")
    if whole and not np.all(arr == np.round(arr)):
        raise ValueError(f"{name} must be whole numbers of degrees, got {arr}")
    return arr


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
    if not isinstance(reader, CaptchaReader):
        raise TypeError(f"reader must be a CaptchaReader, got {type(reader).__name__}")
    if base is not None and not isinstance(base, CaptchaStyle):
        raise TypeError(f"base must be a CaptchaStyle, got {base!r}")
    base = base or CaptchaStyle()
    n_eval = check_int("n_eval", n_eval, low=1, high=MAX_CAPTCHAS)
    n_samples = check_int("n_samples", n_samples, low=1, high=n_eval)
    seed = check_int("seed", seed, low=0)
    if isinstance(fonts, str) or not fonts:
        raise ValueError(
            f"fonts must be a non-empty tuple of font names, got {fonts!r}"
        )
    fonts = tuple(check_choice("font", f, tuple(FONTS)) for f in fonts)
    rotations = tuple(
        int(r) for r in _grid_axis("rotations", rotations, 90, whole=True)
    )
    noises = tuple(float(x) for x in _grid_axis("noises", noises, 1))
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
