"""Label-preserving augmentations of digit images, batched in torch.

A digit stays the same digit when it is shifted by a pixel, zoomed a little, tilted by
a few degrees, drawn with a thicker or thinner pen, or seen through a little noise.
Lesson 09 uses these transformations to make the two *views* of a positive pair for
contrastive learning; lesson 10 uses them to multiply a small labelled set.

>>> images = np.random.default_rng(0).random((4, 8, 8))  # (n, 8, 8) in [0, 1]
>>> aug = DigitAugmenter(strength=0.5)
>>> aug(images, generator=torch.Generator().manual_seed(0)).shape
(4, 8, 8)

Every image gets its own random parameters, drawn from the ``generator`` you pass, so
a seed gives the same batch of views every time. ``strength`` scales every operation
at once: 0 leaves the images as they are, 1 is the default (clearly varied, still
readable), 2 is the largest allowed and often too much for 8x8 digits.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from helpers.core.validation import check_int, check_labels, check_real

OPS: tuple[str, ...] = ("shift", "crop", "rotate", "thickness", "noise")
"""Every operation by name, in the order they are applied."""

GEOMETRIC = frozenset({"shift", "crop", "rotate"})
MAX_STRENGTH = 2.0
MAX_COPIES = 1000
"""Most augmented copies :func:`expand` makes of each image."""


def _check_ops(ops: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    if isinstance(ops, str):
        raise ValueError(
            f"ops must be a sequence of names such as ('shift',), got the "
            f"string {ops!r}"
        )
    try:
        ops = tuple(ops)
    except TypeError:
        raise TypeError(
            f"ops must be a sequence of names such as ('shift',), got "
            f"{type(ops).__name__} {ops!r}"
        ) from None
    if not ops:
        raise ValueError(f"ops must name at least one augmentation; choose from {OPS}")
    unknown = [op for op in ops if op not in OPS]
    if unknown:
        raise ValueError(f"unknown augmentation(s) {unknown}; choose from {OPS}")
    if len(set(ops)) != len(ops):
        raise ValueError(f"ops must not repeat a name, got {ops}")
    return ops


@dataclass(frozen=True)
class DigitAugmenter:
    """How to augment digits: which operations, and how strongly.

    The magnitudes below are those at ``strength=1``; each scales linearly with
    ``strength``. Each image draws its own parameters uniformly in ``[-m, m]``.

    Parameters
    ----------
    strength : overall strength in [0, 2]; 0 returns the images unchanged.
    ops : names from :data:`OPS`; applied in the order of :data:`OPS` (geometry
        first, in one resampling step, then pen thickness, then noise).
    max_shift : translation in pixels ("shift").
    max_zoom : relative zoom in or out, a crop-and-resize ("crop").
    max_rotation : rotation in degrees ("rotate").
    max_thickness : blend weight towards a dilated (thicker) or eroded (thinner)
        stroke ("thickness"), clipped to [-1, 1] after scaling.
    noise_std : standard deviation of additive Gaussian pixel noise ("noise").
    """

    strength: float = 1.0
    ops: tuple[str, ...] = OPS
    max_shift: float = 1.0
    max_zoom: float = 0.15
    max_rotation: float = 15.0
    max_thickness: float = 0.5
    noise_std: float = 0.1

    def __post_init__(self) -> None:
        object.__setattr__(
            self,
            "strength",
            check_real("strength", self.strength, low=0, high=MAX_STRENGTH),
        )
        object.__setattr__(self, "ops", _check_ops(self.ops))
        for name in (
            "max_shift",
            "max_zoom",
            "max_rotation",
            "max_thickness",
            "noise_std",
        ):
            check_real(name, getattr(self, name), low=0)
        if self.max_zoom * MAX_STRENGTH >= 1:
            raise ValueError(
                f"max_zoom must be below {1 / MAX_STRENGTH} so a zoom "
                f"factor stays positive, got {self.max_zoom}"
            )

    def __call__(
        self,
        images: torch.Tensor | np.ndarray,
        *,
        generator: torch.Generator | int,
    ) -> torch.Tensor | np.ndarray:
        """Augmented copies of ``images`` (n, h, w) in [0, 1]; same type and shape.

        ``generator`` is a ``torch.Generator`` (advanced by the call) or an integer
        seed for a fresh one. NumPy input gives NumPy output.
        """
        as_numpy = isinstance(images, np.ndarray)
        x = _as_images(images)  # (n, h, w)
        gen = _as_generator(generator)
        if self.strength == 0.0:
            out = x.clone()
        else:
            out = self._apply(x, gen)
        if as_numpy:
            return out.numpy().astype(np.asarray(images).dtype, copy=False)
        return out

    def _apply(self, x: torch.Tensor, gen: torch.Generator) -> torch.Tensor:
        n, h, w = x.shape
        s = self.strength
        x = x.unsqueeze(1)  # (n, 1, h, w)
        if GEOMETRIC & set(self.ops):
            x = self._geometric(x, gen)
        if "thickness" in self.ops:
            t = _uniform(n, self.max_thickness * s, gen).clamp(-1, 1)
            t = t.view(n, 1, 1, 1)  # (n, 1, 1, 1)
            thick = F.max_pool2d(x, 3, stride=1, padding=1)  # dilation (n, 1, h, w)
            thin = -F.max_pool2d(-x, 3, stride=1, padding=1)  # erosion (n, 1, h, w)
            x = torch.where(t > 0, x + t * (thick - x), x - t * (thin - x))
        if "noise" in self.ops:
            noise = torch.randn(x.shape, generator=gen, dtype=x.dtype)
            x = x + self.noise_std * s * noise
        return x.clamp(0.0, 1.0).squeeze(1)  # (n, h, w)

    def _geometric(self, x: torch.Tensor, gen: torch.Generator) -> torch.Tensor:
        """One affine resampling for shift, zoom and rotation together."""
        n, _, h, w = x.shape
        s = self.strength
        zeros = torch.zeros(n, dtype=x.dtype)
        angle = (
            _uniform(n, math.radians(self.max_rotation) * s, gen)
            if "rotate" in self.ops
            else zeros
        )
        zoom = 1.0 + (
            _uniform(n, self.max_zoom * s, gen) if "crop" in self.ops else zeros
        )
        if "shift" in self.ops:
            # Pixels to affine_grid's [-1, 1] coordinates: one pixel is 2 / size.
            tx = _uniform(n, self.max_shift * s, gen) * 2.0 / w
            ty = _uniform(n, self.max_shift * s, gen) * 2.0 / h
        else:
            tx = ty = zeros
        cos, sin = torch.cos(angle) / zoom, torch.sin(angle) / zoom  # (n,)
        theta = torch.stack(
            [torch.stack([cos, -sin, tx], 1), torch.stack([sin, cos, ty], 1)], 1
        )  # (n, 2, 3): output coordinates -> where to read in the input
        grid = F.affine_grid(theta.to(x.dtype), list(x.shape), align_corners=False)
        return F.grid_sample(x, grid, align_corners=False, padding_mode="zeros")


def augment(
    images: torch.Tensor | np.ndarray,
    *,
    strength: float,
    generator: torch.Generator | int,
    ops: tuple[str, ...] = OPS,
) -> torch.Tensor | np.ndarray:
    """Augment a batch of digits with the default magnitudes (see DigitAugmenter).

    Parameters
    ----------
    images : shape ``(n, h, w)``, values in [0, 1] (tensor or array).
    strength : in [0, 2]; 0 returns an unchanged copy.
    generator : ``torch.Generator`` or integer seed.
    ops : names from :data:`OPS`, at least one.
    """
    return DigitAugmenter(strength=strength, ops=ops)(images, generator=generator)


def expand(
    images: torch.Tensor | np.ndarray,
    labels: np.ndarray,
    *,
    copies: int,
    augmenter: DigitAugmenter,
    generator: torch.Generator | int,
) -> tuple[torch.Tensor | np.ndarray, np.ndarray]:
    """The originals followed by ``copies`` augmented copies of each, with labels.

    Returns ``(images, labels)`` of length ``n * (1 + copies)``; augmentation keeps
    each label, which is the whole point of a *label-preserving* transformation.
    ``copies`` is in 0..:data:`MAX_COPIES`.
    """
    _as_images(images)  # shape, finite, in [0, 1]
    labels = check_labels("labels", labels)
    copies = check_int("copies", copies, low=0, high=MAX_COPIES)
    if not isinstance(augmenter, DigitAugmenter):
        raise TypeError(
            f"augmenter must be a DigitAugmenter, got {type(augmenter).__name__}"
        )
    if labels.shape != (len(images),):
        raise ValueError(
            f"labels must have shape ({len(images)},) to match images, got "
            f"{labels.shape}"
        )
    gen = _as_generator(generator)
    parts = [images] + [augmenter(images, generator=gen) for _ in range(copies)]
    joined = (
        np.concatenate(parts) if isinstance(images, np.ndarray) else torch.cat(parts)
    )
    return joined, np.tile(labels, 1 + copies)


# ----------------------------------------------------------------------- internals


def _uniform(n: int, half_width: float, gen: torch.Generator) -> torch.Tensor:
    """``n`` draws from U(-half_width, half_width), shape (n,)."""
    return (torch.rand(n, generator=gen) * 2.0 - 1.0) * half_width


def _as_generator(generator: torch.Generator | int) -> torch.Generator:
    if isinstance(generator, torch.Generator):
        return generator
    if isinstance(generator, bool) or not isinstance(generator, int | np.integer):
        raise ValueError(
            f"generator must be a torch.Generator or an integer seed, got "
            f"{type(generator).__name__}"
        )
    return torch.Generator().manual_seed(check_int("generator", generator, low=0))


def _as_images(images: torch.Tensor | np.ndarray) -> torch.Tensor:
    """A float tensor (n, h, w) with values in [0, 1], or a clear error."""
    if isinstance(images, np.ndarray):
        x = torch.from_numpy(np.ascontiguousarray(images, dtype=np.float32))
    elif isinstance(images, torch.Tensor):
        x = images.detach()
        if not x.is_floating_point():
            x = x.float()
    else:
        raise ValueError(
            f"images must be a torch.Tensor or numpy array, got {type(images).__name__}"
        )
    if x.ndim != 3 or x.shape[0] == 0:
        raise ValueError(
            f"images must have shape (n, h, w) with n >= 1, got {tuple(x.shape)}; "
            "reshape flat digits with X.reshape(-1, 8, 8)"
        )
    if not torch.isfinite(x).all():
        raise ValueError("images must not contain NaN or infinite values")
    lo, hi = float(x.min()), float(x.max())
    if lo < 0.0 or hi > 1.0:
        raise ValueError(
            f"images must have values in [0, 1], got [{lo:.3g}, {hi:.3g}]; scale "
            "raw digits (0..16) by 1/16"
        )
    return x
