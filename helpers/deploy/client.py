"""Calling the model service over HTTP, and a bounded load test.

* :func:`predict` -- one call of ``/predict`` for rows ``X``;
* :func:`load_test` -- ``n_clients`` threads, each with its own connection, send
  ``n_requests`` requests in all as fast as the server answers; returns every
  request's latency and what came back (a :class:`LoadResult`);
* :func:`parse_metrics` -- the ``/metrics`` text as ``{"name{labels}": value}``.

A server that is not there (stopped, wrong port) raises :class:`ServerUnavailable`
within the connect timeout; an answer with an error status raises :class:`ApiError`
with the server's message.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import httpx
import numpy as np
from prometheus_client.parser import text_string_to_metric_families

from helpers.core.validation import check_array, check_int, check_real

MAX_CLIENTS = 32
MAX_REQUESTS = 100_000


class ServerUnavailable(RuntimeError):
    """No server answers at the URL (stopped, never started, wrong port)."""


class ApiError(RuntimeError):
    """The server answered with an error status; ``status`` and ``detail`` say why."""

    def __init__(self, status: int, detail: Any) -> None:
        super().__init__(f"the server answered {status}: {detail}")
        self.status, self.detail = status, detail


def _check_url(url: object) -> str:
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise TypeError(f"url must be an http:// address, got {url!r}")
    return url.rstrip("/")


def request(
    url: str,
    path: str,
    *,
    json: Any = None,
    timeout: float = 5.0,
    client: httpx.Client | None = None,
) -> Any:
    """GET ``path`` (POST when ``json`` is given) and return the decoded answer
    (JSON, or text for ``/metrics``)."""
    url = _check_url(url)
    timeout = check_real("timeout", timeout, low=0.0, open_low=True, high=300.0)
    if not isinstance(path, str) or not path.startswith("/"):
        raise ValueError(f"path must start with '/', got {path!r}")
    own = client is None
    client = httpx.Client(timeout=timeout) if own else client
    try:
        if json is None:
            answer = client.get(url + path)
        else:
            answer = client.post(url + path, json=json)
    except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
        raise ServerUnavailable(
            f"no server answers at {url} (is it stopped?): {exc}"
        ) from None
    finally:
        if own:
            client.close()
    if answer.status_code >= 400:
        try:
            detail = answer.json().get("detail", answer.text)
        except ValueError:
            detail = answer.text[:300]
        raise ApiError(answer.status_code, detail)
    if answer.headers.get("content-type", "").startswith("application/json"):
        return answer.json()
    return answer.text


def predict(
    url: str, X: np.ndarray, *, timeout: float = 5.0, client: httpx.Client | None = None
) -> np.ndarray:
    """The predicted classes of rows ``X`` ``(n, n_features)`` from one request."""
    X = check_array("X", X, ndim=2)
    body = {"instances": np.asarray(X, dtype=float).tolist()}
    answer = request(url, "/predict", json=body, timeout=timeout, client=client)
    return np.asarray(answer["predictions"], dtype=int)


@dataclass(frozen=True)
class LoadResult:
    """Latencies (seconds, one per request, in the order sent), predictions (one per
    row, ``-1`` where the request failed), wall time and the load's shape."""

    latencies: np.ndarray
    predictions: np.ndarray
    seconds: float
    n_clients: int
    batch_size: int
    n_errors: int

    def percentile(self, q: float) -> float:
        """The ``q``-th percentile of the request latencies, in milliseconds."""
        q = check_real("q", q, low=0.0, high=100.0)
        return float(1000 * np.percentile(self.latencies, q))

    @property
    def requests_per_second(self) -> float:
        return len(self.latencies) / self.seconds

    @property
    def items_per_second(self) -> float:
        return len(self.latencies) * self.batch_size / self.seconds

    def summary(self) -> dict[str, float]:
        """Median, p95 and p99 latency (ms), throughput and errors, for a table."""
        return {
            "clients": self.n_clients,
            "batch": self.batch_size,
            "requests": len(self.latencies),
            "median ms": self.percentile(50),
            "p95 ms": self.percentile(95),
            "p99 ms": self.percentile(99),
            "requests/s": self.requests_per_second,
            "items/s": self.items_per_second,
            "errors": self.n_errors,
        }


def load_test(
    url: str,
    X: np.ndarray,
    *,
    n_clients: int = 4,
    n_requests: int = 200,
    batch_size: int = 1,
    timeout: float = 5.0,
) -> LoadResult:
    """Send ``n_requests`` requests of ``batch_size`` rows (cycling through ``X``)
    from ``n_clients`` concurrent clients; at most ``n_clients`` are in flight."""
    url = _check_url(url)
    X = check_array("X", X, ndim=2)
    n_clients = check_int("n_clients", n_clients, low=1, high=MAX_CLIENTS)
    n_requests = check_int("n_requests", n_requests, low=1, high=MAX_REQUESTS)
    batch_size = check_int("batch_size", batch_size, low=1, high=len(X))
    rows = [
        np.arange(i * batch_size, (i + 1) * batch_size) % len(X)
        for i in range(n_requests)
    ]
    latencies = np.zeros(n_requests)
    predictions = np.full((n_requests, batch_size), -1)
    errors = [0]
    lock = threading.Lock()
    next_request = iter(range(n_requests))

    def worker() -> None:
        with httpx.Client(timeout=timeout) as client:
            while True:
                with lock:
                    i = next(next_request, None)
                if i is None:
                    return
                start = time.perf_counter()
                try:
                    predictions[i] = predict(url, X[rows[i]], client=client)
                except (ApiError, httpx.HTTPError):
                    with lock:
                        errors[0] += 1
                latencies[i] = time.perf_counter() - start

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=n_clients) as pool:
        for future in [pool.submit(worker) for _ in range(n_clients)]:
            future.result()
    seconds = time.perf_counter() - start
    return LoadResult(
        latencies, predictions.ravel(), seconds, n_clients, batch_size, errors[0]
    )


def parse_metrics(text: str) -> dict[str, float]:
    """Prometheus text as ``{'name{label="v",...}': value}`` (labels sorted)."""
    if not isinstance(text, str):
        raise TypeError(f"text must be the /metrics text, got {type(text).__name__}")
    out: dict[str, float] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            labels = ",".join(f'{k}="{v}"' for k, v in sorted(sample.labels.items()))
            out[f"{sample.name}{{{labels}}}" if labels else sample.name] = sample.value
    return out


def metric_total(metrics: dict[str, float], name: str, **labels: str) -> float:
    """The sum of the samples of ``name`` whose labels include ``labels``."""
    if not isinstance(metrics, dict):
        raise TypeError(f"metrics must come from parse_metrics, got {metrics!r:.60}")
    if not isinstance(name, str) or not name:
        raise ValueError(f"name must be a metric name, got {name!r}")
    want = [f'{k}="{v}"' for k, v in labels.items()]
    total = 0.0
    for key, value in metrics.items():
        base, _, rest = key.partition("{")
        if base == name and all(w in rest for w in want):
            total += value
    return total
