"""What a benchmark returns, and a timer."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    """One measured figure and the target it is held to.

    ``passed`` is decided by the benchmark (``measured <= target`` for times, ``>=`` for
    accuracies); ``target`` and ``measured`` are shown as written, with ``unit``.
    """

    lesson: str
    name: str
    target: str
    measured: float
    unit: str
    passed: bool


def median_seconds(
    fn: Callable[[], object], *, repeat: int = 7, warmup: int = 1
) -> float:
    """Median wall time of ``fn()`` over ``repeat`` calls, after ``warmup`` calls."""
    if repeat < 1:
        raise ValueError(f"repeat must be at least 1, got {repeat}")
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
