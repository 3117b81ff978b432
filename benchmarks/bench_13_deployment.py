"""Lesson 13 targets: the deployment table (size, latency, throughput, accuracy per
precision), the served API under load, batch vs real-time, small vs large, and the
widget's median callback.

Latencies: single-row calls on one thread, 2,000 per variant (the variants take turns
call by call, so a busy machine slows them all alike), median and p95; throughput:
the test set in batches of 64, median of 20 passes. The API: 400 one-image requests
from 1 and from 4 clients, and 100 requests of 32 images from 4 clients, against the
real server process. Speed targets are reported with the figure measured; the pass
marks hold only what the lesson claims (sizes, accuracy, orders of magnitude).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np

from benchmarks.common import Target, widget_target
from helpers.core.data import load_digits_split
from helpers.deploy import formats
from helpers.deploy.batch import score_table, write_feature_table
from helpers.deploy.client import load_test
from helpers.deploy.digits_models import digits_test, load_model, train_digits_models
from helpers.deploy.measure import compare_variants
from helpers.deploy.runtime import make_session
from helpers.deploy.server import ModelServer

LESSON = "13"


def _variants() -> tuple[dict[str, bytes], bytes]:
    trained = train_digits_models()
    fp32 = formats.export_onnx(load_model(trained, "large"))
    pool = load_digits_split().X_pool
    variants = {
        "fp32": fp32,
        "fp16": formats.to_fp16(fp32),
        "int8 dynamic": formats.quantize_dynamic_int8(fp32),
        "int8 static": formats.quantize_static_int8(fp32, pool[:200]),
    }
    return variants, formats.export_onnx(load_model(trained, "small"))


def run() -> list[Target]:
    X, y = digits_test()
    variants, small = _variants()
    table = compare_variants(variants, X, y, n_calls=2000, n_batch_rounds=20)
    targets = []
    for name, row in table.iterrows():
        label = f"{name}: size {row['size KB']:.1f} KB, accuracy {row['accuracy']:.3f}"
        targets += [
            Target(
                LESSON,
                f"{label}; one row, median",
                "(reported)",
                1e3 * row["median ms"],
                "µs",
                True,
            ),
            Target(
                LESSON,
                f"{name}: one row, p95",
                "(reported)",
                1e3 * row["p95 ms"],
                "µs",
                True,
            ),
            Target(
                LESSON,
                f"{name}: batches of 64",
                "(reported)",
                row["items/s"],
                "images/s",
                True,
            ),
        ]
    fp32 = table.loc["fp32"]
    for name in ("int8 dynamic", "int8 static"):
        ratio = fp32["size KB"] / table.loc[name, "size KB"]
        targets.append(
            Target(
                LESSON,
                f"{name}: file size vs fp32",
                "> 3x smaller",
                ratio,
                "x",
                ratio > 3,
            )
        )
    drop = float(fp32["accuracy"] - table["accuracy"].min())
    targets.append(
        Target(
            LESSON,
            "largest accuracy drop vs fp32 (any precision)",
            "<= 0.01",
            drop,
            "accuracy",
            drop <= 0.01,
        )
    )

    sizes = compare_variants(
        {"small": small, "large": variants["fp32"]},
        X,
        y,
        n_calls=2000,
        n_batch_rounds=20,
    )
    for name, row in sizes.iterrows():
        targets.append(
            Target(
                LESSON,
                f"{name} model ({row['size KB']:.1f} KB, accuracy "
                f"{row['accuracy']:.3f}): one row, median",
                "(reported)",
                1e3 * row["median ms"],
                "µs",
                True,
            )
        )

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.onnx"
        path.write_bytes(variants["fp32"])
        with ModelServer(path) as server:
            targets.append(
                Target(
                    LESSON,
                    "server start-up (process to /health)",
                    "< 10 s",
                    server.startup_seconds,
                    "s",
                    server.startup_seconds < 10,
                )
            )
            runs = {
                "1 client": load_test(server.url, X, n_clients=1, n_requests=400),
                "4 clients": load_test(server.url, X, n_clients=4, n_requests=400),
                "4 clients x 32 images": load_test(
                    server.url, X, n_clients=4, n_requests=100, batch_size=32
                ),
            }
        for name, r in runs.items():
            targets += [
                Target(
                    LESSON,
                    f"API, {name}: median latency",
                    "(reported)",
                    r.percentile(50),
                    "ms",
                    r.n_errors == 0,
                ),
                Target(
                    LESSON,
                    f"API, {name}: p95 latency",
                    "(reported)",
                    r.percentile(95),
                    "ms",
                    r.n_errors == 0,
                ),
                Target(
                    LESSON,
                    f"API, {name}: throughput",
                    "(reported)",
                    r.items_per_second,
                    "images/s",
                    r.n_errors == 0,
                ),
            ]
        table_file = Path(folder) / "rows.sqlite"
        write_feature_table(table_file, np.tile(X, (10, 1)))
        scored = score_table(table_file, make_session(variants["fp32"]))
        speedup = scored.rows_per_second / runs["1 client"].items_per_second
        targets.append(
            Target(
                LESSON,
                "batch scoring from SQLite vs one image per request",
                "> 10x the API",
                speedup,
                "x",
                speedup > 10,
            )
        )

    from helpers.deploy.quantize_widget import build_quantize_widget

    targets.append(widget_target(LESSON, "quantize widget", build_quantize_widget()))
    return targets


if __name__ == "__main__":  # pragma: no cover
    for target in run():
        print(target)
