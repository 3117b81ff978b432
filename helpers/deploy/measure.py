"""Measuring model variants the same way: size, latency, throughput, accuracy.

:func:`compare_variants` takes ``{name: ONNX bytes}`` (precisions of one model, or
different models) and the test set, and returns one row per variant:

* ``size KB`` -- the file's size;
* ``median ms`` and ``p95 ms`` -- latency of one single-row call, one thread, over
  ``n_calls`` calls (the variants take turns call by call, so a busy machine slows
  them all alike);
* ``items/s`` -- throughput scoring the test set in batches of ``batch_size`` rows;
* ``accuracy`` -- on the test set; ``agreement`` -- the fraction of test rows whose
  predicted class equals the first variant's (the reference).

>>> import torch
>>> from helpers.deploy.formats import export_onnx
>>> blob = export_onnx(torch.nn.Sequential(torch.nn.Linear(4, 2)), n_features=4)
>>> X, y = np.random.default_rng(0).random((20, 4)), np.arange(20) % 2
>>> table = compare_variants({"fp32": blob}, X, y, n_calls=5)
>>> list(table.columns)
['size KB', 'median ms', 'p95 ms', 'items/s', 'accuracy', 'agreement']
"""

from __future__ import annotations

import time
from collections.abc import Mapping

import numpy as np
import pandas as pd

from helpers.core.validation import (
    check_array,
    check_int,
    check_labels,
    check_same_length,
)
from helpers.deploy.runtime import make_session, run_logits

MAX_CALLS = 100_000


def compare_variants(
    variants: Mapping[str, bytes],
    X: np.ndarray,
    y: np.ndarray,
    *,
    n_calls: int = 300,
    batch_size: int = 64,
    n_batch_rounds: int = 5,
) -> pd.DataFrame:
    """One row per variant: size, single-row latency, batch throughput, accuracy."""
    if not isinstance(variants, Mapping) or not variants:
        raise TypeError("variants must be a non-empty mapping of names to ONNX bytes")
    X = check_array("X", X, ndim=2).astype(np.float32)  # (n, n_features)
    y = check_labels("y", y)
    check_same_length(X=X, y=y)
    n_calls = check_int("n_calls", n_calls, low=1, high=MAX_CALLS)
    batch_size = check_int("batch_size", batch_size, low=1, high=MAX_CALLS)
    n_batch_rounds = check_int("n_batch_rounds", n_batch_rounds, low=1, high=1000)
    sessions = {name: make_session(blob) for name, blob in variants.items()}
    preds = {n: run_logits(s, X).argmax(axis=1) for n, s in sessions.items()}
    reference = next(iter(preds.values()))

    single = {name: np.zeros(n_calls) for name in sessions}
    for i in range(n_calls):  # take turns, call by call
        row = X[i % len(X)][None, :]  # (1, n_features)
        for name, session in sessions.items():
            start = time.perf_counter()
            run_logits(session, row)
            single[name][i] = time.perf_counter() - start
    batch = {name: np.zeros(n_batch_rounds) for name in sessions}
    for r in range(n_batch_rounds):
        for name, session in sessions.items():
            start = time.perf_counter()
            for first in range(0, len(X), batch_size):
                run_logits(session, X[first : first + batch_size])
            batch[name][r] = time.perf_counter() - start
    rows = {
        name: {
            "size KB": len(variants[name]) / 1000,
            "median ms": 1000 * float(np.median(single[name])),
            "p95 ms": 1000 * float(np.percentile(single[name], 95)),
            "items/s": len(X) / float(np.median(batch[name])),
            "accuracy": float(np.mean(preds[name] == y)),
            "agreement": float(np.mean(preds[name] == reference)),
        }
        for name in sessions
    }
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("variant")
