"""Tests of acquire.site_routes: what each request gets, called without sockets, and
two of its rules checked against the real server (exact routes, the per-address web
rate limit)."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from helpers.acquire import site_routes as routes
from helpers.acquire.server_config import ServerConfig

KEY = ServerConfig().api_key


@pytest.fixture(scope="module")
def site() -> routes.Site:
    return routes.Site(
        ServerConfig(n_records=30, fail_rate=0.0, burst=10**6, html_burst=10**6)
    )


@pytest.mark.parametrize(
    "raw", ["1", "42", "999999", None]
)  # None: the parameter is absent, the default applies
def test_int_param_accepts_a_few_ascii_digits(raw):
    params = {} if raw is None else {"page": raw}
    expected = 7 if raw is None else int(raw)
    assert routes.int_param(params, "page", 7, 999_999) == expected


@pytest.mark.parametrize(
    "raw", ["", "0", "-1", "+1", " 1", "1.0", "²", "①", "١", "1234567", "9" * 4301]
)
def test_int_param_refuses_everything_else_with_a_400(raw):
    with pytest.raises(routes.BadRequest) as info:
        routes.int_param({"page": raw}, "page", 1, 999_999)
    assert info.value.status == 400
    assert "page must be an integer in 1..999999" in str(info.value)
    assert len(str(info.value)) < 400  # a 4,301-digit value is clipped


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/stats?page=2", ("/stats", "page=2")),
        ("/stats?page=2#top", ("/stats", "page=2")),
        ("/", ("/", "")),
        ("/a?b?c", ("/a", "b?c")),
    ],
)
def test_split_target(target, expected):
    assert routes.split_target(target) == expected


@pytest.mark.parametrize("target", ["http://[x/", "http://evil.example/stats", "*", ""])
def test_split_target_refuses_what_is_not_a_path(target):
    with pytest.raises(routes.BadRequest, match="must be a path") as info:
        routes.split_target(target)
    assert info.value.status == 400


def test_parse_query_refuses_repeats_and_floods():
    assert routes.parse_query("page=2&per_page=5") == {"page": "2", "per_page": "5"}
    assert routes.parse_query("") == {}
    with pytest.raises(routes.BadRequest, match="given 2 times"):
        routes.parse_query("page=1&page=2")
    with pytest.raises(routes.BadRequest, match="malformed query"):
        routes.parse_query("&".join(f"p{i}=1" for i in range(50)))
    with pytest.raises(routes.BadRequest, match="malformed query"):
        routes.parse_query("page")


def test_api_answers_by_hand(site):
    status, body, _ = site.api(routes.API_PATH, {"per_page": "10"}, KEY)
    assert status == 200 and body["next"] == f"{routes.API_PATH}?page=2&per_page=10"
    assert [r["id"] for r in body["records"]] == list(range(1000, 1010))
    assert site.api(routes.API_PATH, {}, None)[0] == 401
    assert site.api(routes.API_PATH, {}, "guess")[0] == 403
    with pytest.raises(routes.BadRequest, match="no endpoint"):
        site.api(routes.API_PATH + "/", {}, KEY)


@pytest.mark.parametrize(
    "path", ["/students", "/studentsX", "/students/../../etc/passwd", "/stats/", ""]
)
def test_web_routes_match_exactly(site, path):
    with pytest.raises(routes.BadRequest, match="no page") as info:
        site.web(path, {}, "127.0.0.1")
    assert info.value.status == 404


def test_web_answers_every_route(site):
    for path in routes.WEB_PATHS:
        status, body, ctype, _ = site.web(path, {}, "127.0.0.1")
        assert status == 200 and body and ctype in ("text/html", "text/plain")


def test_web_limit_is_per_address_and_its_memory_is_bounded():
    site = routes.Site(ServerConfig(n_records=10, html_burst=1, max_clients=50))
    assert site.web("/", {}, "10.0.0.1")[0] == 200
    assert site.web("/", {}, "10.0.0.1")[0] == 429  # same address, refused
    assert site.web("/", {}, "10.0.0.2")[0] == 200  # another address, allowed
    for i in range(500):  # a flood of addresses
        site.web("/", {}, f"10.1.{i // 256}.{i % 256}")
    assert len(site.web_bucket) == 50


def test_the_log_and_the_errors_are_bounded():
    site = routes.Site(ServerConfig(n_records=10, log_size=3))
    for i in range(10):
        site.record("GET", f"/{i}", 200, "ua")
        site.note_error(RuntimeError(str(i)))
    assert [row["path"] for row in site.log] == ["/7", "/8", "/9"]
    assert len(site.errors) <= 100 and site.errors[-1] == "RuntimeError: 9"
    site.clear()
    assert not site.log and not site.errors


def test_retry_after_rounds_up_to_hundredths():
    assert routes.retry_after(0.101) == {"Retry-After": "0.11"}
    assert routes.retry_after(1.0) == {"Retry-After": "1.00"}


def test_on_the_real_server_user_agents_do_not_reset_the_limit(make_server):
    server = make_server(html_burst=3, html_rate=1)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    statuses = []
    for i in range(6):
        req = urllib.request.Request(server.url + "/", headers={"User-Agent": f"B{i}"})
        try:
            statuses.append(opener.open(req, timeout=5).status)
        except urllib.error.HTTPError as err:
            statuses.append(err.code)
    assert statuses == [200, 200, 200, 429, 429, 429]


def test_server_settings_and_texts_are_checked():
    assert routes.int_param({"page": "3"}, "page", 1, 10) == 3
    with pytest.raises(ValueError, match="default must be an integer in"):
        routes.int_param({}, "page", 11, 10)
    with pytest.raises(ValueError, match="hi must be an integer in"):
        routes.int_param({}, "page", 1, 10**12)
    with pytest.raises(ValueError, match="wait must be in"):
        routes.retry_after(-0.5)
    with pytest.raises(TypeError, match="target must be a str"):
        routes.split_target(b"/stats")
    with pytest.raises(TypeError, match="cfg must be a ServerConfig"):
        routes.Site({"n_records": 8})
