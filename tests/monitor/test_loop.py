"""Tests of monitor.loop: windows, alerts, delays and false alarms on streams with
known change points, and the log monitor against a hand-written loop."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.monitor import detectors as D
from helpers.monitor import loop as L
from helpers.monitor.streams import prediction_log


def test_window_bounds():
    assert L.window_bounds(10, 4) == [(0, 4), (4, 8)]
    with pytest.raises(ValueError, match="window must be"):
        L.window_bounds(10, 11)


def test_window_tests_equal_direct_calls():
    rng = np.random.default_rng(0)
    ref, vals = rng.normal(size=300), rng.normal(size=250)
    out = L.window_tests(ref, vals, test="ks", window=100)
    np.testing.assert_array_equal(out.data_end, [100, 200])
    assert out.p_value[1] == D.ks_test(ref, vals[100:200]).p_value
    digits = rng.integers(0, 10, size=(200, 4))
    chi = L.window_tests(
        digits.ravel(), digits.ravel(), test="chi2", window=50, per_row=4
    )
    expected = D.chi2_test(digits.ravel(), digits[50:100].ravel(), n_categories=10)
    assert chi.statistic[1] == pytest.approx(expected.statistic)


def test_accuracy_windows_are_known_after_the_label_delay():
    correct = np.r_[np.ones(100), np.zeros(100)]
    acc = L.accuracy_windows(correct, window=50, label_delay=30)
    np.testing.assert_array_equal(acc.statistic, [1, 1, 0, 0])
    np.testing.assert_array_equal(acc.known_at, [80, 130, 180, 230])
    report = L.alert_report(acc, threshold=0.5, change_at=100)
    assert report.delay == 80 and report.false_alarms == 0


def test_alert_report_counts_false_alarms_and_delay():
    ends = np.arange(1, 11) * 100
    p = np.array([0.5, 0.001, 0.5, 0.5, 0.5, 0.2, 0.001, 0.001, 0.5, 0.001])
    stats = L.WindowStats("ks", ends, ends, p, p)
    r = L.alert_report(stats, threshold=0.01, change_at=500)
    assert r.false_alarms == 1 and r.first_alert == 700 and r.delay == 200
    never = L.alert_report(stats, threshold=1e-6, change_at=500)
    assert not never.detected and never.false_alarms == 0
    table = L.report_table([r, never])
    assert table["false alarms before"].tolist() == [1, 0]


def test_drift_on_a_known_change_is_found_in_the_first_window():
    rng = np.random.default_rng(1)
    ref = rng.normal(size=500)
    values = np.r_[rng.normal(size=1000), rng.normal(1.5, size=1000)]
    stats = L.window_tests(ref, values, test="ks", window=100)
    r = L.alert_report(stats, threshold=0.001, change_at=1000)
    assert r.delay == 100 and r.false_alarms == 0


def test_monitor_log_matches_a_hand_written_loop(stream):
    log = prediction_log(stream, label_delay=40)
    checks = [
        L.Check("ks", "confidence", "ks", 0.01),
        L.Check("chi2", "prediction", "chi2", 0.01),
    ]
    reference = {
        "confidence": stream.ref_confidence,
        "prediction": stream.ref_digits.ravel(),
    }
    alerts = L.monitor_log(
        log, reference=reference, checks=checks, window=50, min_accuracy=0.5
    )
    by_hand = [
        e
        for e in range(50, len(stream) + 1, 50)
        if D.ks_test(stream.ref_confidence, stream.confidence[e - 50 : e]).p_value
        < 0.01
    ]
    assert alerts[alerts.detector == "ks"]["t"].tolist() == by_hand
    acc = alerts[alerts.detector == "accuracy"]
    expected = [
        e + 40
        for e in range(50, len(stream) + 1, 50)
        if stream.correct[e - 50 : e].mean() < 0.5
    ]
    assert acc["t"].tolist() == expected
    assert (acc["t"] - acc["data_end"] == 40).all()
    summary = L.summarize_alerts(
        alerts, change_at=stream.change_at, detectors=["ks", "chi2", "accuracy", "mmd"]
    )
    assert np.isnan(summary.loc["mmd", "delay (predictions)"])
    assert summary.loc["accuracy", "delay (predictions)"] == (
        L.alert_report(
            L.accuracy_windows(stream.correct, window=50, label_delay=40),
            threshold=0.5,
            change_at=stream.change_at,
        ).delay
    )


def test_monitor_log_refuses_a_window_too_small_for_its_test(stream):
    log = prediction_log(stream, label_delay=0)
    with pytest.raises(ValueError, match="KS test needs at least 20"):
        L.monitor_log(
            log,
            reference={"confidence": stream.ref_confidence},
            checks=[L.Check("ks", "confidence", "ks", 0.01)],
            window=10,
            min_accuracy=0.5,
        )
    with pytest.raises(ValueError, match="lacks the field"):
        L.monitor_log(
            log,
            reference={},
            checks=[L.Check("ks", "confidence", "ks", 0.01)],
            window=50,
            min_accuracy=0.5,
        )


def test_summarize_alerts_of_no_alerts():
    empty = pd.DataFrame(columns=["detector", "t", "data_end", "statistic", "p_value"])
    out = L.summarize_alerts(empty, change_at=10, detectors=["ks"])
    assert out.loc["ks", "false alarms before"] == 0


def test_monitor_log_reads_rows_without_kind_or_time():
    """Rows shaped like lesson 13's SQLite log (no 'kind', no 't')."""
    rng = np.random.default_rng(3)
    ref = rng.integers(0, 10, 500)
    rows = [
        {"id": i, "predicted": int(d), "confidence": 0.9}
        for i, d in enumerate(np.r_[rng.integers(0, 10, 200), np.full(100, 7)])
    ]
    alerts = L.monitor_log(
        rows,
        reference={"predicted": ref},
        checks=[L.Check("chi2", "predicted", "chi2", 0.01)],
        window=100,
        min_accuracy=0.5,
    )
    assert alerts["t"].tolist() == [300]
