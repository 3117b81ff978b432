"""Lesson 14 targets: detector delays and false alarms on streams with known change
points, the false-positive rate of the MMD permutation test, and the widget callback.

Captcha stream: the lesson's (a reader trained on 1500 captchas of the site's current
style reads 1000 of them, then 1000 of the new style), windows of 100 predictions,
labels 200 predictions late. Tabular streams: 4000 rows, change at row 2000,
windows of 200 rows, covariate drift of size 1 over 1000 rows and an abrupt label
shift of size 1. Levels: alpha = 0.01 for the tests, 0.25 for PSI. Served model:
lesson 13's server with its small digits model, 257 held-out pool digits as the
reference, then the 540 test digits and the same digits with the new pen (windows of
90 predictions), watched through ``/metrics`` and the prediction log.
"""

from __future__ import annotations

import numpy as np

from benchmarks.common import Target, widget_target
from helpers.monitor import detectors as D
from helpers.monitor import loop as L
from helpers.monitor.drift_grid import detector_windows
from helpers.monitor.streams import deployed_stream, prediction_log, tabular_stream

LESSON = "14"
WINDOW, LABEL_DELAY, ALPHA, PSI_LEVEL = 100, 200, 0.01, 0.25
TAB_WINDOW, ONSET = 200, 2000


def _captcha_targets() -> list[Target]:
    stream = deployed_stream(seed=0)
    checks = [
        L.Check("KS confidence", "confidence", "ks", ALPHA),
        L.Check("PSI confidence", "confidence", "psi", PSI_LEVEL),
        L.Check("chi2 digits", "prediction", "chi2", ALPHA),
        L.Check("MMD embedding", "embedding", "mmd", ALPHA),
    ]
    reference = {
        "confidence": stream.ref_confidence,
        "prediction": stream.ref_digits.ravel(),
        "embedding": stream.ref_embedding,
    }
    alerts = L.monitor_log(
        prediction_log(stream, label_delay=LABEL_DELAY),
        reference=reference,
        checks=checks,
        window=WINDOW,
        min_accuracy=float(stream.ref_correct.mean()) - 0.1,
    )
    names = [c.name for c in checks] + ["accuracy"]
    table = L.summarize_alerts(alerts, change_at=stream.change_at, detectors=names)
    targets = []
    for name, row in table.iterrows():
        limit = WINDOW + (LABEL_DELAY if name == "accuracy" else 0)
        delay = float(row["delay (predictions)"])
        targets.append(
            Target(
                LESSON,
                f"captcha stream, {name}: delay after the change "
                f"({int(row['false alarms before'])} false alarms before)",
                f"<= {limit}",
                delay,
                "predictions",
                bool(delay <= limit),
            )
        )
    return targets


def _tabular_targets() -> list[Target]:
    targets = []
    for kind, ramp in (("covariate", 1000), ("label", 0)):
        reference = tabular_stream(1000, kind=kind, change_at=999, size=0.0, seed=1)
        stream = tabular_stream(
            4000, kind=kind, change_at=ONSET, size=1.0, ramp=ramp, seed=0
        )
        found = detector_windows(reference, stream, window=TAB_WINDOW)
        for name, stats in found.items():
            level = PSI_LEVEL if name == "PSI" else ALPHA
            r = L.alert_report(stats, threshold=level, change_at=ONSET, name=name)
            targets.append(
                Target(
                    LESSON,
                    f"{kind} stream, {name}: delay ({r.false_alarms} false alarms "
                    "before)",
                    "(reported)",
                    r.delay,
                    "rows",
                    True,
                )
            )
    return targets


def _served_targets() -> list[Target]:
    import tempfile
    from pathlib import Path

    from helpers.core.data import load_digits_split
    from helpers.deploy.server import ModelServer
    from helpers.monitor.served import (
        held_out_digits,
        restyle_digits,
        small_model_onnx,
        watch_served,
    )

    split = load_digits_split()
    clean = split.X_test.astype(np.float32)
    stream = np.concatenate([clean, restyle_digits(clean, seed=0)])
    checks = [
        L.Check("KS confidence", "confidence", "ks", ALPHA),
        L.Check("chi2 classes", "predicted", "chi2", ALPHA),
    ]
    with tempfile.TemporaryDirectory() as folder:
        model = Path(folder) / "small.onnx"
        model.write_bytes(small_model_onnx())
        log = Path(folder) / "log.sqlite"
        with ModelServer(model, log_path=log) as server:
            run = watch_served(
                server.url,
                log,
                held_out_digits(split),
                stream,
                change_at=len(clean),
                window=90,
                checks=checks,
                alpha=ALPHA,
            )
    return [
        Target(
            LESSON,
            f"served model, {name}: delay after the change "
            f"({int(row['false alarms before'])} false alarms before)",
            "<= 90",
            float(row["delay (predictions)"]),
            "predictions",
            bool(row["delay (predictions)"] <= 90 and row["false alarms before"] == 0),
        )
        for name, row in run.summary().iterrows()
    ]


def _mmd_false_positive_rate(trials: int = 300) -> Target:
    rng = np.random.default_rng(0)
    fired = np.mean(
        [
            D.mmd_test(
                rng.normal(size=(40, 10)),
                rng.normal(size=(40, 10)),
                n_permutations=199,
                seed=i,
            ).p_value
            < 0.05
            for i in range(trials)
        ]
    )
    return Target(
        LESSON,
        f"MMD permutation test, same distribution: false-positive rate ({trials} "
        "trials, alpha 0.05)",
        "in [0.02, 0.08]",
        float(fired),
        "rate",
        bool(0.02 <= fired <= 0.08),
    )


def run() -> list[Target]:
    from helpers.monitor.drift_widget import build_drift_widget

    return [
        *_captcha_targets(),
        *_tabular_targets(),
        *_served_targets(),
        _mmd_false_positive_rate(),
        widget_target(LESSON, "drift widget", build_drift_widget()),
    ]


if __name__ == "__main__":  # pragma: no cover
    for target in run():
        print(target)
