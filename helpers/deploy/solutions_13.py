"""Expected answers of lesson 13's exercises, computed from the lesson's own data and
results (never typed), so the checks stay right when the run changes."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from helpers.core.validation import (
    check_array,
    check_int,
    check_labels,
    check_same_length,
)
from helpers.deploy.client import LoadResult
from helpers.deploy.formats import quantize_static_int8
from helpers.deploy.quantize import int8_scale
from helpers.deploy.runtime import make_session, run_logits

CHOICES_13_2 = {
    "a": "about 4 times as many (3x or more): the server works on the four "
    "clients' requests in parallel",
    "b": "far fewer than 4 times as many (under 3x): the requests share one server "
    "process and the CPU cores, so the extra ones mostly wait their turn",
}
"""The options of exercise 13.2 (shown in the notebook)."""


def ex1(
    state: Mapping[str, object], layer: str = "net.6.weight", row: int = 3
) -> float:
    """13.1: the per-channel symmetric INT8 scale of row ``row`` of ``layer``'s
    weights (the row that computes the logit of class ``row``)."""
    if not isinstance(state, Mapping) or layer not in state:
        raise ValueError(f"state must hold the weights {layer!r}")
    w = state[layer]
    w = np.asarray(w.detach() if hasattr(w, "detach") else w, dtype=np.float64)
    row = check_int("row", row, low=0, high=len(w) - 1)
    return float(int8_scale(w, per_channel=True)[row])


def ex2(runs: Mapping[str, LoadResult]) -> str:
    """13.2: the letter of :data:`CHOICES_13_2` that the load tests show: how many
    times the one-row requests per second of one client the most clients got."""
    if not isinstance(runs, Mapping) or len(runs) < 2:
        raise ValueError("runs must map at least two load tests by name")
    if not all(isinstance(r, LoadResult) for r in runs.values()):
        raise TypeError("runs must map names to LoadResult")
    one_row = [r for r in runs.values() if r.batch_size == 1]
    one = min(one_row, key=lambda r: r.n_clients)
    most = max(one_row, key=lambda r: r.n_clients)
    if most.n_clients <= one.n_clients:
        raise ValueError("runs must include one-row load tests with more clients")
    gain = most.requests_per_second / one.requests_per_second
    return "a" if gain >= 3 else "b"


def ex3(
    model: bytes,
    X_pool: np.ndarray,
    y_pool: np.ndarray,
    X_test: np.ndarray,
    y_test: np.ndarray,
) -> float:
    """13.3: test accuracy of the model quantized statically with ten calibration
    rows, all of class 0 (the first ten of the pool)."""
    X_pool = check_array("X_pool", X_pool, ndim=2)
    y_pool = check_labels("y_pool", y_pool)
    check_same_length(X_pool=X_pool, y_pool=y_pool)
    y_test = check_labels("y_test", y_test)
    calibration = X_pool[y_pool == 0][:10]
    session = make_session(quantize_static_int8(model, calibration))
    predicted = run_logits(session, X_test).argmax(axis=1)
    return float(np.mean(predicted == y_test))
