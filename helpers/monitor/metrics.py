"""Monitoring through ``/metrics``: Prometheus text in, a drift test per scrape out.

A served model exposes counters in the Prometheus text format (lesson 13's server:
``GET /metrics``). :func:`class_counts` parses that text with
``prometheus_client.parser``; :func:`metrics_windows` tests the classes predicted
between consecutive scrapes against the reference (a chi-squared test: the counters
only grow, so a window's counts are the difference of two scrapes).
:class:`PredictionCounter` is an in-process counter with the same text format, for
tests and offline use; lesson 14 reads the real server through
:func:`helpers.monitor.served.watch_served`. Lesson 13's server counts
``workbook_predicted_items_total{label="3"}``, so pass
``metric="workbook_predicted_items_total", label="label"`` (and the scrape taken
before the first window as ``baseline``).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from prometheus_client import CollectorRegistry, Counter, generate_latest
from prometheus_client.parser import text_string_to_metric_families

from helpers.core.validation import check_array, check_int
from helpers.monitor import detectors as D
from helpers.monitor.loop import WindowStats


class PredictionCounter:
    """The in-process stand-in for a server's ``/metrics``: a Prometheus counter of
    predicted classes, ``<metric>_total{<label>="3"}``, in its own registry."""

    def __init__(self, *, metric: str = "predictions", label: str = "digit") -> None:
        if not (isinstance(metric, str) and metric.isidentifier()):
            raise ValueError(f"metric must be an identifier, got {metric!r}")
        if not (isinstance(label, str) and label.isidentifier()):
            raise ValueError(f"label must be an identifier, got {label!r}")
        self.registry = CollectorRegistry()
        self.counter = Counter(
            metric, "Predicted classes", [label], registry=self.registry
        )

    def observe(self, classes: Iterable[object]) -> None:
        """Count one prediction per item (a digit string counts each digit)."""
        for item in classes:
            for c in item if isinstance(item, str) else [item]:
                self.counter.labels(str(c)).inc()

    def text(self) -> str:
        """The Prometheus text format, as ``GET /metrics`` returns it."""
        return generate_latest(self.registry).decode()


def class_counts(
    text: str,
    *,
    metric: str = "predictions_total",
    label: str = "digit",
    n_categories: int = 10,
) -> np.ndarray:
    """Counts of classes ``0..n_categories-1`` read from Prometheus text."""
    if not isinstance(text, str):
        raise TypeError(
            f"text must be Prometheus text (str), got {type(text).__name__}"
        )
    n_categories = check_int("n_categories", n_categories, low=1, high=10_000)
    counts = np.zeros(n_categories)
    found = False
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == metric and label in sample.labels:
                k = int(sample.labels[label])
                if not 0 <= k < n_categories:
                    raise ValueError(f"class {k} is outside 0..{n_categories - 1}")
                counts[k] = sample.value
                found = True
    if not found:
        raise ValueError(f"no samples of {metric}{{{label}=...}} in the metrics text")
    return counts


def metrics_windows(
    scrapes: Iterable[tuple[int, str]],
    *,
    reference_counts: object,
    metric: str = "predictions_total",
    label: str = "digit",
    baseline: str | None = None,
) -> WindowStats:
    """Chi-squared test of the classes predicted between consecutive scrapes.

    ``scrapes`` are ``(t, text)``: the metrics text read after ``t`` predictions.
    The counters only grow, so a window's counts are the difference of two scrapes;
    the first window starts from ``baseline`` (the text scraped before it; None:
    from zero).
    """
    ref = check_array("reference_counts", reference_counts, ndim=1)
    ends, stat, pval = [], [], []
    previous = np.zeros(len(ref))
    if baseline is not None:
        previous = class_counts(
            baseline, metric=metric, label=label, n_categories=len(ref)
        )
    for t, text in scrapes:
        counts = class_counts(text, metric=metric, label=label, n_categories=len(ref))
        res = D.chi2_from_counts(ref, counts - previous)
        previous = counts
        ends.append(check_int("t", t, low=0))
        stat.append(res.statistic)
        pval.append(res.p_value)
    if not ends:
        raise ValueError("scrapes must hold at least one (t, text)")
    e = np.array(ends)
    return WindowStats("chi2", e, e.copy(), np.array(stat), np.array(pval))
