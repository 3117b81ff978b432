"""Figures of the API client (lesson 01): what it asked and how the server answered.

:func:`plot_request_timeline` draws the :class:`~helpers.acquire.client.RequestEvent`
log of a client; the client itself is in :mod:`helpers.acquire.client`.
"""

from __future__ import annotations

from matplotlib.axes import Axes

from helpers.acquire.client import RequestEvent
from helpers.ui.plots import color_for, label_axes, new_ax


def plot_request_timeline(
    events: list[RequestEvent],
    *,
    ax: Axes | None = None,
    title: str = "What the client did",
) -> Axes:
    """Each request as a dot at its time, on a row for its answer (200, 429, 5xx...)."""
    if not events or not all(isinstance(e, RequestEvent) for e in events):
        raise ValueError("events must be a non-empty list of RequestEvent")
    ax = new_ax(ax, figsize=(8, 2.6))
    kinds = {
        200: ("200 ok", "correct"),
        429: ("429 rate limited", "validation"),
        None: ("no answer", "wrong"),
    }
    labels = []
    for status in sorted({e.status or 0 for e in events}):
        name, color = kinds.get(status or None, (f"{status} server error", "wrong"))
        ts = [e.t for e in events if (e.status or 0) == status]
        ax.plot(ts, [len(labels)] * len(ts), "|", ms=14, mew=2, color=color_for(color))
        labels.append(f"{name} ({len(ts)})")
    ax.set_yticks(range(len(labels)), labels)
    ax.set_ylim(-0.7, len(labels) - 0.3)
    return label_axes(
        ax, title=title, xlabel="time since the first request (s)", ylabel="answer"
    )
