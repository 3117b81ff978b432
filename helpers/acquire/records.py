"""The API's records and their checks (lesson 01): validated or set aside, never lost.

:func:`validate_record` checks one JSON record field by field and decodes its image
into a :class:`CaptchaRecord`, or raises :class:`RecordError` saying which field is
wrong and why; a client keeps what failed as a :class:`RejectedRecord` with the reason.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from helpers.core.validation import check_array, check_int


class RecordError(ValueError):
    """A record failed validation; the message says which field and why."""


@dataclass(frozen=True)
class CaptchaRecord:
    """A validated record of the captcha API."""

    id: int
    text: str
    image: np.ndarray  # (height, width) uint8
    issued_at: str

    def __post_init__(self) -> None:
        check_int("id", self.id, low=0)
        if not isinstance(self.text, str) or not self.text:
            raise TypeError(f"text must be a non-empty str, got {self.text!r}")
        check_array("image", self.image, ndim=2)
        if not isinstance(self.issued_at, str):
            raise TypeError(f"issued_at must be a str, got {self.issued_at!r}")


@dataclass(frozen=True)
class RejectedRecord:
    """A record set aside: where it was, what it claimed to be, and why it failed."""

    page: int
    position: int
    record_id: Any
    reason: str
    raw: Any = field(repr=False)  # what came, a dict or not

    def __post_init__(self) -> None:
        check_int("page", self.page, low=1)
        check_int("position", self.position, low=0)
        if not isinstance(self.reason, str) or not self.reason:
            raise ValueError(f"reason must say why, got {self.reason!r}")

    def __str__(self) -> str:
        return (
            f"page {self.page}, position {self.position} (id {self.record_id!r}): "
            f"{self.reason}"
        )


def validate_record(raw: Any, *, n_digits: int = 4) -> CaptchaRecord:
    """Check one API record and decode its image; raise :class:`RecordError` if bad.

    ``n_digits`` (1 to 12) is how many digits a text must have.
    """
    n_digits = check_int("n_digits", n_digits, low=1, high=12)
    if not isinstance(raw, dict):
        raise RecordError(f"record must be a JSON object, got {type(raw).__name__}")
    missing = [k for k in ("id", "text", "height", "width", "pixels") if k not in raw]
    if missing:
        raise RecordError(f"missing field(s) {missing}")
    rid, text = raw["id"], raw["text"]
    if isinstance(rid, bool) or not isinstance(rid, int) or rid < 0:
        raise RecordError(f"id must be a non-negative integer, got {rid!r}")
    if (
        not isinstance(text, str)
        or len(text) != n_digits
        or not (text.isascii() and text.isdigit())  # '²' and '①' are digits too
    ):
        raise RecordError(f"text must be {n_digits} digits, got {text!r}")
    h, w = raw["height"], raw["width"]
    if not all(isinstance(v, int) and 0 < v <= 1000 for v in (h, w)):
        raise RecordError(f"height and width must be integers in 1..1000, got {h}, {w}")
    try:
        pixels = base64.b64decode(raw["pixels"], validate=True)
    except (binascii.Error, TypeError, ValueError) as exc:
        raise RecordError(f"pixels must be base64 text: {exc}") from None
    if len(pixels) != h * w:
        raise RecordError(f"pixels hold {len(pixels)} bytes, expected {h}x{w}={h * w}")
    image = np.frombuffer(pixels, dtype=np.uint8).reshape(h, w)
    return CaptchaRecord(rid, text, image, str(raw.get("issued_at", "")))
