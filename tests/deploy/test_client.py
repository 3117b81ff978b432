"""Tests of deploy.client: metrics parsing against prometheus_client's own output,
the load test's bookkeeping against a real server, and clear errors."""

from __future__ import annotations

import time

import numpy as np
import pytest
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest

from helpers.deploy import client as C
from helpers.deploy.server import free_port


def test_parse_metrics_reads_what_prometheus_client_writes():
    registry = CollectorRegistry()
    hits = Counter("hits", "h", ["path"], registry=registry)
    hits.labels("/a").inc(3)
    hits.labels("/b").inc()
    seconds = Histogram("took_seconds", "t", buckets=(0.1, 1.0), registry=registry)
    seconds.observe(0.05)
    seconds.observe(0.5)
    metrics = C.parse_metrics(generate_latest(registry).decode())
    assert metrics['hits_total{path="/a"}'] == 3
    assert C.metric_total(metrics, "hits_total") == 4
    assert C.metric_total(metrics, "took_seconds_bucket", le="0.1") == 1
    assert metrics["took_seconds_count"] == 2
    assert metrics["took_seconds_sum"] == pytest.approx(0.55)


def test_load_result_statistics():
    result = C.LoadResult(
        latencies=np.array([0.001, 0.002, 0.003, 0.004]),
        predictions=np.zeros(8, int),
        seconds=2.0,
        n_clients=2,
        batch_size=2,
        n_errors=0,
    )
    assert result.percentile(50) == pytest.approx(2.5)
    assert result.requests_per_second == 2.0 and result.items_per_second == 4.0
    assert result.summary()["p95 ms"] == pytest.approx(
        1000 * np.percentile(result.latencies, 95)
    )


def test_load_test_gets_every_answer_right(live_server, weights, rows):
    W, b = weights
    expected = (rows @ W.T + b).argmax(axis=1)
    result = C.load_test(
        live_server.url, rows, n_clients=3, n_requests=12, batch_size=5
    )
    assert result.n_errors == 0 and len(result.latencies) == 12
    order = np.arange(12 * 5) % 20
    np.testing.assert_array_equal(result.predictions, expected[order])
    assert np.all(result.latencies > 0)


def test_predict_and_api_errors(live_server, rows):
    assert len(C.predict(live_server.url, rows[:3])) == 3
    with pytest.raises(C.ApiError, match="422") as caught:
        C.predict(live_server.url, rows[:, :10])
    assert caught.value.status == 422
    assert C.request(live_server.url, "/health") == {"status": "ok"}


def test_a_stopped_server_is_reported_at_once():
    url = f"http://127.0.0.1:{free_port()}"
    started = time.monotonic()
    with pytest.raises(C.ServerUnavailable, match="no server answers"):
        C.predict(url, np.zeros((1, 64)), timeout=2.0)
    assert time.monotonic() - started < 3


def test_bad_arguments_are_refused():
    with pytest.raises(TypeError, match="http"):
        C.request("127.0.0.1:80", "/health")
    with pytest.raises(ValueError, match="n_clients"):
        C.load_test("http://127.0.0.1:1", np.zeros((2, 64)), n_clients=0)
