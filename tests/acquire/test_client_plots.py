"""Tests of acquire.client_plots: the request timeline figure."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from helpers.acquire.client import RequestEvent
from helpers.acquire.client_plots import plot_request_timeline


def test_plot_request_timeline_rows_by_answer():
    events = [
        RequestEvent(0.0, "u", 200),
        RequestEvent(0.1, "u", 429, 0.05),
        RequestEvent(0.2, "u", 503),
        RequestEvent(0.3, "u", 200),
        RequestEvent(0.4, "u", None),
    ]
    ax = plot_request_timeline(events)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == [
        "no answer (1)",
        "200 ok (2)",
        "429 rate limited (1)",
        "503 server error (1)",
    ]
    # each row holds its requests' times
    times = [sorted(line.get_xdata()) for line in ax.get_lines()]
    assert times == [[0.4], [0.0, 0.3], [0.1], [0.2]]
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()


def test_plot_request_timeline_draws_on_the_given_axes_and_refuses_empty():
    _, ax = plt.subplots()
    assert plot_request_timeline([RequestEvent(0.0, "u", 200)], ax=ax) is ax
    with pytest.raises(ValueError, match="non-empty list of RequestEvent"):
        plot_request_timeline([])
    with pytest.raises(ValueError, match="RequestEvent"):
        plot_request_timeline([(0.0, "u", 200)])
