"""The monitoring loop: windows over a stream, alerts, their delay and false alarms.

Two ways in, both plain interfaces so that the same code watches lesson 13's server:

* a **prediction log** (an iterable of records, see
  :func:`helpers.monitor.streams.prediction_log`): :func:`monitor_log` cuts it into
  windows of predictions, tests each against the reference, and scores labels as they
  arrive (accuracy once the labels of a whole window are in);
* **Prometheus text** (what ``/metrics`` returns): see :mod:`helpers.monitor.metrics`.

An alert in a window that ends before the change is a **false alarm**; the **delay**
is the time from the change to the first alert after it (in predictions), counting
the time the labels take to arrive for the accuracy monitor.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.core.validation import (
    check_array,
    check_choice,
    check_frame,
    check_int,
    check_real,
    check_same_length,
)
from helpers.monitor import detectors as D

TESTS = ("ks", "psi", "chi2", "mmd", "accuracy")
MAX_WINDOWS = 100_000


@dataclass(frozen=True)
class WindowStats:
    """One detector's result per window, in time order.

    ``data_end``: predictions seen when the window's data was complete; ``known_at``:
    when its result was known (later for accuracy: the labels arrive late);
    ``statistic`` and ``p_value`` (NaN for scores without one).
    """

    test: str
    data_end: np.ndarray
    known_at: np.ndarray
    statistic: np.ndarray
    p_value: np.ndarray

    def __post_init__(self) -> None:
        check_choice("test", self.test, TESTS)
        n = len(check_array("data_end", self.data_end, ndim=1))
        check_array("known_at", self.known_at, ndim=1)
        check_array("statistic", self.statistic, ndim=1)
        check_array("p_value", self.p_value, ndim=1, finite=False)
        check_same_length(
            data_end=self.data_end,
            known_at=self.known_at,
            statistic=self.statistic,
            p_value=self.p_value,
        )
        if np.any(np.asarray(self.known_at) < np.asarray(self.data_end)):
            raise ValueError(f"known_at must not come before data_end ({n} windows)")

    def fired(self, threshold: float) -> np.ndarray:
        """Which windows alert: p < threshold for tests, PSI > threshold, accuracy
        < threshold."""
        threshold = check_real("threshold", threshold, low=0)
        if self.test == "accuracy":
            return self.statistic < threshold
        if self.test == "psi":
            return self.statistic > threshold
        return self.p_value < threshold


def window_bounds(n: int, window: int) -> list[tuple[int, int]]:
    """``(start, end)`` of the consecutive full windows of a stream of ``n``."""
    n = check_int("n", n, low=1, high=MAX_WINDOWS * 100_000)
    window = check_int("window", window, low=1, high=n)
    if n // window > MAX_WINDOWS:
        raise ValueError(f"at most {MAX_WINDOWS} windows, got {n // window}")
    return [(s, s + window) for s in range(0, n - window + 1, window)]


def run_test(
    test: str,
    reference: np.ndarray,
    values: np.ndarray,
    *,
    n_categories: int = 10,
    seed: int = 0,
) -> D.TestResult:
    """One detector by name on one window (``accuracy`` is not a test)."""
    check_choice("test", test, TESTS[:-1])
    if test == "ks":
        return D.ks_test(reference, values)
    if test == "psi":
        return D.psi(reference, values)
    if test == "chi2":
        return D.chi2_test(reference, values, n_categories=n_categories)
    return D.mmd_test(reference, values, n_permutations=200, seed=seed)


def window_tests(
    reference: object,
    values: object,
    *,
    test: str,
    window: int,
    per_row: int = 1,
    n_categories: int = 10,
) -> WindowStats:
    """``test`` on each full window of ``window`` rows of ``values``.

    ``per_row`` > 1 when each row contributes several values (a captcha's 4 digits,
    flattened): windows then cut ``window * per_row`` values.
    """
    check_choice("test", test, TESTS[:-1])
    ndim = 2 if test == "mmd" else 1
    ref = check_array("reference", reference, ndim=ndim)
    vals = check_array("values", values, ndim=ndim)
    per_row = check_int("per_row", per_row, low=1, high=1000)
    bounds = window_bounds(len(vals) // per_row, window)
    stats = [
        run_test(
            test,
            ref,
            vals[s * per_row : e * per_row],
            n_categories=n_categories,
            seed=i,
        )
        for i, (s, e) in enumerate(bounds)
    ]
    ends = np.array([e for _, e in bounds])
    return WindowStats(
        test,
        ends,
        ends.copy(),
        np.array([r.statistic for r in stats]),
        np.array([r.p_value for r in stats]),
    )


def accuracy_windows(correct: object, *, window: int, label_delay: int) -> WindowStats:
    """Accuracy per window, known ``label_delay`` predictions after the window ends."""
    hits = check_array("correct", correct, ndim=1)
    label_delay = check_int("label_delay", label_delay, low=0, high=10**9)
    bounds = window_bounds(len(hits), window)
    ends = np.array([e for _, e in bounds])
    acc = np.array([hits[s:e].mean() for s, e in bounds])
    return WindowStats(
        "accuracy", ends, ends + label_delay, acc, np.full(len(acc), np.nan)
    )


@dataclass(frozen=True)
class AlertReport:
    """When a detector alerted on a stream that changed at ``change_at``."""

    detector: str
    fired: np.ndarray
    known_at: np.ndarray
    false_alarms: int
    first_alert: float
    delay: float

    def __post_init__(self) -> None:
        if not isinstance(self.detector, str) or not self.detector:
            raise TypeError(f"detector must be a non-empty name, got {self.detector!r}")
        if np.asarray(self.fired).dtype != bool:
            raise TypeError("fired must be an array of bools (one per window)")
        check_array("fired", self.fired, ndim=1, dtype=bool)
        check_array("known_at", self.known_at, ndim=1)
        check_same_length(fired=self.fired, known_at=self.known_at)
        check_int("false_alarms", self.false_alarms, low=0, high=len(self.fired))

    @property
    def detected(self) -> bool:
        return bool(np.isfinite(self.delay))


def alert_report(
    stats: WindowStats, *, threshold: float, change_at: int, name: str = ""
) -> AlertReport:
    """False alarms (windows that end by ``change_at`` and fire) and delay (first
    alert known after the change, from windows holding post-change data)."""
    if not isinstance(stats, WindowStats):
        raise TypeError(f"stats must be WindowStats, got {type(stats).__name__}")
    change_at = check_int("change_at", change_at, low=0)
    fired = stats.fired(threshold)
    before = stats.data_end <= change_at
    after = np.flatnonzero(fired & ~before)
    first = float(stats.known_at[after[0]]) if after.size else float("nan")
    return AlertReport(
        name or stats.test,
        fired,
        stats.known_at,
        int(np.sum(fired & before)),
        first,
        first - change_at,
    )


def report_table(reports: Sequence[AlertReport]) -> pd.DataFrame:
    """One row per detector: false alarms before the change, delay after it."""
    reports = list(reports) if not isinstance(reports, str) else [reports]
    if not reports:
        raise ValueError("reports must hold at least one AlertReport")
    if not all(isinstance(r, AlertReport) for r in reports):
        raise TypeError("reports must be AlertReports (from alert_report)")
    rows = [
        {
            "detector": r.detector,
            "false alarms before": r.false_alarms,
            "first alert after (t)": r.first_alert,
            "delay (predictions)": r.delay,
        }
        for r in reports
    ]
    return pd.DataFrame(rows).set_index("detector")


# ------------------------------------------------------------------ the log


@dataclass(frozen=True)
class Check:
    """A detector the log monitor runs: ``test`` on the records' ``field`` (a
    string field such as ``prediction`` is split into its characters, as digits)."""

    name: str
    field: str
    test: str
    threshold: float

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not isinstance(self.field, str):
            raise TypeError("name and field must be strings")
        check_choice("test", self.test, TESTS[:-1])
        check_real("threshold", self.threshold, low=0)


def _field(records: list[Mapping], field: str) -> np.ndarray:
    values = [r[field] for r in records]
    if values and isinstance(values[0], str):
        return np.array([int(c) for v in values for c in v])
    return np.asarray(values, dtype=float)


def monitor_log(
    records: Iterable[Mapping],
    *,
    reference: Mapping[str, object],
    checks: Sequence[Check],
    window: int,
    min_accuracy: float,
) -> pd.DataFrame:
    """Read a prediction log in order and return every alert it raises.

    Every ``window`` prediction records, each check tests the window against
    ``reference[check.field]``. Label records (``{"kind": "label", "id", "t",
    "correct"}``) fill an accuracy window; when it holds ``window`` labels, its
    accuracy is compared with ``min_accuracy``. Each alert row: the detector, ``t``
    (when it was raised), ``data_end`` (the ``t`` of the newest prediction in its
    window), the statistic and p-value.

    Records without ``t`` are timed by the number of predictions read so far, and
    records without ``kind`` are predictions: rows of lesson 13's SQLite log
    (``helpers.deploy.predlog.read_log(path).to_dict("records")``) can be read with
    checks on its columns ``predicted`` and ``confidence``.
    """
    window = check_int("window", window, low=1, high=10**6)
    min_accuracy = check_real("min_accuracy", min_accuracy, low=0, high=1)
    if isinstance(records, str | bytes | Mapping):
        raise TypeError("records must be an iterable of records (mappings), not one")
    checks = list(checks)
    if not checks:
        raise ValueError("checks must name at least one Check")
    if not all(isinstance(c, Check) for c in checks):
        raise TypeError("checks must be Check objects")
    for c in checks:
        if c.field not in reference:
            raise ValueError(f"reference lacks the field {c.field!r} of check {c.name}")
    alerts: list[tuple] = []
    predictions: list[Mapping] = []
    labels: list[bool] = []
    served: dict[object, int] = {}  # id -> t of its prediction (for late labels)
    newest = 0  # the latest prediction whose label is in the accuracy window
    n_records = n_served = 0
    for record in records:
        if not isinstance(record, Mapping):
            raise TypeError(
                f"each record must be a mapping, got {type(record).__name__}"
            )
        n_records += 1
        if record.get("kind") == "label":
            t = record.get("t", n_served)
            labels.append(bool(record["correct"]))
            newest = max(newest, served.pop(record["id"], 0))
            if len(labels) == window:
                acc = float(np.mean(labels))
                if acc < min_accuracy:
                    alerts.append(("accuracy", t, newest, acc, float("nan")))
                labels, newest = [], 0
            continue
        n_served += 1
        t = record.get("t", n_served)
        served[record.get("id", n_served)] = t
        predictions.append(record)
        if len(predictions) < window:
            continue
        for c in checks:
            values = _field(predictions, c.field)
            res = run_test(c.test, np.asarray(reference[c.field]), values)
            if res.drift(c.threshold):
                alerts.append((c.name, t, t, res.statistic, res.p_value))
        predictions = []
    if not n_records:
        raise ValueError("records must hold at least one record")
    columns = ["detector", "t", "data_end", "statistic", "p_value"]
    return pd.DataFrame(alerts, columns=columns)


def summarize_alerts(
    alerts: pd.DataFrame, *, change_at: int, detectors: Sequence[str] = ()
) -> pd.DataFrame:
    """Per detector: false alarms (alerts from windows whose data ends by
    ``change_at``) and the delay of the first alert from data after the change.
    ``detectors`` lists names to report even when they never alerted."""
    if not isinstance(alerts, pd.DataFrame):
        raise TypeError(f"alerts must be a DataFrame, got {type(alerts).__name__}")
    if len(alerts):
        check_frame(alerts, ["detector", "t", "data_end"], name="alerts")
    change_at = check_int("change_at", change_at, low=0)
    names = list(dict.fromkeys([*detectors, *alerts["detector"]]))
    rows = []
    for name in names:
        part = alerts[alerts["detector"] == name]
        before = part["data_end"].to_numpy() <= change_at
        t = part["t"].to_numpy()[~before]
        rows.append(
            {
                "detector": name,
                "false alarms before": int(before.sum()),
                "delay (predictions)": float(t.min() - change_at) if t.size else np.nan,
            }
        )
    return pd.DataFrame(
        rows, columns=["detector", "false alarms before", "delay (predictions)"]
    ).set_index("detector")
