"""Workbook-wide settings: fast mode and paths.

``FAST`` is read once from the environment variable ``WORKBOOK_FAST`` (``1``,
``true``, ``yes`` or ``on`` switch it on). Tests and CI run with ``WORKBOOK_FAST=1``;
slow steps then shrink epochs, pools and seeds through :func:`pick`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}


def _read_flag(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(
        f"environment variable {name} must be one of {sorted(_TRUE | _FALSE - {''})}, "
        f"got {raw!r}"
    )


FAST: bool = _read_flag("WORKBOOK_FAST")
"""True when the workbook runs in fast mode (tests, CI, a quick look)."""

ROOT: Path = Path(__file__).resolve().parents[2]
"""The repository's top folder."""

DATA_DIR: Path = ROOT / "data"
"""Small data files the project itself made, each listed in ``data/SHA256SUMS``."""

CACHE_DIR: Path = Path(os.environ.get("WORKBOOK_CACHE_DIR", DATA_DIR / "cache"))
"""Trained artefacts (git-ignored). Override with ``WORKBOOK_CACHE_DIR``."""

NOTEBOOKS_DIR: Path = ROOT / "notebooks"


def pick(normal: T, fast: T, *, is_fast: bool | None = None) -> T:
    """Return ``fast`` in fast mode and ``normal`` otherwise.

    Examples
    --------
    >>> pick(normal=30, fast=3, is_fast=True), pick(normal=30, fast=3, is_fast=False)
    (3, 30)
    """
    return fast if (FAST if is_fast is None else is_fast) else normal
