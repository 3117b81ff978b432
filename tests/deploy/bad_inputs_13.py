"""Bad-input cases of lesson 13 in helpers.deploy (see tests/bad_input.py).

Valid calls stay tiny and offline: a hand-built 64 -> 10 Gemm model (no exporter,
except one small export for ``export_onnx`` itself), twenty random rows, an
``httpx.MockTransport`` in place of a server for the client calls, files in a fresh
temporary folder.

Arguments left out of a case's kinds, and why: ``per_channel`` (a bool; no kind for
it, tested in test_quantize.py); file paths that a helper creates (``PredictionLog``'s
``path``, ``write_feature_table``'s ``path``: any string is a valid new file name, so
a generated "f" would create a file; their refusals are tested in test_predlog.py
and test_batch.py); names shown to people (``name``, ``precision``: any non-empty
text is valid); ``bits`` of ``accuracy_by_bits`` (a tuple; no kind for it).
"""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

import httpx
import numpy as np
import pandas as pd
import torch
from bad_input import Case

from deploy.deploy_support import gemm_model
from helpers.deploy import (
    app,
    batch,
    client,
    deploy_plots,
    digits_models,
    formats,
    measure,
    predlog,
    quantize,
    quantize_widget,
    runtime,
    serve,
    server,
    solutions_13,
)

RNG = np.random.default_rng(0)
W, B = RNG.normal(size=(10, 64)), RNG.normal(size=10)
ROWS = RNG.random((20, 64)).astype(np.float32)  # (20, 64) in [0, 1]
LABELS = np.arange(20) % 10
MATRIX = RNG.normal(size=(4, 6))


@functools.cache
def _model() -> bytes:
    return gemm_model(W, B)


@functools.cache
def _folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="bad-inputs-13-"))


@functools.cache
def _model_file() -> Path:
    path = _folder() / "model.onnx"
    path.write_bytes(_model())
    return path


@functools.cache
def _table_file() -> Path:
    path = _folder() / "rows.sqlite"
    batch.write_feature_table(path, ROWS)
    return path


@functools.cache
def _log_file() -> Path:
    log = predlog.PredictionLog(_folder() / "log.sqlite")
    log.close()
    return log.path


def _session():
    return runtime.make_session(_model())


def _linear() -> torch.nn.Module:  # (batch, 64) -> (batch, 10)
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(64, 10)).eval()


@functools.cache
def _trained() -> digits_models.TrainedModels:
    """Untrained weights in the shape of the real ones (training takes seconds)."""
    from helpers.train.models import build_model

    states = {
        name: build_model(family, seed=0, **options).state_dict()
        for name, (family, options) in digits_models.SPECS.items()
    }
    zeros = dict.fromkeys(states, 0.0)
    return digits_models.TrainedModels(states, zeros, zeros, 1)


def _mock_client() -> httpx.Client:
    """A client whose requests never leave the process: /predict answers class 3
    for every row, /health and /metrics answer like the real server."""

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/predict":
            import json

            rows = json.loads(request.content)["instances"]
            return httpx.Response(200, json={"predictions": [3] * len(rows)})
        if request.url.path == "/metrics":
            return httpx.Response(200, text="# TYPE up gauge\nup 1\n")
        return httpx.Response(200, json={"status": "ok"})

    return httpx.Client(transport=httpx.MockTransport(handle))


def _load_result(n_clients: int = 1, latency: float = 0.01) -> client.LoadResult:
    return client.LoadResult(
        np.full(4, latency), np.zeros(4, int), 1.0, n_clients, 1, 0
    )


def _grid() -> digits_models.BitsGrid:
    return digits_models.BitsGrid(
        np.array([2, 8]), np.array([0.4, 0.9]), np.array([0.8, 0.9]), 0.91
    )


def _counts() -> tuple[dict, np.ndarray]:
    return deploy_plots.error_counts(
        {"per tensor": MATRIX.ravel(), "per channel": MATRIX.ravel() / 2},
        half=2.0,
        n_bins=5,
    )


CASES = [
    # ------------------------------------------------------------ quantization
    Case(
        quantize.int8_scale,
        lambda: {"w": MATRIX, "bits": 8},
        {"w": "array", "bits": "count"},
    ),
    Case(
        quantize.quantize_int8,
        lambda: {"w": MATRIX, "scale": 0.1, "bits": 8},
        {"w": "array", "scale": "positive", "bits": "count"},
    ),
    Case(
        quantize.dequantize,
        lambda: {"qt": quantize.quantize_int8(MATRIX)},
        {"qt": "instance"},
    ),
    Case(quantize.fp16_roundtrip, lambda: {"w": MATRIX}, {"w": "array"}),
    Case(
        quantize.max_error,
        lambda: {"w": MATRIX, "w_hat": MATRIX * 0.9},
        {"w": "array", "w_hat": "array"},
    ),
    Case(
        quantize.weight_report,
        lambda: {"state": {"a.weight": MATRIX}},
        {"state": "instance"},
    ),
    # ------------------------------------------------------------ formats and runtime
    Case(formats.to_fp16, lambda: {"model": _model()}, {"model": "instance"}),
    Case(
        formats.ArrayReader,
        lambda: {"X": ROWS, "batch_size": 4},
        {"X": "array", "batch_size": "count"},
    ),
    Case(
        formats.quantize_dynamic_int8,
        lambda: {"model": _model()},
        {"model": "instance"},
    ),
    Case(
        formats.quantize_static_int8,
        lambda: {"model": _model(), "X_calibration": ROWS[:8]},
        {"model": "instance", "X_calibration": "array"},
    ),
    Case(runtime.sha256_hex, lambda: {"blob": b"abc"}, {"blob": "instance"}),
    Case(runtime.existing_file, lambda: {"path": _model_file()}, {"path": "instance"}),
    Case(
        runtime.make_session,
        lambda: {"model": _model(), "threads": 1},
        {"model": "instance", "threads": "count"},
    ),
    Case(runtime.n_inputs, lambda: {"session": _session()}, {"session": "instance"}),
    Case(
        runtime.run_logits,
        lambda: {"session": _session(), "X": ROWS},
        {"session": "instance", "X": "array"},
    ),
    # ------------------------------------------------------------ models
    Case(
        digits_models.load_model,
        lambda: {"trained": _trained(), "name": "small"},
        {"trained": "instance", "name": "choice"},
    ),
    Case(
        digits_models.quantized_copy,
        lambda: {"model": _linear(), "bits": 4},
        {"model": "instance", "bits": "count"},
    ),
    Case(digits_models.digits_test, lambda: {"split": None}, {"split": "instance"}),
    Case(
        digits_models.accuracy_by_bits,
        lambda: {"model": _linear(), "X": ROWS, "y": LABELS, "bits": (8,)},
        {"model": "instance", "X": "array", "y": "labels"},
    ),
    # ------------------------------------------------------------ serving
    Case(predlog.PredictionLog, lambda: {"path": _folder() / "a.sqlite"}, {}),
    Case(predlog.read_log, lambda: {"path": _log_file()}, {"path": "instance"}),
    Case(
        app.request_model,
        lambda: {"n_features": 64, "low": 0.0, "high": 1.0, "max_batch": 8},
        {"n_features": "count", "low": "real", "high": "real", "max_batch": "count"},
    ),
    Case(
        app.create_app,
        lambda: {"model_path": _model_file(), "max_batch": 8, "max_body_bytes": 10_000},
        {"model_path": "instance", "max_batch": "count", "max_body_bytes": "count"},
    ),
    Case(
        app.validation_detail,
        lambda: {"errors": [{"loc": ("body",), "msg": "bad"}], "limit": 3},
        {"errors": "instance", "limit": "count"},
    ),
    Case(
        serve.watch_parent,
        lambda: {
            "server": type("Done", (), {"should_exit": True})(),
            "pid": 1,
            "every": 0.01,
        },
        {"server": "instance", "pid": "index", "every": "positive"},
    ),
    Case(
        server.port_is_open,
        lambda: {"port": server.free_port(), "timeout": 0.2},
        {"port": "count", "timeout": "positive"},
    ),
    Case(
        server.ModelServer,
        lambda: {
            "model_path": _model_file(),
            "max_batch": 8,
            "startup_timeout": 5.0,
            "stop_timeout": 1.0,
        },
        {
            "model_path": "instance",
            "max_batch": "count",
            "startup_timeout": "positive",
            "stop_timeout": "positive",
        },
    ),
    Case(
        client.request,
        lambda: {
            "url": "http://mock",
            "path": "/health",
            "timeout": 1.0,
            "client": _mock_client(),
        },
        {"url": "instance", "path": "choice", "timeout": "positive"},
    ),
    Case(
        client.predict,
        lambda: {"url": "http://mock", "X": ROWS[:3], "client": _mock_client()},
        {"url": "instance", "X": "array"},
    ),
    Case(
        client.parse_metrics,
        lambda: {"text": "# TYPE up gauge\nup 1\n"},
        {"text": "instance"},
    ),
    Case(
        client.metric_total,
        lambda: {"metrics": {"up": 1.0}, "name": "up"},
        {"metrics": "instance"},
    ),
    Case(
        batch.write_feature_table,
        lambda: {"path": _folder() / "w.sqlite", "X": ROWS},
        {"X": "array"},
    ),
    Case(
        batch.score_table,
        lambda: {"path": _table_file(), "session": _session(), "batch_size": 8},
        {"path": "instance", "session": "instance", "batch_size": "count"},
    ),
    Case(
        measure.compare_variants,
        lambda: {
            "variants": {"fp32": _model()},
            "X": ROWS,
            "y": LABELS,
            "n_calls": 3,
            "batch_size": 8,
            "n_batch_rounds": 1,
        },
        {
            "variants": "instance",
            "X": "array",
            "y": "labels",
            "n_calls": "count",
            "batch_size": "count",
            "n_batch_rounds": "count",
        },
    ),
    # ------------------------------------------------------------ plots and widget
    Case(
        deploy_plots.error_counts,
        lambda: {"errors": {"a": MATRIX.ravel()}, "half": 1.0, "n_bins": 5},
        {"errors": "instance", "half": "positive", "n_bins": "count"},
    ),
    Case(
        deploy_plots.plot_quantization_error,
        lambda: {"w": MATRIX, "bits": 4},
        {"w": "array", "bits": "count"},
    ),
    Case(
        deploy_plots.plot_error_histograms,
        lambda: {"counts": _counts()[0], "edges": _counts()[1], "half": 2.0, "bits": 8},
        {"counts": "instance", "edges": "array", "half": "positive", "bits": "count"},
    ),
    Case(
        deploy_plots.plot_variants,
        lambda: {"table": pd.DataFrame({"size KB": [3.0, 1.0]}), "column": "size KB"},
        {"table": "frame", "column": "choice"},
    ),
    Case(
        deploy_plots.plot_latencies,
        lambda: {"results": {"1 client": _load_result()}},
        {"results": "instance"},
    ),
    Case(
        deploy_plots.plot_accuracy_by_bits,
        lambda: {"grid": _grid(), "selected": 8},
        {"grid": "instance", "selected": "index"},
    ),
    Case(quantize_widget.build_quantize_widget, lambda: {"bits": 8}, {"bits": "count"}),
    # ------------------------------------------------------------ solutions
    Case(
        solutions_13.ex1,
        lambda: {"state": {"net.6.weight": MATRIX}},
        {"state": "instance"},
    ),
    Case(
        solutions_13.ex2,
        lambda: {"runs": {"1": _load_result(1), "4": _load_result(4, 0.02)}},
        {"runs": "instance"},
    ),
    Case(
        solutions_13.ex3,
        lambda: {
            "model": _model(),
            "X_pool": ROWS,
            "y_pool": LABELS,
            "X_test": ROWS,
            "y_test": LABELS,
        },
        {
            "model": "instance",
            "X_pool": "array",
            "y_pool": "labels",
            "X_test": "array",
            "y_test": "labels",
        },
    ),
]

EXEMPT = {
    "helpers.deploy.formats.export_onnx": (
        "its valid call (torch's exporter, first use in a process) takes 3 to 10 s, "
        "past the walker's time limit on a busy machine; the same bad values are "
        "tried in tests/deploy/test_formats.py (test_export_refuses_bad_*)"
    ),
    "helpers.deploy.quantize.QuantizedTensor": (
        "a result record made by quantize_int8, which checks its inputs"
    ),
    "helpers.deploy.digits_models.TrainedModels": (
        "a result record made by train_digits_models from checked settings"
    ),
    "helpers.deploy.digits_models.BitsGrid": (
        "a result record made by accuracy_by_bits, which checks its inputs"
    ),
    "helpers.deploy.digits_models.train_config": "takes no arguments at all",
    "helpers.deploy.digits_models.train_digits_models": "takes no arguments at all",
    "helpers.deploy.predlog.LogRow": (
        "a record the server fills from validated requests; PredictionLog.append "
        "refuses anything else"
    ),
    "helpers.deploy.client.LoadResult": "a result record made by load_test",
    "helpers.deploy.batch.BatchResult": "a result record made by score_table",
    "helpers.deploy.client.load_test": (
        "needs a live server; its arguments are checked before any request "
        "(tests/deploy/test_client.py) and its runs are tested against the real "
        "server"
    ),
    "helpers.deploy.server.free_port": "takes no arguments at all",
    "helpers.deploy.server.stop_all": "takes no arguments at all",
    "helpers.deploy.serve.parse_args": (
        "a command line: argparse answers bad arguments with a usage message and "
        "exit code 2, the convention of command-line tools"
    ),
    "helpers.deploy.serve.main": (
        "a command line run as a process; a missing model gives exit code 2 and a "
        "message (tests/deploy/test_serve.py)"
    ),
    "helpers.deploy.serve.run_app": (
        "runs a server until it is stopped; called only by the two servers' main() "
        "with parsed arguments (exercised through their process tests)"
    ),
}
