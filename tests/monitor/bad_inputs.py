"""Bad-input cases of helpers.monitor (see tests/bad_input.py)."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
from bad_input import Case

from helpers.acquire.captcha import train_reader
from helpers.monitor import (
    detectors,
    drift_grid,
    drift_plots,
    drift_widget,
    lesson_stream,
    loop,
    maintenance,
    metrics,
    served,
    solutions_14,
    streams,
)

RNG = np.random.default_rng(0)
A = RNG.normal(size=60)
B = RNG.normal(0.5, size=60)
M2 = RNG.normal(size=(20, 3))
N2 = RNG.normal(size=(20, 3))
CATS = np.arange(60) % 4
COUNTS = np.array([20.0, 15.0, 15.0, 10.0])
ENDS = np.array([50, 100, 150])


@functools.cache
def _reader():
    return train_reader(40, seed=0)


@functools.cache
def _stream() -> streams.CaptchaStream:
    return streams.captcha_stream(
        _reader(), n_before=30, n_after=30, n_reference=60, seed=0
    )


def _stats(test: str = "ks") -> loop.WindowStats:
    return loop.WindowStats(
        test, ENDS, ENDS + 10, np.array([0.1, 0.2, 0.9]), np.array([0.5, 0.2, 1e-4])
    )


def _report() -> loop.AlertReport:
    return loop.alert_report(_stats(), threshold=0.01, change_at=100)


def _tab(n: int = 400, **kw) -> streams.TabularStream:
    return streams.tabular_stream(n, change_at=n // 2, **kw)


def _ref() -> streams.TabularStream:
    return streams.tabular_stream(300, change_at=299, size=0.0, seed=1)


@functools.cache
def _grid() -> drift_grid.DriftGrid:
    return drift_grid.compute_grid(sizes=(1.0,), onsets=(2000,), windows=(400,))


def _log() -> list[dict]:
    return streams.prediction_log(_stream(), label_delay=5)


def _scrapes() -> list[tuple[int, str]]:
    counter = metrics.PredictionCounter()
    out = []
    for k in range(2):
        counter.observe([str(d) for d in range(10)] * 6)
        out.append((60 * (k + 1), counter.text()))
    return out


TABLE = pd.DataFrame(
    {
        "hand labels": [0, 10],
        "train seconds": [0.0, 1.0],
        "accuracy old style": [0.9, 0.8],
        "accuracy new style": [0.1, 0.5],
    },
    index=["keep", "retrain"],
)
SUMMARY = pd.DataFrame(
    {"delay (predictions)": [100.0, 300.0]}, index=["KS confidence", "accuracy"]
)
ALERTS = pd.DataFrame({"detector": ["ks", "ks"], "t": [50, 150], "data_end": [50, 150]})
TINY = maintenance.MaintenanceConfig(
    n_train=20, n_fresh=10, n_generated=20, n_styles=2, hidden=8, n_test=10
)
CHECKS = [loop.Check("ks", "confidence", "ks", 0.01)]

CASES = [
    # ------------------------------------------------------------ detectors
    Case(
        detectors.TestResult,
        lambda: {
            "test": "ks",
            "statistic": 0.2,
            "p_value": 0.5,
            "n_reference": 5,
            "n_window": 5,
        },
        {
            "test": "choice",
            "statistic": "real",
            "n_reference": "count",
            "n_window": "count",
        },
    ),
    Case(detectors.ks_statistic, lambda: {"reference": A, "window": B}, {}),
    Case(
        detectors.ks_test,
        lambda: {"reference": A, "window": B, "method": "smirnov"},
        {"reference": "array", "window": "array", "method": "choice"},
    ),
    Case(
        detectors.ks_per_feature,
        lambda: {"reference": np.c_[A, B], "window": np.c_[B, A]},
        {"reference": "array", "window": "array"},
    ),
    Case(
        detectors.psi_from_counts,
        lambda: {"reference_counts": COUNTS, "window_counts": COUNTS[::-1]},
        {"reference_counts": "array", "window_counts": "array"},
    ),
    Case(
        detectors.psi_edges,
        lambda: {"reference": A, "bins": 5},
        {"reference": "array", "bins": "count"},
    ),
    Case(
        detectors.psi,
        lambda: {"reference": A, "window": B, "bins": 4},
        {"reference": "array", "window": "array", "bins": "count"},
    ),
    Case(
        detectors.chi2_from_counts,
        lambda: {"reference_counts": COUNTS, "window_counts": COUNTS[::-1]},
        {"reference_counts": "array", "window_counts": "array"},
    ),
    Case(
        detectors.chi2_test,
        lambda: {"reference": CATS, "window": CATS[::-1], "n_categories": 4},
        {"reference": "labels", "window": "labels", "n_categories": "count"},
    ),
    Case(detectors.median_bandwidth, lambda: {"X": M2}, {"X": "array"}),
    Case(
        detectors.rbf_kernel,
        lambda: {"X": M2, "Y": N2, "bandwidth": 1.0},
        {"X": "array", "Y": "array", "bandwidth": "positive"},
    ),
    Case(
        detectors.mmd_test,
        lambda: {"reference": M2, "window": N2, "n_permutations": 20, "seed": 0},
        {
            "reference": "array",
            "window": "array",
            "n_permutations": "count",
            "seed": "index",
        },
    ),
    # ------------------------------------------------------------ streams
    Case(
        streams.embed,
        lambda: {"images": np.zeros((2, 8, 8), dtype=np.float32)},
        {"images": "array"},
    ),
    Case(
        streams.digit_probabilities,
        lambda: {"reader": _reader(), "images": np.zeros((2, 28, 88), np.float32)},
        {"reader": "instance", "images": "array"},
    ),
    Case(
        streams.CaptchaStream,
        lambda: {
            "change_at": 2,
            "confidence": np.ones(4),
            "digits": np.zeros((4, 4)),
            "embedding": np.zeros((4, 3)),
            "correct": np.ones(4),
            "ref_confidence": np.ones(2),
            "ref_digits": np.zeros((2, 4)),
            "ref_embedding": np.zeros((2, 3)),
            "ref_correct": np.ones(2),
        },
        {
            "change_at": "count",
            "confidence": "array",
            "embedding": "array",
            "ref_correct": "shorter",
        },
    ),
    Case(
        streams.captcha_stream,
        lambda: {
            "reader": _reader(),
            "n_before": 3,
            "n_after": 3,
            "n_reference": 3,
            "new_style": streams.SITE_V2,
            "seed": 0,
        },
        {
            "reader": "instance",
            "n_before": "count",
            "n_after": "count",
            "n_reference": "count",
            "new_style": "instance",
            "seed": "index",
        },
    ),
    Case(
        streams.TabularStream,
        lambda: {
            "X": np.zeros((4, 3)),
            "category": np.zeros(4),
            "y": np.zeros(4),
            "change_at": 2,
            "ramp": 0,
            "kind": "label",
            "size": 1.0,
        },
        {
            "X": "array",
            "category": "shorter",
            "change_at": "count",
            "ramp": "index",
            "kind": "choice",
            "size": "real",
        },
    ),
    Case(
        streams.tabular_stream,
        lambda: {
            "n": 100,
            "kind": "covariate",
            "change_at": 50,
            "size": 1.0,
            "ramp": 10,
            "seed": 0,
        },
        {
            "n": "count",
            "kind": "choice",
            "change_at": "count",
            "size": "real",
            "ramp": "index",
            "seed": "index",
        },
    ),
    Case(
        streams.prediction_log,
        lambda: {"stream": _stream(), "label_delay": 5},
        {"stream": "instance", "label_delay": "index"},
    ),
    # ------------------------------------------------------------ loop
    Case(
        loop.WindowStats,
        lambda: {
            "test": "ks",
            "data_end": ENDS,
            "known_at": ENDS,
            "statistic": np.ones(3),
            "p_value": np.ones(3),
        },
        {
            "test": "choice",
            "data_end": "array",
            "known_at": "shorter",
            "statistic": "array",
        },
    ),
    Case(
        loop.window_bounds,
        lambda: {"n": 100, "window": 10},
        {"n": "count", "window": "count"},
    ),
    Case(
        loop.run_test,
        lambda: {
            "test": "ks",
            "reference": A,
            "values": B,
            "n_categories": 10,
            "seed": 0,
        },
        {"test": "choice", "reference": "array", "values": "array"},
    ),
    Case(
        loop.window_tests,
        lambda: {
            "reference": A,
            "values": np.r_[A, B],
            "test": "ks",
            "window": 30,
            "per_row": 1,
            "n_categories": 10,
        },
        {
            "reference": "array",
            "values": "array",
            "test": "choice",
            "window": "count",
            "per_row": "count",
        },
    ),
    Case(
        loop.accuracy_windows,
        lambda: {"correct": np.ones(20), "window": 5, "label_delay": 2},
        {"correct": "array", "window": "count", "label_delay": "index"},
    ),
    Case(
        loop.AlertReport,
        lambda: {
            "detector": "ks",
            "fired": np.array([True, False]),
            "known_at": np.array([1, 2]),
            "false_alarms": 1,
            "first_alert": 2.0,
            "delay": 1.0,
        },
        {
            "fired": "array",
            "known_at": "shorter",
            "false_alarms": "index",
        },
    ),
    Case(
        loop.alert_report,
        lambda: {"stats": _stats(), "threshold": 0.01, "change_at": 100, "name": "x"},
        {"stats": "instance", "threshold": "real", "change_at": "index"},
    ),
    Case(loop.report_table, lambda: {"reports": [_report()]}, {"reports": "texts"}),
    Case(
        loop.Check,
        lambda: {"name": "ks", "field": "confidence", "test": "ks", "threshold": 0.01},
        {"test": "choice", "threshold": "real"},
    ),
    Case(
        loop.monitor_log,
        lambda: {
            "records": _log(),
            "reference": {"confidence": A},
            "checks": CHECKS,
            "window": 20,
            "min_accuracy": 0.5,
        },
        {
            "records": "texts",
            "checks": "texts",
            "window": "count",
            "min_accuracy": "prob",
        },
    ),
    Case(
        loop.summarize_alerts,
        lambda: {"alerts": ALERTS, "change_at": 100, "detectors": ["ks"]},
        {"alerts": "instance", "change_at": "index"},
    ),
    # ------------------------------------------------------------ metrics
    Case(
        metrics.PredictionCounter,
        lambda: {"metric": "predictions", "label": "digit"},
        {"metric": "choice", "label": "choice"},
    ),
    Case(
        metrics.class_counts,
        lambda: {
            "text": _scrapes()[0][1],
            "metric": "predictions_total",
            "label": "digit",
            "n_categories": 10,
        },
        {"text": "instance", "n_categories": "count"},
    ),
    Case(
        metrics.metrics_windows,
        lambda: {"scrapes": _scrapes(), "reference_counts": np.full(10, 30.0)},
        {"scrapes": "texts", "reference_counts": "array"},
    ),
    # ------------------------------------------------------------ served
    Case(
        served.held_out_digits,
        lambda: {"split": None},
        {"split": "instance"},
    ),
    Case(
        served.restyle_digits,
        lambda: {"X": RNG.random((3, 64)), "thicken": 1, "noise": 0.4, "seed": 0},
        {"X": "array", "thicken": "index", "noise": "prob", "seed": "index"},
    ),
    Case(
        lesson_stream.compute_stream,
        lambda: {
            "sizes": {"n_train": 30, "n_before": 5, "n_after": 5, "n_reference": 5},
            "seed": 0,
        },
        {"sizes": "instance", "seed": "index"},
    ),
    Case(
        served.linear_onnx,
        lambda: {"weight": RNG.normal(size=(3, 4)), "bias": RNG.normal(size=3)},
        {"weight": "array", "bias": "array"},
    ),
    # ------------------------------------------------------------ maintenance
    Case(
        maintenance.MaintenanceConfig,
        lambda: {
            "n_train": 10,
            "n_fresh": 5,
            "n_generated": 10,
            "n_styles": 2,
            "hidden": 8,
            "n_test": 5,
            "seed": 0,
        },
        {
            "n_train": "count",
            "n_fresh": "count",
            "n_generated": "count",
            "n_styles": "count",
            "hidden": "count",
            "n_test": "count",
            "seed": "index",
        },
    ),
    Case(
        maintenance.random_style,
        lambda: {"rng": np.random.default_rng(0)},
        {"rng": "instance"},
    ),
    Case(maintenance.compare_options, lambda: {"config": TINY}, {"config": "instance"}),
    # ------------------------------------------------------------ grid, plots, widget
    Case(
        drift_grid.DriftGrid,
        lambda: {
            "sizes": _grid().sizes,
            "onsets": _grid().onsets,
            "windows": _grid().windows,
            "stats": _grid().stats,
            "traces": _grid().traces,
        },
        {"sizes": "instance", "stats": "instance", "traces": "instance"},
    ),
    Case(
        drift_grid.detector_windows,
        lambda: {"reference": _ref(), "stream": _tab(), "window": 100},
        {"reference": "instance", "stream": "instance", "window": "count"},
    ),
    Case(
        drift_grid.compute_grid,
        lambda: {"sizes": (1.0,), "onsets": (2000,), "windows": (400,), "seed": 0},
        {"sizes": "array", "onsets": "array", "windows": "array", "seed": "index"},
    ),
    Case(
        drift_plots.plot_accuracy_over_time,
        lambda: {"stats": _stats("accuracy"), "change_at": 100},
        {"stats": "instance", "change_at": "index"},
    ),
    Case(
        drift_plots.plot_window_pvalues,
        lambda: {"series": {"KS": _stats()}, "alpha": 0.01, "change_at": 100},
        {"series": "instance", "alpha": "prob", "change_at": "index"},
    ),
    Case(
        drift_plots.plot_alert_timeline,
        lambda: {"reports": [_report()], "change_at": 100, "n": 200},
        {"reports": "texts", "change_at": "index", "n": "count"},
    ),
    Case(
        drift_plots.plot_stream_trace,
        lambda: {"trace": np.zeros((2, 5)), "bin_rows": 50, "change_at": 100},
        {"trace": "array", "bin_rows": "count", "change_at": "index"},
    ),
    Case(drift_plots.plot_maintenance, lambda: {"table": TABLE}, {"table": "frame"}),
    Case(
        drift_widget.build_drift_widget,
        lambda: {"grid": _grid()},
        {"grid": "instance"},
    ),
    # ------------------------------------------------------------ solutions
    Case(
        solutions_14.ex1,
        lambda: {"stream": _stream(), "window": 60},
        {"stream": "instance", "window": "count"},
    ),
    Case(
        solutions_14.ex2,
        lambda: {"summary": SUMMARY, "label_delay": 200},
        {"summary": "frame", "label_delay": "index"},
    ),
    Case(
        solutions_14.ex3,
        lambda: {
            "reference": _ref(),
            "stream": _tab(),
            "window": 50,
            "psi_level": 0.25,
        },
        {
            "reference": "instance",
            "stream": "instance",
            "window": "count",
            "psi_level": "positive",
        },
    ),
]

EXEMPT = {
    "helpers.monitor.lesson_stream.lesson_stream": (
        "takes no arguments; loads the shipped stream (compute_stream has a case)"
    ),
    "helpers.monitor.served.small_model_onnx": (
        "takes no arguments; lesson 13's small model (cached) as ONNX"
    ),
    "helpers.monitor.served.watch_served": (
        "a valid call needs a running server (seconds to start); its argument "
        "checks run before any request and are tested in tests/monitor/test_served.py"
    ),
    "helpers.monitor.served.ServedRun": (
        "a plain result record, built only by watch_served"
    ),
    "helpers.monitor.streams.deployed_stream": (
        "only a seed, checked first; its valid call trains the lesson's reader "
        "(too slow for the walker), and captcha_stream, which it wraps, has a case"
    ),
    "helpers.monitor.drift_grid.drift_grid": (
        "takes no arguments; loads the shipped grid or computes it (its builder "
        "compute_grid has a case)"
    ),
    "helpers.monitor.maintenance.maintenance_table": (
        "takes no arguments; loads the shipped table or computes it (compare_options "
        "has a case)"
    ),
}
