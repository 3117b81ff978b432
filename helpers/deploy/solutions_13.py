"""Expected answers of lesson 13's exercises, computed from the lesson's own data and
results (never typed), so the checks stay right when the run changes."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from helpers.core.validation import check_array, check_labels, check_same_length
from helpers.deploy.client import LoadResult
from helpers.deploy.formats import quantize_static_int8
from helpers.deploy.quantize import int8_scale
from helpers.deploy.runtime import make_session, run_logits

CHOICES_13_2 = {
    "a": "the model computes more slowly when several requests arrive",
    "b": "requests wait for a free CPU core (queueing): more work in flight, "
    "each waits longer",
    "c": "latency did not go up with more clients in this run",
}
"""The options of exercise 13.2 (shown in the notebook)."""


def ex1(state: Mapping[str, object], layer: str = "net.6.weight") -> float:
    """13.1: the per-tensor symmetric INT8 scale of ``layer``'s weights."""
    if not isinstance(state, Mapping) or layer not in state:
        raise ValueError(f"state must hold the weights {layer!r}")
    w = state[layer]
    w = np.asarray(w.detach() if hasattr(w, "detach") else w, dtype=np.float64)
    return float(int8_scale(w))


def ex2(runs: Mapping[str, LoadResult]) -> str:
    """13.2: the letter explaining why median latency changed from one client to
    several ("c" if it did not rise in this run)."""
    if not isinstance(runs, Mapping) or len(runs) < 2:
        raise ValueError("runs must map at least two load tests by name")
    one = min(runs.values(), key=lambda r: (r.n_clients, r.batch_size))
    more = [
        r for r in runs.values() if r.n_clients > one.n_clients and r.batch_size == 1
    ]
    if not more:
        raise ValueError("runs must include a one-row load test with more clients")
    rose = more[0].percentile(50) > one.percentile(50)
    return "b" if rose else "c"


def ex3(
    model: bytes,
    X_pool: np.ndarray,
    y_pool: np.ndarray,
    X_test: np.ndarray,
    y_test: np.ndarray,
) -> float:
    """13.3: test accuracy of the model quantized statically with ten calibration
    rows, all of class 0."""
    X_pool = check_array("X_pool", X_pool, ndim=2)
    y_pool = check_labels("y_pool", y_pool)
    check_same_length(X_pool=X_pool, y_pool=y_pool)
    y_test = check_labels("y_test", y_test)
    calibration = X_pool[y_pool == 0][:10]
    session = make_session(quantize_static_int8(model, calibration))
    predicted = run_logits(session, X_test).argmax(axis=1)
    return float(np.mean(predicted == y_test))
