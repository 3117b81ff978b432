"""Tests of monitor.metrics: Prometheus text written by prometheus_client, parsed
back, and the chi-squared test per scrape."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.monitor import detectors as D
from helpers.monitor import metrics as M


def test_counter_text_round_trips():
    counter = M.PredictionCounter()
    counter.observe(["1123", "9"])
    text = counter.text()
    assert 'predictions_total{digit="1"} 2.0' in text
    np.testing.assert_array_equal(M.class_counts(text), [0, 2, 1, 1, 0, 0, 0, 0, 0, 1])


def test_other_metric_and_label_names():
    counter = M.PredictionCounter(metric="served", label="cls")
    counter.observe([0, 2, 2])
    counts = M.class_counts(
        counter.text(), metric="served_total", label="cls", n_categories=3
    )
    np.testing.assert_array_equal(counts, [1, 0, 2])
    with pytest.raises(ValueError, match="no samples"):
        M.class_counts(counter.text())


def test_metrics_windows_test_the_counts_between_scrapes():
    rng = np.random.default_rng(0)
    ref = np.bincount(rng.integers(0, 10, 2000), minlength=10)
    counter, scrapes, windows = M.PredictionCounter(), [], []
    for k in range(4):
        p = np.full(10, 0.1) if k < 2 else np.r_[np.full(5, 0.18), np.full(5, 0.02)]
        batch = rng.choice(10, size=200, p=p)
        counter.observe(batch.tolist())
        scrapes.append((200 * (k + 1), counter.text()))
        windows.append(np.bincount(batch, minlength=10))
    out = M.metrics_windows(scrapes, reference_counts=ref)
    np.testing.assert_array_equal(out.data_end, [200, 400, 600, 800])
    for k, counts in enumerate(windows):
        assert out.statistic[k] == pytest.approx(
            D.chi2_from_counts(ref, counts).statistic
        )
    assert out.fired(0.01).tolist() == [False, False, True, True]


def test_metrics_windows_start_from_the_baseline_scrape():
    rng = np.random.default_rng(2)
    ref = np.bincount(rng.integers(0, 10, 1000), minlength=10)
    counter = M.PredictionCounter()
    counter.observe(rng.integers(0, 10, 300).tolist())  # served before the loop
    baseline = counter.text()
    batch = rng.integers(0, 10, 200)
    counter.observe(batch.tolist())
    out = M.metrics_windows(
        [(200, counter.text())], reference_counts=ref, baseline=baseline
    )
    expected = D.chi2_from_counts(ref, np.bincount(batch, minlength=10))
    assert out.statistic[0] == pytest.approx(expected.statistic)
    assert out.p_value[0] == pytest.approx(expected.p_value)
