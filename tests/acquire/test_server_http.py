"""Tests of acquire.server_http: the real server against clients that misbehave.

Every test runs the lesson's server on 127.0.0.1 (the ``make_server`` fixture stops
it and checks that stop() took under 2 s and left no thread). Hostile clients are raw
sockets, few and bounded in time: each test finishes in a few seconds.
"""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
import urllib.error
import urllib.request

import pytest
from local_server import raw_exchange, status_of

from helpers.acquire.server import API_PATH, server_threads
from helpers.acquire.server_http import THREAD_PREFIX

OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def get(url: str, **headers: str) -> tuple[int, dict, str]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with OPENER.open(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read().decode()


def request(server, method: str, path: str) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        conn.request(method, path)
        response = conn.getresponse()
        return response.status, dict(response.headers), response.read()
    finally:
        conn.close()


# ------------------------------------------------------------- numbers in queries


@pytest.mark.parametrize(
    ("path", "api"),
    [
        (API_PATH + "?page=%C2%B2", True),  # '²': str.isdigit() says yes, int() no
        ("/stats?page=%E2%91%A0", False),  # '①'
        (API_PATH + "?page=" + "9" * 4301, True),  # past int()'s 4,300-digit limit
        ("/stats?page=" + "1" * 4301, False),
        (API_PATH + "?per_page=0000001", True),  # seven ASCII digits: too long
    ],
    ids=["superscript-two", "circled-one", "api-4301-digits", "web-4301", "7-digits"],
)
def test_query_numbers_must_be_a_few_ascii_digits(make_server, path, api):
    server = make_server(html_burst=100)
    status, headers, body = get(server.url + path, **{"X-API-Key": "lesson01-demo-key"})
    assert status == 400
    message = json.loads(body)["error"] if api else body
    assert "at most 6 ASCII digits" in message and len(message) < 400
    assert headers["Content-Type"].startswith("application/json" if api else "text/")
    assert get(server.url + "/")[0] == 200  # and the server keeps serving
    assert server.errors() == []  # refused by design, not by accident


def test_a_bug_in_a_handler_is_a_500_and_the_server_keeps_serving(
    make_server, monkeypatch
):
    server = make_server(html_burst=100)

    def broken(self):
        raise KeyError("planted bug")

    monkeypatch.setattr(type(server.config), "robots_txt", property(broken))
    status, headers, body = get(server.url + "/robots.txt")
    assert status == 500 and "internal error (KeyError)" in body
    assert "Traceback" not in body
    assert get(server.url + "/terms")[0] == 200
    assert server.errors() == ["KeyError: 'planted bug'"]
    assert server.request_log()["status"].tolist() == [500, 200]


# --------------------------------------------------------------------- methods


@pytest.mark.parametrize("method", ["HEAD", "OPTIONS", "POST", "DELETE"])
@pytest.mark.parametrize("path", ["/stats", API_PATH])
def test_other_methods_get_405_with_allow(make_server, method, path):
    server = make_server(html_burst=100)
    status, headers, body = request(server, method, path)
    assert status == 405 and headers["Allow"] == "GET"
    if method == "HEAD":
        assert body == b""  # headers only, as HTTP wants for HEAD
    else:
        assert b"not allowed; use GET" in body


def test_an_unknown_method_is_501_and_logged(make_server):
    server = make_server()
    answer = raw_exchange(server.port, b"BREW /pot HTTP/1.0\r\n\r\n")
    assert status_of(answer) == 501
    assert server.request_log()["status"].tolist() == [501]


# ---------------------------------------------------------------------- routes


@pytest.mark.parametrize(
    "path",
    [
        "/students/../../etc/passwd",
        "/studentsX",
        "/students",
        "/stats/",
        "/terms.bak",
        "/robots.txt/x",
    ],
)
def test_routes_match_exactly(make_server, path):
    server = make_server(html_burst=100)
    answer = raw_exchange(server.port, f"GET {path} HTTP/1.0\r\n\r\n".encode())
    assert status_of(answer) == 404 and b"no page" in answer
    assert b"student_id" not in answer


@pytest.mark.parametrize(
    "path", [API_PATH + "/", API_PATH + "/../../etc", "/api/v1/captchasX"]
)
def test_api_routes_match_exactly(make_server, path):
    server = make_server()
    status, _, body = get(server.url + path, **{"X-API-Key": "lesson01-demo-key"})
    assert status == 404 and "no endpoint" in json.loads(body)["error"]


# ------------------------------------------------------- slow and silent clients


def trickle(port: int, stop: threading.Event, every: float) -> threading.Thread:
    """A client that sends a request line one byte every ``every`` seconds, never
    finishing; it ends when the server hangs up or ``stop`` is set."""

    def run() -> None:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            for byte in b"GET /stats?page=1 HTTP/1.0":
                try:
                    sock.sendall(bytes([byte]))
                except OSError:
                    return  # the server hung up
                if stop.wait(every):
                    return

    thread = threading.Thread(target=run, name="test-trickler", daemon=True)
    thread.start()
    return thread


def test_stop_is_quick_while_a_client_trickles(make_server):
    server = make_server()
    stop = threading.Event()
    clients = [trickle(server.port, stop, every=2.0) for _ in range(3)]
    silent = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    time.sleep(0.3)  # all four connections are in request threads now
    began = time.monotonic()
    server.stop()
    took = time.monotonic() - began
    stop.set()
    silent.close()
    for client in clients:
        client.join(timeout=3)
    assert took < 2.0, f"stop() took {took:.2f} s"
    assert server_threads() == []


def test_a_slow_client_is_cut_after_request_timeout(make_server):
    server = make_server(request_timeout=1.0)
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        began = time.monotonic()
        cut = None
        for byte in b"GET /stats?page=1 HTTP/1.0":  # a byte every 0.2 s: < timeout
            try:
                sock.sendall(bytes([byte]))
                sock.settimeout(0.2)
                if sock.recv(1024) == b"":
                    cut = time.monotonic() - began
                    break
            except TimeoutError:
                continue
            except OSError:
                cut = time.monotonic() - began
                break
    assert cut is not None and 0.9 < cut < 2.0, cut


def test_connections_beyond_the_limit_get_503(make_server):
    server = make_server(max_connections=2)
    held = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(2)]
    try:
        time.sleep(0.2)
        answer = raw_exchange(server.port, b"GET / HTTP/1.0\r\n\r\n", timeout=2)
        assert status_of(answer) == 503 and b"Retry-After: 1" in answer
    finally:
        for sock in held:
            sock.close()
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline:  # the held connections end, room again
        answer = raw_exchange(server.port, b"GET / HTTP/1.0\r\n\r\n")
        if status_of(answer) == 200:
            break
        time.sleep(0.05)
    assert status_of(answer) == 200


def test_hostile_clients_then_a_normal_request_then_a_quick_stop(make_server):
    server = make_server(html_burst=100, request_timeout=2.0)
    port = server.port
    answers = {
        "garbage": raw_exchange(port, b"\x00\xff\xfe garbage \x16\x03\x01\r\n\r\n"),
        "no version": raw_exchange(port, b"GET\r\n\r\n"),
        "long line": raw_exchange(port, b"GET /" + b"a" * 70_000 + b" HTTP/1.0\r\n"),
        "101 headers": raw_exchange(
            port,
            b"GET / HTTP/1.0\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(101)),
        ),
        "bad escape": raw_exchange(port, b"GET /stats?page=%ZZ HTTP/1.0\r\n\r\n"),
        "bad IPv6": raw_exchange(port, b"GET http://[x/ HTTP/1.0\r\n\r\n"),
        "absolute URL": raw_exchange(port, b"GET http://evil/stats HTTP/1.0\r\n\r\n"),
        "asterisk": raw_exchange(port, b"GET * HTTP/1.0\r\n\r\n"),
        "many params": raw_exchange(
            port,
            b"GET /stats?"
            + b"&".join(b"p%d=1" % i for i in range(50))
            + b" HTTP/1.0\r\n\r\n",
        ),
    }
    statuses = {name: status_of(answer) for name, answer in answers.items()}
    assert statuses == {
        "garbage": 400,
        "no version": 400,
        "long line": 414,
        "101 headers": 431,
        "bad escape": 400,
        "bad IPv6": 400,
        "absolute URL": 400,
        "asterisk": 400,
        "many params": 400,
    }
    stop = threading.Event()
    slow = trickle(port, stop, every=2.0)
    silent = socket.create_connection(("127.0.0.1", port), timeout=5)
    half = socket.create_connection(("127.0.0.1", port), timeout=5)
    half.sendall(b"GET /stats HTTP/1.0\r\nHost: x\r\n")  # headers never end
    try:
        status, _, body = get(server.url + "/stats?page=2")
        assert status == 200 and "Page 2 of" in body  # others are still served
        assert server.errors() == []
        began = time.monotonic()
        server.stop()
        assert time.monotonic() - began < 2.0
        assert not [
            t for t in threading.enumerate() if t.name.startswith(THREAD_PREFIX)
        ]
    finally:
        stop.set()
        silent.close()
        half.close()
        slow.join(timeout=3)


def test_an_http_server_needs_a_site_and_binds_nothing_without_one():
    from helpers.acquire.server_http import HttpServer

    before = len(threading.enumerate())
    with pytest.raises(TypeError, match="site must be a Site"):
        HttpServer(object())
    assert len(threading.enumerate()) == before
