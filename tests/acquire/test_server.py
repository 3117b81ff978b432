"""Tests for helpers.acquire.server, against the real server over loopback HTTP:
start and stop, the API and the website as a well-behaved client meets them. The
hostile clients are in test_server_http.py."""

from __future__ import annotations

import base64
import json
import socket
import threading
import time
import urllib.error
import urllib.request
import urllib.robotparser

import numpy as np
import pytest
from local_server import EASY

from helpers.acquire.server import (
    API_PATH,
    AcquisitionServer,
    ServerConfig,
    server_threads,
)

OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def get(url: str, method: str = "GET", **headers: str) -> tuple[int, dict, str]:
    request = urllib.request.Request(url, headers=headers, method=method)
    try:
        with OPENER.open(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read().decode()


def api(server: AcquisitionServer, query: str = "", **headers: str):
    headers.setdefault("X-API-Key", server.config.api_key)
    return get(server.url + API_PATH + query, **headers)


# ------------------------------------------------------------- lifecycle, threads


def test_start_stop_leaves_no_thread():
    before = set(threading.enumerate())
    server = AcquisitionServer(ServerConfig(**EASY)).start()
    assert server.running and server.url.startswith("http://127.0.0.1:")
    assert server.port != 0  # an ephemeral port was bound
    for _ in range(5):
        assert api(server)[0] == 200
    assert len(server_threads()) >= 1
    server.stop()
    server.stop()  # twice is fine
    assert not server.running and server_threads() == []
    assert set(threading.enumerate()) <= before
    with pytest.raises(ValueError, match="not running"):
        _ = server.url


def test_context_manager_and_two_servers_at_once():
    with AcquisitionServer(ServerConfig(**EASY)) as a, AcquisitionServer() as b:
        assert a.port != b.port
        assert api(a)[0] == 200 and api(b)[0] == 200
    assert server_threads() == []


def test_start_twice_is_an_error(make_server):
    server = make_server()
    with pytest.raises(ValueError, match="already running"):
        server.start()


# ------------------------------------------------------------------------ the API


def test_api_key_is_required(make_server):
    server = make_server()
    status, _, body = get(server.url + API_PATH)
    assert status == 401 and "missing X-API-Key" in json.loads(body)["error"]
    status, _, body = api(server, **{"X-API-Key": "wrong"})
    assert status == 403 and json.loads(body)["error"] == "invalid API key"


def test_pagination_covers_every_record_once(make_server):
    server = make_server()
    ids, url, pages = [], API_PATH + "?per_page=10", 0
    while url:
        status, _, body = get(server.url + url, **{"X-API-Key": server.config.api_key})
        assert status == 200
        page = json.loads(body)
        ids += [r["id"] for r in page["records"]]
        url, pages = page["next"], pages + 1
    assert pages == page["pages"] == 5  # 45 records, 10 a page: 10+10+10+10+5
    assert len(page["records"]) == 5 and page["total"] == 45
    assert ids == [r["id"] for r in server.records]


def test_records_decode_to_the_captchas(make_server):
    server = make_server(n_malformed=0)
    record = json.loads(api(server, "?page=2")[2])["records"][3]  # position 13
    pixels = base64.b64decode(record["pixels"])
    image = np.frombuffer(pixels, np.uint8).reshape(record["height"], record["width"])
    assert image.shape == (28, 88) and image.max() > 200
    assert record["text"] == server.texts[13]


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("?page=abc", 400, "page must be an integer"),
        ("?page=0", 400, "page must be an integer"),
        ("?per_page=1000", 400, "per_page must be an integer in 1..100"),
        ("?pgae=2", 400, "unknown parameter"),
        ("?page=1&page=2", 400, "given 2 times"),
        ("?page=99", 404, "page 99 does not exist; there are 5"),
    ],
)
def test_malformed_requests_get_4xx_with_a_message(make_server, query, status, message):
    server = make_server()
    got, headers, body = api(server, query)
    assert got == status
    assert headers["Content-Type"].startswith("application/json")
    assert message in json.loads(body)["error"]


def test_unknown_endpoint_and_method(make_server):
    server = make_server()
    status, _, body = get(server.url + "/api/v2/everything")
    assert status == 404 and "no endpoint" in json.loads(body)["error"]
    status, headers, body = get(server.url + API_PATH, method="POST")
    assert status == 405 and headers["Allow"] == "GET"
    assert "not allowed" in json.loads(body)["error"]


def test_rate_limit_answers_429_with_retry_after(make_server):
    server = make_server(rate=5.0, burst=3)
    statuses = [api(server)[0] for _ in range(3)]
    assert statuses == [200, 200, 200]  # the burst
    status, headers, body = api(server)
    assert status == 429 and "rate limit" in json.loads(body)["error"]
    wait = float(headers["Retry-After"])
    assert 0 < wait <= 1 / 5 + 0.01  # at most one token's refill time
    time.sleep(wait + 0.01)
    assert api(server)[0] == 200  # honouring Retry-After is enough


def test_server_errors_are_seeded_and_transient(make_server):
    def first_answers(seed: int) -> list[int]:
        server = make_server(n_records=200, fail_rate=0.3, seed=seed)
        return [api(server, f"?page={p}")[0] for p in range(1, 11)]

    a, b = first_answers(0), first_answers(0)
    assert a == b  # the same pages fail on every run
    assert 503 in a and 200 in a
    server = make_server(n_records=200, fail_rate=0.3, seed=0)
    failing = [p for p, s in enumerate(a, start=1) if s == 503]
    assert api(server, f"?page={failing[0]}")[0] == 503
    assert api(server, f"?page={failing[0]}")[0] == 200  # fails once only
    server.reset()
    assert api(server, f"?page={failing[0]}")[0] == 503  # reset forgets


def test_malformed_records_are_seeded_and_broken(make_server):
    server = make_server(n_records=60)
    again = make_server(n_records=60)
    assert server.malformed == again.malformed and len(server.malformed) == 6
    records = server.records
    kinds = {kind: records[pos] for pos, kind in server.malformed.items()}
    assert not kinds["text_letter"]["text"].isdigit()
    assert len(kinds["text_short"]["text"]) == 3
    assert "pixels" not in kinds["missing_pixels"]
    assert isinstance(kinds["bad_id"]["id"], str)
    dup = next(p for p, k in server.malformed.items() if k == "duplicate_id")
    assert records[dup]["id"] == records[dup - 1]["id"]


# -------------------------------------------------------------------- the website


def test_robots_txt_parses_with_robotparser(make_server):
    server = make_server()
    status, _, body = get(server.url + "/robots.txt")
    assert status == 200
    robots = urllib.robotparser.RobotFileParser()
    robots.parse(body.splitlines())
    assert robots.can_fetch("AnyBot", server.url + "/stats")
    assert not robots.can_fetch("AnyBot", server.url + "/students/list")
    assert not robots.can_fetch("AnyBot", server.url + "/admin/")
    assert not robots.can_fetch("BadBot/2.0", server.url + "/stats")
    assert robots.request_rate("AnyBot").requests == server.config.html_rate


def test_stats_pages_link_and_cover_the_table(make_server):
    server = make_server(n_days=20, table_rows=8, html_burst=100)
    status, headers, body = get(server.url + "/stats?page=3")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "rel='prev' href='/stats?page=2'" in body and "rel='next'" not in body
    assert body.count("<tr>") == 1 + 4  # header and the last 20 - 16 rows
    assert get(server.url + "/stats?page=4")[0] == 404
    assert get(server.url + "/stats?page=x")[0] == 400
    assert get(server.url + "/stats?sort=date")[0] == 400
    status, _, body = get(server.url + "/nowhere")
    assert status == 404 and "no page" in body


def test_robots_is_advisory_and_the_log_records_everything(make_server):
    server = make_server()
    # robots.txt disallows /students/, but only a polite client obeys it.
    assert get(server.url + "/students/", **{"User-Agent": "Rude/1.0"})[0] == 200
    log = server.request_log()
    assert list(log.columns) == ["t", "method", "path", "status", "user_agent"]
    assert log.iloc[-1][["path", "status", "user_agent"]].tolist() == [
        "/students/",
        200,
        "Rude/1.0",
    ]


def test_website_rate_limit_is_per_address_not_per_user_agent(make_server):
    server = make_server(html_burst=2, html_rate=5)
    fast = [get(server.url + "/", **{"User-Agent": "A"})[0] for _ in range(3)]
    assert fast == [200, 200, 429]
    # A new User-Agent on every request is the same client: still limited.
    rotated = [get(server.url + "/", **{"User-Agent": f"Bot{i}"})[0] for i in range(3)]
    assert rotated == [429, 429, 429]
    assert (server.request_log()["status"] == 429).sum() == 4


def test_stop_closes_the_listening_port():
    server = AcquisitionServer(ServerConfig(**EASY)).start()
    port = server.port
    server.stop()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()


def test_request_log_is_bounded_and_clips_what_clients_send(make_server):
    server = make_server(log_size=5, html_burst=100)
    for page in range(1, 9):
        get(server.url + f"/stats?page={page % 4 + 1}", **{"User-Agent": "x" * 5000})
    log = server.request_log()
    assert len(log) == 5  # the newest five of eight
    assert log["path"].tolist()[-1] == "/stats?page=1"  # 8 % 4 + 1
    assert log["user_agent"].str.len().max() < 300  # 5,000 characters clipped
    assert log["user_agent"].iloc[0].endswith("(5000 characters)")
