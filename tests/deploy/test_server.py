"""Tests of deploy.server against the real service process: start-up, validation
(422, and the server keeps serving), metrics, concurrency, hostile clients, clean
stops. Every server is checked stopped and its port closed (see conftest.py)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import numpy as np
import pytest

from helpers.deploy import server as S
from helpers.deploy.client import metric_total, parse_metrics
from helpers.deploy.predlog import read_log
from helpers.deploy.runtime import sha256_hex


def post(server, body, **kwargs):
    return httpx.post(f"{server.url}/predict", json=body, timeout=5.0, **kwargs)


def healthy(server) -> bool:
    return httpx.get(f"{server.url}/health", timeout=5.0).json() == {"status": "ok"}


def test_version_names_the_model_and_its_digest(live_server, tiny_onnx):
    version = httpx.get(f"{live_server.url}/version").json()
    assert version == {
        "model": "digits-mlp",
        "precision": "fp32",
        "sha256": sha256_hex(tiny_onnx),
        "n_features": 64,
        "max_batch": 50,
    }
    assert live_server.startup_seconds > 0


def test_one_item_and_a_batch_give_numpy_answers(live_server, weights, rows):
    W, b = weights
    expected = (rows @ W.T + b).argmax(axis=1)
    one = post(live_server, {"features": rows[0].tolist()}).json()
    assert one["predictions"] == [int(expected[0])]
    assert np.isclose(sum(one["probabilities"][0]), 1.0, atol=1e-4)
    many = post(live_server, {"instances": rows.tolist()}).json()
    assert many["predictions"] == expected.tolist()


@pytest.mark.parametrize(
    ("body", "where", "message"),
    [
        ({"features": [0.5] * 63}, "body.features", "at least 64"),
        ({"features": [0.5] * 65}, "body.features", "at most 64"),
        ({"features": [1.5] + [0.5] * 63}, "body.features.0", "less than or equal"),
        ({"features": [-0.1] + [0.5] * 63}, "body.features.0", "greater than"),
        ({"features": ["a"] * 64}, "body.features.0", "valid number"),
        ({"features": [True] * 64}, "body.features.0", "valid number"),
        ({"features": 3}, "body.features", "valid list"),
        ({"instances": [[0.5] * 64] * 51}, "body.instances", "at most 50"),
        ({"instances": []}, "body.instances", "at least 1"),
        ({}, "body", "exactly one of"),
        ({"features": [0.5] * 64, "instances": [[0.5] * 64]}, "body", "exactly one"),
        ({"pixels": [0.5] * 64}, "body.pixels", "Extra inputs"),
    ],
)
def test_bad_bodies_get_422_with_a_message_and_the_server_keeps_serving(
    live_server, body, where, message
):
    answer = post(live_server, body)
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    assert detail[0]["where"] == where and message in detail[0]["message"]
    assert len(answer.content) < 5000, "the bad input is not echoed back"
    assert healthy(live_server)


def test_nan_and_huge_bodies_are_refused(live_server):
    nan = httpx.post(
        f"{live_server.url}/predict",
        content=b'{"features": [NaN' + b", 0.5" * 63 + b"]}",
        headers={"content-type": "application/json"},
    )
    assert nan.status_code == 422
    huge = httpx.post(
        f"{live_server.url}/predict",
        content=b"[" + b"0.5," * 400_000 + b"0]",
        headers={"content-type": "application/json"},
    )
    assert huge.status_code == 413 and "at most" in huge.json()["detail"]
    assert healthy(live_server)


def test_metrics_count_requests_latencies_and_classes(live_server, rows):
    before = parse_metrics(httpx.get(f"{live_server.url}/metrics").text)
    for _ in range(3):
        post(live_server, {"instances": rows[:4].tolist()})
    post(live_server, {"features": [9.0] * 64})
    httpx.get(f"{live_server.url}/no/such/path")
    after = parse_metrics(httpx.get(f"{live_server.url}/metrics").text)

    def grew(name, **labels):
        return metric_total(after, name, **labels) - metric_total(
            before, name, **labels
        )

    requests = "workbook_http_requests_total"
    assert grew(requests, path="/predict", status="200") == 3
    assert grew(requests, path="/predict", status="422") == 1
    assert grew(requests, path="other", status="404") == 1
    assert grew("workbook_request_latency_seconds_count", path="/predict") == 4
    assert grew("workbook_predicted_items_total") == 12
    assert metric_total(after, "workbook_model_info") == 1


def test_concurrent_clients_all_get_right_answers(live_server, weights, rows):
    W, b = weights
    expected = (rows @ W.T + b).argmax(axis=1)

    def ask(i):
        with httpx.Client(timeout=10.0) as client:
            answer = client.post(
                f"{live_server.url}/predict", json={"features": rows[i % 20].tolist()}
            )
            return i, answer.json()["predictions"][0]

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(ask, range(40)))
    assert all(label == expected[i % 20] for i, label in answers)


def test_hostile_clients_do_not_take_the_server_down(live_server):
    # garbage bodies and headers
    for garbage in (b"\x00\xff" * 50, b"{", b"[[[[", b'{"features": {"a": 1}}'):
        answer = httpx.post(f"{live_server.url}/predict", content=garbage)
        assert 400 <= answer.status_code < 500
    raw = socket.create_connection(("127.0.0.1", live_server.port), timeout=5)
    raw.sendall(b"NOT HTTP AT ALL\r\n\r\n")
    raw.recv(1024)
    raw.close()
    # a slow client: headers promise 10,000 bytes, only half a body ever comes
    slow = socket.create_connection(("127.0.0.1", live_server.port), timeout=5)
    slow.sendall(
        b"POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: 10000\r\n\r\n" + b'{"features": [0.5, 0.5'
    )
    try:
        started = time.monotonic()
        assert healthy(live_server), "others are served while the slow one waits"
        assert time.monotonic() - started < 5
    finally:
        slow.close()
    # a body without Content-Length (chunked) is refused, not buffered
    chunked = httpx.post(
        f"{live_server.url}/predict", content=iter([b'{"features": ', b"[0.5]}"])
    )
    assert chunked.status_code == 411
    assert healthy(live_server)


def test_every_prediction_is_logged(live_server, rows):
    before = len(read_log(live_server.log_path))
    post(live_server, {"instances": rows[:3].tolist()})
    log = read_log(live_server.log_path)
    new = log.iloc[before:]
    assert len(new) == 3 and new["request_id"].nunique() == 1
    assert new["item"].tolist() == [0, 1, 2]
    assert len(new["features"].iloc[0]) == 64
    assert (new["precision"] == "fp32").all()


def test_a_missing_model_fails_fast_with_its_name(tmp_path):
    started = time.monotonic()
    with pytest.raises(FileNotFoundError, match="no model file at .*gone.onnx"):
        S.ModelServer(tmp_path / "gone.onnx").start()
    assert time.monotonic() - started < 1


def test_a_server_that_dies_at_start_up_reports_its_output(tmp_path):
    bad = tmp_path / "bad.onnx"
    bad.write_bytes(b"this is no model")
    server = S.ModelServer(bad)
    with pytest.raises(RuntimeError, match="(?s)exited with code 2.*cannot load"):
        server.start()
    assert not server.running


def test_a_server_that_never_answers_is_killed_on_timeout(model_file, monkeypatch):
    server = S.ModelServer(model_file, startup_timeout=0.2, stop_timeout=1.0)
    with pytest.raises(TimeoutError, match="did not answer /health within 0.2 s"):
        server.start()
    assert server.process.poll() is not None and not server.running
    assert not S.port_is_open(server.port)


def test_the_with_block_stops_the_server_even_when_it_raises(model_file):
    with pytest.raises(RuntimeError, match="boom"):
        with S.ModelServer(model_file) as server:
            port = server.port
            assert S.port_is_open(port)
            raise RuntimeError("boom")
    assert server.process.poll() is not None
    assert not S.port_is_open(port)
    server.stop()  # a second stop is harmless


def test_the_server_exits_when_its_parent_dies(model_file):
    """A parent process starts a server and is killed outright (no atexit, no
    stop): the server notices and exits by itself."""
    script = (
        "import sys, time\n"
        "from helpers.deploy.server import ModelServer\n"
        f"s = ModelServer({str(model_file)!r}).start()\n"
        "print(s.port, s.process.pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True
    )
    try:
        port, pid = map(int, parent.stdout.readline().split())
        assert S.port_is_open(port)
    finally:
        parent.kill()
        parent.wait(timeout=10)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and S.port_is_open(port):
        time.sleep(0.1)
    assert not S.port_is_open(port), "the orphaned server is still listening"
    with pytest.raises(ProcessLookupError):
        for _ in range(50):  # reaped by init: gone once it has exited
            os.kill(pid, 0)
            time.sleep(0.1)


def test_stop_all_is_the_atexit_backstop(model_file):
    server = S.ModelServer(model_file).start()
    port = server.port
    assert S.stop_all() >= 1
    assert not server.running and not S.port_is_open(port)


def test_free_port_and_port_is_open():
    port = S.free_port()
    assert not S.port_is_open(port)
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", port))
        listener.listen()
        assert S.port_is_open(port)
