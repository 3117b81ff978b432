"""How the workbook's colours look to readers with colour-vision deficiencies.

A figure is only readable if the colours of the things it compares stay apart for
every reader. About one man in twelve has a red-green deficiency; deuteranopia (no
green cones) is the most common severe form. This module simulates it (and
protanopia, tritanopia) with the matrices of Machado, Oliveira and Fernandes (2009,
severity 1), applied to linear RGB, and measures how far apart two colours look as
the CIE76 colour difference ΔE (Euclidean distance in CIELAB, D65 white). A ΔE of
about 2 is just noticeable; lines and markers want 15 or more.

``tests/ui/test_colour_vision.py`` holds every colour group of
:mod:`helpers.ui.plots` to a minimum ΔE under normal vision and under deuteranopia.

>>> round(delta_e("#000000", "#FFFFFF"), 1)
100.0
>>> delta_e("#FF0000", "#00FF00", vision="deuteranopia") < delta_e("#FF0000", "#00FF00")
True
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
from matplotlib.colors import to_rgb

from helpers.core.validation import check_choice

# Machado et al. (2009), severity 1.0: linear RGB -> linear RGB as seen.
_SIMULATION = {
    "normal": np.eye(3),
    "deuteranopia": np.array(
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ]
    ),
    "protanopia": np.array(
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ]
    ),
    "tritanopia": np.array(
        [
            [1.255528, -0.076749, -0.178779],
            [-0.078411, 0.930809, 0.147602],
            [0.004733, 0.691367, 0.303900],
        ]
    ),
}
VISIONS = tuple(_SIMULATION)
"""The kinds of colour vision :func:`delta_e` can simulate."""

# linear sRGB -> CIE XYZ (D65), and the D65 white point.
_RGB_TO_XYZ = np.array(
    [
        [0.4124, 0.3576, 0.1805],
        [0.2126, 0.7152, 0.0722],
        [0.0193, 0.1192, 0.9505],
    ]
)
_WHITE = np.array([0.95047, 1.0, 1.08883])


def _linear(rgb: np.ndarray) -> np.ndarray:
    """sRGB in [0, 1] -> linear light (the sRGB transfer curve undone)."""
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def to_lab(colour: str, *, vision: str = "normal") -> np.ndarray:
    """CIELAB coordinates ``(L*, a*, b*)`` of ``colour`` as seen with ``vision``.

    ``colour`` is anything matplotlib reads ("#0072B2", "tab:blue", "red").
    """
    check_choice("vision", vision, VISIONS)
    try:
        rgb = np.array(to_rgb(colour))
    except (ValueError, TypeError) as err:
        raise ValueError(f"colour must be a matplotlib colour, got {colour!r}") from err
    seen = np.clip(_SIMULATION[vision] @ _linear(rgb), 0.0, 1.0)  # (3,) linear RGB
    xyz = (_RGB_TO_XYZ @ seen) / _WHITE  # (3,) relative to white
    eps = (6 / 29) ** 3
    f = np.where(xyz > eps, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e(first: str, second: str, *, vision: str = "normal") -> float:
    """CIE76 colour difference between two colours as seen with ``vision``."""
    return float(
        np.linalg.norm(to_lab(first, vision=vision) - to_lab(second, vision=vision))
    )


def closest_pair(
    colours: Sequence[str], *, vision: str = "normal"
) -> tuple[float, str, str]:
    """``(ΔE, a, b)`` for the two colours of ``colours`` that look most alike."""
    if isinstance(colours, str) or len(colours) < 2:
        raise ValueError(f"colours must hold at least two colours, got {colours!r}")
    distinct = list(dict.fromkeys(colours))
    if len(distinct) < len(colours):
        return 0.0, distinct[0], distinct[0]
    return min(
        (delta_e(a, b, vision=vision), a, b)
        for a, b in itertools.combinations(distinct, 2)
    )
