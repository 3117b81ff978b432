"""Progress bars for slow steps: one place decides how they look and when they show.

Lessons and helpers wrap any loop that can take more than a few seconds (training
epochs, a hyper-parameter search, a grid of runs) in :func:`progress`. In JupyterLab
the bar is a widget; in a terminal it is text on stderr; in fast mode (tests) and when
``enabled=False`` the iterable is returned as it is, so tests stay quiet.

>>> list(progress(range(3), desc="epochs", enabled=False))
[0, 1, 2]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

from helpers.core import config

T = TypeVar("T")


def progress(
    iterable: Iterable[T],
    *,
    desc: str,
    total: int | None = None,
    enabled: bool | None = None,
) -> Iterator[T] | Iterable[T]:
    """``iterable`` with a progress bar labelled ``desc``.

    ``enabled=None`` shows the bar except in fast mode (``WORKBOOK_FAST=1``). The bar
    disappears when the loop ends (``leave=False``), so executed notebooks keep only
    the results.
    """
    if not isinstance(desc, str) or not desc:
        raise ValueError(f"desc must be a non-empty string, got {desc!r}")
    if enabled is None:
        enabled = not config.FAST
    if not isinstance(enabled, bool):
        raise TypeError(f"enabled must be True, False or None, got {enabled!r}")
    if total is not None and (
        isinstance(total, bool) or not isinstance(total, int) or total < 0
    ):
        raise ValueError(f"total must be a non-negative int or None, got {total!r}")
    if not enabled:
        return iterable
    from tqdm.auto import tqdm

    return tqdm(iterable, desc=desc, total=total, leave=False)
