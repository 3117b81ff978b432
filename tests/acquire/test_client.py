"""Tests for helpers.acquire.client: the API client, its retries, its limits.

The client runs against the real local server (:mod:`helpers.acquire.server`);
``sleep`` is injected where waiting would only slow the test down. What the lesson's
server never does (a ``next`` link to another origin, a ``Retry-After`` of a day)
comes from a :class:`local_server.StubServer`, also a real server on 127.0.0.1.
"""

from __future__ import annotations

import base64
import json
import math

import pytest
from local_server import EASY, Recorder, StubServer

from helpers.acquire import client as acq
from helpers.acquire.server import (
    API_PATH,
    AcquisitionServer,
    ServerConfig,
)

# ------------------------------------------------------------- the API client


def test_fetch_all_keeps_good_records_and_sets_aside_bad_ones(make_server):
    server = make_server(n_records=120, page_size=20)
    client = acq.ApiClient(server.url, api_key=server.config.api_key)
    result = client.fetch_all(API_PATH, per_page=20)
    assert result.pages == 6
    truth = server.records
    # Every broken record is set aside, where the server put it, with a reason...
    where = {(r.page - 1) * 20 + r.position: r for r in result.rejected}
    assert set(where) == set(server.malformed)
    for pos, kind in server.malformed.items():
        rejected = where[pos]
        assert rejected.raw == truth[pos] and rejected.reason
        expected = {
            "text_letter": "text must be 4 digits",
            "text_short": "text must be 4 digits",
            "missing_pixels": "missing field(s) ['pixels']",
            "pixels_size": "pixels hold",
            "bad_id": "id must be a non-negative integer",
            "duplicate_id": "duplicate id",
        }[kind]
        assert expected in rejected.reason
        assert f"page {rejected.page}, position {rejected.position}" in str(rejected)
    # ...and nothing else is lost: the rest arrive in order, images intact.
    good = [i for i in range(120) if i not in server.malformed]
    assert [r.id for r in result.records] == [truth[i]["id"] for i in good]
    assert [r.text for r in result.records] == [server.texts[i] for i in good]
    pixels = base64.b64decode(truth[good[5]]["pixels"])
    assert result.records[5].image.tobytes() == pixels
    assert result.counts()["records set aside"] == len(server.malformed)


def test_server_errors_are_retried_with_backoff(make_server):
    server = make_server(n_records=200, page_size=20, fail_rate=0.3, fail_times=2)
    sleep = Recorder()
    policy = acq.RetryPolicy(base=0.5, factor=2.0, jitter=0.0)
    client = acq.ApiClient(
        server.url, api_key=server.config.api_key, policy=policy, sleep=sleep
    )
    result = client.fetch_all(API_PATH, per_page=20)
    n_failing = sum(1 for e in result.events if e.status == 503) // 2
    assert n_failing >= 1 and len(result.records) == 200 - len(server.malformed)
    # Each failing page waits 0.5 s, then 1.0 s (doubling), then succeeds.
    assert sleep.calls == [0.5, 1.0] * n_failing
    assert result.counts()["retries"] == 2 * n_failing
    assert result.slept == pytest.approx(1.5 * n_failing)


def test_giving_up_names_the_status(make_server):
    server = make_server(fail_rate=1.0, fail_times=5)
    client = acq.ApiClient(
        server.url,
        api_key=server.config.api_key,
        policy=acq.RetryPolicy(max_retries=2),
        sleep=Recorder(),
    )
    with pytest.raises(acq.ApiError, match="503 .*gave up after 2 retries") as info:
        client.get_json(API_PATH)
    assert info.value.status == 503 and len(client.events) == 3


def test_rate_limit_is_honoured_with_retry_after(make_server):
    server = make_server(rate=20.0, burst=2, n_records=100, page_size=10)
    sleep = Recorder(real=True)  # the bucket only refills if we really wait
    client = acq.ApiClient(server.url, api_key=server.config.api_key, sleep=sleep)
    result = client.fetch_all(API_PATH, per_page=10)
    assert result.pages == 10 and len(result.records) == 100 - len(server.malformed)
    limited = [e for e in result.events if e.status == 429]
    assert limited, "a burst of 2 must be exceeded by 10 quick requests"
    # Every 429 carried Retry-After, and the client slept exactly that long.
    waits = [e.retry_after for e in limited]
    assert all(w is not None and 0 < w <= 0.06 for w in waits)
    assert sleep.calls == waits  # no other waits: no 5xx in this config


def test_client_errors_are_not_retried(make_server):
    server = make_server()
    client = acq.ApiClient(server.url, api_key="wrong", sleep=Recorder())
    with pytest.raises(acq.ApiError, match="403 .*invalid API key") as info:
        client.fetch_all(API_PATH)
    assert info.value.status == 403 and len(client.events) == 1
    client = acq.ApiClient(server.url, api_key=server.config.api_key)
    with pytest.raises(acq.ApiError, match="400 .*per_page must be"):
        client.get_json(API_PATH, {"per_page": 500})


def test_no_server_means_no_answer():
    server = AcquisitionServer(ServerConfig(**EASY)).start()
    url = server.url
    server.stop()
    client = acq.ApiClient(
        url, api_key="k", policy=acq.RetryPolicy(max_retries=1), sleep=Recorder()
    )
    with pytest.raises(acq.ApiError, match="no answer") as info:
        client.get_json(API_PATH)
    assert info.value.status is None and len(client.events) == 2


def test_min_interval_paces_requests_with_an_injected_clock(make_server):
    server = make_server()
    now = [0.0]
    sleep_calls = []

    def sleep(seconds):  # a fake clock: sleeping advances it, nothing else does
        sleep_calls.append(seconds)
        now[0] += seconds

    client = acq.ApiClient(
        server.url,
        api_key=server.config.api_key,
        min_interval=0.5,
        sleep=sleep,
        clock=lambda: now[0],
    )
    client.fetch_all(API_PATH, per_page=10)  # 5 pages
    assert sleep_calls == [0.5] * 4
    assert [e.t for e in client.events] == [0.0, 0.5, 1.0, 1.5, 2.0]


def test_a_paced_client_is_never_rate_limited(make_server):
    server = make_server(rate=40.0, burst=8, n_records=240, page_size=20)
    client = acq.ApiClient(
        server.url, api_key=server.config.api_key, min_interval=1 / 40
    )
    result = client.fetch_all(API_PATH, per_page=20)
    assert result.counts()["rate limited (429)"] == 0 and result.pages == 12


def test_client_rejects_bad_arguments():
    with pytest.raises(ValueError, match="http://"):
        acq.ApiClient("127.0.0.1:80", api_key="k")
    with pytest.raises(ValueError, match="min_interval"):
        acq.ApiClient("http://127.0.0.1:1", api_key="k", min_interval=-1)
    with pytest.raises(ValueError, match="user_agent"):
        acq.ApiClient("http://127.0.0.1:1", api_key="k", user_agent="")
    with pytest.raises(ValueError, match="invalid port"):
        acq.ApiClient("http://127.0.0.1:99999", api_key="k")
    with pytest.raises(ValueError, match="timeout must be a finite number"):
        acq.ApiClient("http://127.0.0.1:1", api_key="k", timeout=float("inf"))
    with pytest.raises(ValueError, match="max_retry_after must be in"):
        acq.ApiClient("http://127.0.0.1:1", api_key="k", max_retry_after=-1)
    client = acq.ApiClient("http://127.0.0.1:1", api_key="k")
    with pytest.raises(ValueError, match="per_page"):
        client.fetch_all(API_PATH, per_page=0)


# ------------------------------------------------------------ one origin only


def test_resolve_keeps_to_the_client_origin():
    client = acq.ApiClient("http://127.0.0.1:8000", api_key="k")
    assert client.resolve("/api?page=2") == "http://127.0.0.1:8000/api?page=2"
    assert client.resolve("http://127.0.0.1:8000/x") == "http://127.0.0.1:8000/x"
    plain = acq.ApiClient("http://localhost", api_key="k")
    assert plain.resolve("http://LOCALHOST:80/x") == "http://LOCALHOST:80/x"
    for elsewhere in (
        "http://127.0.0.1:8001/x",  # another port
        "https://127.0.0.1:8000/x",  # another scheme
        "//evil.example/x",  # protocol-relative: another host
        "http://127.0.0.1:8000@evil.example/x",  # user info: the host is evil
        "http://evil.example/api",
        "http://127.0.0.1:99999/x",  # not a port at all
    ):
        with pytest.raises(acq.OriginError, match="another origin"):
            client.resolve(elsewhere)


def test_a_next_link_to_another_origin_is_refused_and_gets_no_key():
    with StubServer({}) as thief:
        page = {"page": 1, "records": [], "next": "http://127.0.0.1:{port}/steal"}
        routes = {"/api": (200, {"Content-Type": "application/json"}, json.dumps(page))}
        with StubServer(routes, other_port=thief.port) as site:
            client = acq.ApiClient(site.url, api_key="secret-key", sleep=Recorder())
            with pytest.raises(acq.OriginError, match="another origin") as info:
                client.fetch_all("/api")
            assert info.value.url == f"http://127.0.0.1:{thief.port}/steal"
            assert [path for path, _ in site.received] == ["/api?page=1&per_page=20"]
            assert site.received[0][1]["x-api-key"] == "secret-key"
    assert thief.received == []  # nothing at all went to the other origin


# ---------------------------------------------------------- Retry-After is capped


@pytest.mark.parametrize(
    "retry_after", ["86400", "Fri, 01 Jan 2100 00:00:00 GMT", "1e400"]
)
def test_a_retry_after_past_the_cap_is_a_clear_error(retry_after):
    routes = {"/api": (429, {"Retry-After": retry_after}, "{}")}
    with StubServer(routes) as site:
        sleep = Recorder()
        client = acq.ApiClient(site.url, api_key="k", sleep=sleep)
        assert client.max_retry_after == 60.0  # the default
        with pytest.raises(acq.ApiError, match="max_retry_after=60 s") as info:
            client.get_json("/api")
    assert info.value.status == 429 and "Retry-After" in str(info.value)
    assert sleep.calls == []  # it did not wait a day to find out


def test_the_cap_is_configurable():
    routes = {"/api": (429, {"Retry-After": "86400"}, "{}")}
    with StubServer(routes) as site:
        sleep = Recorder()
        client = acq.ApiClient(
            site.url,
            api_key="k",
            max_retry_after=86_400,
            policy=acq.RetryPolicy(max_retries=1),
            sleep=sleep,
        )
        with pytest.raises(acq.ApiError, match="gave up after 1 retries"):
            client.get_json("/api")
    assert sleep.calls == [86400.0]  # allowed, so it waited (a fake sleep)


def test_the_cap_applies_to_the_real_server_too(make_server):
    server = make_server(rate=1.0, burst=1)
    client = acq.ApiClient(
        server.url, api_key=server.config.api_key, max_retry_after=0.05
    )
    client.get_json(API_PATH)  # spends the only token
    with pytest.raises(acq.ApiError, match=r"wait 1 s .*max_retry_after=0.05 s"):
        client.get_json(API_PATH)  # the server asks for a whole second


# ------------------------------------------------------ what the client records


def test_a_garbled_page_number_from_the_server_falls_back_to_the_count():
    bad = {"id": 1, "text": "12"}  # set aside: too short, no pixels
    page = {"page": "one", "records": [bad], "next": None}
    routes = {"/api": (200, {"Content-Type": "application/json"}, json.dumps(page))}
    with StubServer(routes) as site:
        result = acq.ApiClient(site.url, api_key="k").fetch_all("/api")
    (rejected,) = result.rejected
    assert rejected.page == 1 and rejected.position == 0 and rejected.raw == bad


def test_events_and_results_check_their_fields():
    assert acq.RequestEvent(0.0, "u", 429, math.inf).retry_after == math.inf
    with pytest.raises(ValueError, match="t must be a finite number"):
        acq.RequestEvent(float("nan"), "u", 200)
    with pytest.raises(ValueError, match="retry_after must be in"):
        acq.RequestEvent(0.0, "u", 429, -1.0)
    with pytest.raises(ValueError, match="status must be an integer in"):
        acq.RequestEvent(0.0, "u", 42)
    with pytest.raises(ValueError, match="slept must be in"):
        acq.FetchResult([], [], 1, [], 0.1, -2.0)
    with pytest.raises(TypeError, match="events must be a list of RequestEvent"):
        acq.FetchResult([], [], 1, ["GET /"], 0.1, 0.0)
