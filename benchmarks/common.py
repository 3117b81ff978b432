"""What a benchmark returns, and a timer."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any


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


def control_values(control: Any) -> list[Any]:
    """A sweep for one control: slider values on its step grid (at most ~8, evenly
    spaced), every option of an option widget, both states of a checkbox."""
    import ipywidgets as w

    if isinstance(control, w.SelectMultiple):
        options = [o[1] if isinstance(o, tuple) else o for o in control.options]
        return [(o,) for o in options] + [tuple(options)]
    if hasattr(control, "options"):
        return [o[1] if isinstance(o, tuple) else o for o in control.options]
    if isinstance(control, w.IntSlider | w.FloatSlider):
        n_steps = round((control.max - control.min) / control.step)
        stride = max(1, n_steps // 7)
        values = [control.min + i * control.step for i in range(0, n_steps + 1, stride)]
        if isinstance(control, w.IntSlider):
            return [int(v) for v in values]
        return [round(v, 10) for v in values]
    if isinstance(control.value, bool):
        return [not control.value, control.value]
    return []


def widget_latency(
    widget: Any, moves: Mapping[str, Sequence[Any]] | None = None
) -> float:
    """Median seconds per redraw while controls move.

    ``moves`` maps control names to the values to visit in order; by default every
    control walks through :func:`control_values` and back to where it started. Uses the
    widget's own ``latencies`` record when it has one (``InteractiveFigure`` does), and
    wall time around each change otherwise.
    """
    record = getattr(widget, "latencies", None)
    start = len(record) if record is not None else 0
    timed: list[float] = []
    plan = (
        {name: list(values) for name, values in moves.items()}
        if moves is not None
        else {
            name: control_values(control) + [control.value]
            for name, control in widget.controls.items()
        }
    )
    for name, values in plan.items():
        for value in values:
            t0 = time.perf_counter()
            widget.controls[name].value = value
            timed.append(time.perf_counter() - t0)
    measured = record[start:] if record is not None and len(record) > start else timed
    if not measured:
        raise ValueError("no control changed, so no latency was measured")
    return statistics.median(measured)


def widget_target(
    lesson: str,
    name: str,
    widget: Any,
    moves: Mapping[str, Sequence[Any]] | None = None,
) -> Target:
    """The lesson target "median callback under 100 ms" for ``widget``."""
    ms = 1000 * widget_latency(widget, moves)
    return Target(lesson, f"{name} median callback", "< 100 ms", ms, "ms", ms < 100)
