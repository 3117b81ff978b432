"""Tests for helpers.acquire.client: record checks, the API client, its retries.

The client runs against the real local server
(:mod:`helpers.acquire.server`); ``sleep`` is injected where waiting would only
slow the test down.
"""

from __future__ import annotations

import base64
import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from local_server import EASY, Recorder

from helpers.acquire import client as acq
from helpers.acquire.server import (
    API_PATH,
    AcquisitionServer,
    ServerConfig,
)


def good_record(rid: int = 7) -> dict:
    pixels = base64.b64encode(bytes(range(6))).decode()
    return {"id": rid, "text": "0427", "height": 2, "width": 3, "pixels": pixels}


# ------------------------------------------------------------ small pure helpers


def test_parse_retry_after_numbers_dates_and_garbage():
    assert acq.parse_retry_after("3") == 3.0
    assert acq.parse_retry_after("0.25") == 0.25
    assert acq.parse_retry_after(None) is None
    assert acq.parse_retry_after("soon") is None
    assert acq.parse_retry_after("-1") is None
    now = datetime(2025, 9, 1, 12, 0, 0, tzinfo=UTC)
    later = format_datetime(now + timedelta(seconds=10), usegmt=True)
    assert acq.parse_retry_after(later, now=now) == pytest.approx(10.0)
    earlier = format_datetime(now - timedelta(seconds=10), usegmt=True)
    assert acq.parse_retry_after(earlier, now=now) == 0.0


def test_backoff_doubles_up_to_the_cap():
    policy = acq.RetryPolicy(base=0.1, factor=2.0, cap=1.0, jitter=0.0)
    rng = random.Random(0)
    delays = [policy.delay(n, rng) for n in range(6)]
    assert delays == pytest.approx([0.1, 0.2, 0.4, 0.8, 1.0, 1.0])
    jittered = acq.RetryPolicy(base=0.1, jitter=0.5)
    values = [jittered.delay(0, rng) for _ in range(200)]
    assert 0.1 <= min(values) and max(values) <= 0.15
    with pytest.raises(ValueError, match="max_retries >= 0"):
        acq.RetryPolicy(max_retries=-1)
    with pytest.raises(ValueError, match="jitter"):
        acq.RetryPolicy(jitter=2)


def test_validate_record_accepts_and_decodes():
    record = acq.validate_record(good_record())
    assert record.id == 7 and record.text == "0427"
    assert record.image.tolist() == [[0, 1, 2], [3, 4, 5]]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"text": "04a7"}, "text must be 4 digits, got '04a7'"),
        ({"text": 427}, "text must be 4 digits, got 427"),
        ({"id": "#7"}, "id must be a non-negative integer, got '#7'"),
        ({"id": True}, "id must be a non-negative integer"),
        ({"pixels": "AAAA"}, "pixels hold 3 bytes, expected 2x3=6"),
        ({"pixels": "not base64!"}, "pixels must be base64"),
        ({"height": 0}, "height and width must be integers"),
        ({"pixels": None}, "pixels must be base64"),
    ],
)
def test_validate_record_says_which_field_and_why(change, reason):
    with pytest.raises(acq.RecordError) as info:
        acq.validate_record({**good_record(), **change})
    assert reason in str(info.value)
    assert isinstance(info.value, ValueError)


def test_validate_record_missing_fields_and_non_objects():
    raw = good_record()
    del raw["pixels"], raw["text"]
    with pytest.raises(
        acq.RecordError, match=r"missing field\(s\) \['text', 'pixels'\]"
    ):
        acq.validate_record(raw)
    with pytest.raises(acq.RecordError, match="JSON object"):
        acq.validate_record([1, 2])


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
    client = acq.ApiClient("http://127.0.0.1:1", api_key="k")
    with pytest.raises(ValueError, match="per_page"):
        client.fetch_all(API_PATH, per_page=0)


# ------------------------------------------------------------ the request timeline


def test_plot_request_timeline():
    events = [
        acq.RequestEvent(0.0, "u", 200),
        acq.RequestEvent(0.1, "u", 429, 0.05),
        acq.RequestEvent(0.2, "u", 503),
        acq.RequestEvent(0.3, "u", 200),
    ]
    ax = acq.plot_request_timeline(events)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["200 ok (2)", "429 rate limited (1)", "503 server error (1)"]
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    with pytest.raises(ValueError, match="empty"):
        acq.plot_request_timeline([])
