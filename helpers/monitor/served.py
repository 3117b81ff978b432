"""Monitoring lesson 13's served model: traffic over HTTP, ``/metrics`` and the log.

* :func:`small_model_onnx` -- lesson 13's small digits model (multinomial logistic
  regression, trained and cached by :mod:`helpers.deploy.digits_models`) as ONNX
  bytes (:func:`linear_onnx`: one ``Gemm`` node written directly, no exporter);
* :func:`held_out_digits` -- the digits pool rows lesson 13 did not train on: the
  "normal" traffic seen at deployment (the reference);
* :func:`restyle_digits` -- the drift: the same digits written with a new pen
  (strokes one pixel thicker, pixel noise);
* :func:`watch_served` -- the monitoring loop against a running server (start one with
  :class:`helpers.deploy.server.ModelServer`): send the reference, then the stream
  window by window; after each window scrape ``/metrics`` and read the new rows of the
  SQLite prediction log, and test them against the reference.

The server's class counter is ``workbook_predicted_items_total{label="3"}``
(:data:`METRIC`, :data:`LABEL`); the log's columns are read with
:func:`helpers.deploy.predlog.read_log`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.core.data import DigitsSplit, load_digits_split
from helpers.core.validation import check_array, check_int, check_real
from helpers.monitor import detectors as D
from helpers.monitor import loop as L
from helpers.monitor.metrics import class_counts

METRIC = "workbook_predicted_items_total"
LABEL = "label"
METRICS_DETECTOR = "chi2 /metrics"
MAX_ROWS = 100_000


def linear_onnx(weight: object, bias: object) -> bytes:
    """A linear layer ``logits = x @ weight.T + bias`` as ONNX bytes: one ``Gemm``
    node, input ``x`` ``(batch, n_features)``, output ``logits`` ``(batch,
    n_classes)``, the names :mod:`helpers.deploy.runtime` expects. For a model that
    is a single linear layer it is what ``torch.onnx.export`` writes, in
    milliseconds instead of seconds (the exporter's first call in a process costs
    several seconds of imports and tracing)."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    from helpers.deploy.runtime import INPUT, OUTPUT

    weight = check_array("weight", weight, ndim=2).astype(np.float32)  # (out, in)
    bias = check_array("bias", bias, ndim=1).astype(np.float32)  # (out,)
    if len(bias) != weight.shape[0]:
        raise ValueError(
            f"bias must have one value per row of weight ({weight.shape[0]}), "
            f"got {len(bias)}"
        )
    n_out, n_in = weight.shape
    graph = helper.make_graph(
        [helper.make_node("Gemm", [INPUT, "weight", "bias"], [OUTPUT], transB=1)],
        "linear",
        [helper.make_tensor_value_info(INPUT, TensorProto.FLOAT, ["batch", n_in])],
        [helper.make_tensor_value_info(OUTPUT, TensorProto.FLOAT, ["batch", n_out])],
        initializer=[
            numpy_helper.from_array(weight, "weight"),
            numpy_helper.from_array(bias, "bias"),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model.SerializeToString()


def small_model_onnx() -> bytes:
    """Lesson 13's small digits model (one linear layer, trained and cached by
    :mod:`helpers.deploy.digits_models`) as ONNX bytes (:func:`linear_onnx`)."""
    from helpers.deploy.digits_models import train_digits_models
    from helpers.train.shipped_fast import lesson_artefact

    trained = lesson_artefact("deploy_digits_models", train_digits_models)
    state = trained.states["small"]
    return linear_onnx(state["0.weight"].numpy(), state["0.bias"].numpy())


def held_out_digits(split: DigitsSplit | None = None) -> np.ndarray:
    """The pool rows lesson 13's models did not train on (its validation rows), as
    float32 ``(n, 64)``: the same permutation as
    :mod:`helpers.deploy.digits_models`."""
    from helpers.deploy.digits_models import N_TRAIN

    split = load_digits_split() if split is None else split
    if not isinstance(split, DigitsSplit):
        raise TypeError(f"split must be a DigitsSplit, got {type(split).__name__}")
    order = np.random.default_rng(0).permutation(len(split.y_pool))
    return split.X_pool[order[N_TRAIN:]].astype(np.float32)


def restyle_digits(
    X: object, *, thicken: int = 1, noise: float = 0.4, seed: int = 0
) -> np.ndarray:
    """8x8 digits ``(n, 64)`` in [0, 1] written with a new pen: each stroke widened by
    ``thicken`` pixels to the right (a running maximum), plus Gaussian noise of
    standard deviation ``noise``, clipped back to [0, 1]. float32 ``(n, 64)``."""
    X = check_array("X", X, ndim=2)
    if X.shape[1] != 64:
        raise ValueError(f"X must have 64 columns (8x8 images), got {X.shape[1]}")
    if X.min() < 0 or X.max() > 1:
        raise ValueError("X must hold pixel values in [0, 1]")
    thicken = check_int("thicken", thicken, low=0, high=7)
    noise = check_real("noise", noise, low=0, high=1)
    seed = check_int("seed", seed, low=0)
    images = X.reshape(-1, 8, 8)  # (n, 8, 8)
    wide = images.copy()
    for shift in range(1, thicken + 1):  # the stroke smeared `shift` pixels right
        wide[:, :, shift:] = np.maximum(wide[:, :, shift:], images[:, :, :-shift])
    rng = np.random.default_rng(seed)
    noisy = wide + rng.normal(0.0, noise, size=wide.shape) if noise else wide
    return np.clip(noisy, 0.0, 1.0).reshape(-1, 64).astype(np.float32)


@dataclass(frozen=True)
class ServedRun:
    """What the loop saw: the ``/metrics`` text after the reference (``baseline``)
    and after each window (``scrapes``: ``(t, text)``), the log rows of the reference
    and of the stream (column ``t``: predictions of the stream served so far), the
    alerts (:func:`helpers.monitor.loop.monitor_log`'s columns, plus
    :data:`METRICS_DETECTOR` rows from the ``/metrics`` counts), and the change."""

    baseline: str
    scrapes: list[tuple[int, str]]
    reference: pd.DataFrame
    log: pd.DataFrame
    alerts: pd.DataFrame
    change_at: int
    window: int
    detectors: tuple[str, ...]

    def summary(self) -> pd.DataFrame:
        """False alarms before the change and delay after it, per detector."""
        return L.summarize_alerts(
            self.alerts, change_at=self.change_at, detectors=self.detectors
        )


def _counts(text: str) -> np.ndarray:
    """The class counts of a scrape; zeros before the server predicted anything."""
    try:
        return class_counts(text, metric=METRIC, label=LABEL)
    except ValueError:
        return np.zeros(10)


def _send(url: str, X: np.ndarray, batch: int, client: object) -> int:
    from helpers.deploy.client import predict

    for start in range(0, len(X), batch):
        predict(url, X[start : start + batch], client=client)
    return len(X)


def watch_served(
    url: str,
    log_path: str | Path,
    X_reference: object,
    X_stream: object,
    *,
    change_at: int,
    window: int,
    checks: Sequence[L.Check],
    alpha: float = 0.01,
    batch: int = 100,
    timeout: float = 10.0,
) -> ServedRun:
    """Run the monitoring loop against the server at ``url`` that logs to
    ``log_path``.

    Sends ``X_reference`` (the reference: its log rows and its class counts), then
    ``X_stream`` one ``window`` at a time (in requests of at most ``batch`` rows).
    After each window it scrapes ``/metrics`` and reads the log rows the window added;
    each check (on the log columns ``confidence`` or ``predicted``) tests them
    against the reference rows, and a chi-squared test at level ``alpha`` compares
    the classes counted by ``/metrics`` in the window with the reference counts.
    ``change_at``: the stream position where the drift starts (for the report).
    """
    import httpx

    from helpers.deploy.client import request
    from helpers.deploy.predlog import read_log

    X_ref = check_array("X_reference", X_reference, ndim=2)
    X = check_array("X_stream", X_stream, ndim=2)
    if len(X_ref) > MAX_ROWS or len(X) > MAX_ROWS:
        raise ValueError(f"at most {MAX_ROWS} rows of reference and stream")
    window = check_int("window", window, low=2, high=len(X))
    change_at = check_int("change_at", change_at, low=0, high=len(X))
    alpha = check_real("alpha", alpha, low=0, high=1, open_low=True)
    batch = check_int("batch", batch, low=1, high=10_000)
    timeout = check_real("timeout", timeout, low=0, open_low=True, high=300)
    checks = list(checks)
    if not checks or not all(isinstance(c, L.Check) for c in checks):
        raise TypeError("checks must be a non-empty list of loop.Check")
    fields = ("confidence", "predicted")
    for c in checks:
        if c.field not in fields:
            raise ValueError(f"check {c.name} reads {c.field!r}; the log has {fields}")
    if not isinstance(log_path, str | Path):
        raise TypeError(f"log_path must be a path, got {log_path!r}")
    with httpx.Client(timeout=timeout) as client:
        n_old = len(read_log(log_path)) if Path(log_path).is_file() else 0
        served_before = _counts(request(url, "/metrics", client=client))
        _send(url, X_ref, batch, client)
        reference = read_log(log_path).iloc[n_old:].reset_index(drop=True)
        baseline = request(url, "/metrics", client=client)
        ref_counts = class_counts(baseline, metric=METRIC, label=LABEL)
        previous = ref_counts
        ref_counts = ref_counts - served_before  # only the reference's own classes
        reference_values = {f: reference[f].to_numpy() for f in fields}
        seen = n_old + len(reference)
        scrapes, parts, alerts = [], [], []
        for start, end in L.window_bounds(len(X), window):
            _send(url, X[start:end], batch, client)
            # the loop proper: scrape /metrics, read the new log rows, test both
            text = request(url, "/metrics", client=client)
            scrapes.append((end, text))
            counts = class_counts(text, metric=METRIC, label=LABEL)
            chi2 = D.chi2_from_counts(ref_counts, counts - previous)
            if chi2.drift(alpha):
                alerts.append(
                    (METRICS_DETECTOR, end, end, chi2.statistic, chi2.p_value)
                )
            previous = counts
            rows = read_log(log_path).iloc[seen:].reset_index(drop=True)
            seen += len(rows)
            if len(rows) != end - start:
                raise RuntimeError(
                    f"the log gained {len(rows)} rows for a window of {end - start} "
                    "predictions: is another client using this server?"
                )
            rows["t"] = np.arange(start + 1, start + len(rows) + 1)
            parts.append(rows)
            found = L.monitor_log(
                rows[["t", *fields]].to_dict("records"),
                reference=reference_values,
                checks=checks,
                window=len(rows),
                min_accuracy=0.0,  # no labels reach the server
            )
            alerts.extend(found.itertuples(index=False, name=None))
    columns = ["detector", "t", "data_end", "statistic", "p_value"]
    names = (*[c.name for c in checks], METRICS_DETECTOR)
    return ServedRun(
        baseline,
        scrapes,
        reference,
        pd.concat(parts, ignore_index=True),
        pd.DataFrame(alerts, columns=columns),
        change_at,
        window,
        names,
    )
