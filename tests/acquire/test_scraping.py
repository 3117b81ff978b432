"""Tests of acquire.scraping: HTML tables, robots.txt and the polite scraper."""

from __future__ import annotations

import urllib.request

import numpy as np
import pandas as pd
import pytest
from local_server import EASY, Recorder, StubServer

from helpers.acquire import client as acq
from helpers.acquire import scraping
from helpers.acquire.server import AcquisitionServer, ServerConfig

HTML = """
<html><body><p>intro</p>
<table id="a">
  <thead><tr><th>name</th><th>seats</th><th>share</th></tr></thead>
  <tbody>
    <tr><td>Data &amp; AI</td><td>30</td><td>0.5</td></tr>
    <tr><td>  Ethics
        101 </td><td>12</td><td>n/a</td></tr>
  </tbody>
</table>
<table><tr><td>1</td><td>x</td></tr><tr><td>2</td><td>y</td></tr></table>
<a href="/p1">one</a> <a rel="next" href="/stats?page=2">next</a>
</body></html>
"""


def test_parse_tables_by_hand():
    first, second = scraping.parse_tables(HTML)
    assert list(first.columns) == ["name", "seats", "share"]
    assert first["name"].tolist() == ["Data & AI", "Ethics 101"]  # entities, spaces
    assert first["seats"].tolist() == [30, 12]
    assert pd.api.types.is_integer_dtype(first["seats"])
    assert first["share"].tolist() == ["0.5", "n/a"]  # not all numbers: kept as text
    assert second.shape == (2, 2) and second[0].tolist() == [1, 2]
    assert scraping.next_link(HTML) == "/stats?page=2"
    assert scraping.next_link("<p>no links</p>") is None
    assert scraping.parse_tables("<p>no tables</p>") == []


def test_parse_tables_rejects_ragged_rows():
    ragged = "<table><tr><th>a</th><th>b</th></tr><tr><td>1</td></tr></table>"
    with pytest.raises(ValueError, match="2 cells"):
        scraping.parse_tables(ragged)


def test_scraper_reads_robots_and_refuses_disallowed_paths(make_server):
    server = make_server()
    scraper = scraping.PoliteScraper(server.url)
    assert scraper.min_interval == pytest.approx(1 / server.config.html_rate)
    assert scraper.allowed("/stats") and not scraper.allowed("/students/")
    with pytest.raises(acq.RobotsDisallowed, match="/students/"):
        scraper.get("/students/")
    with pytest.raises(PermissionError):
        scraper.get("/admin/settings")
    paths = server.request_log()["path"].tolist()
    assert paths == ["/robots.txt"]  # nothing disallowed was even requested
    bad = scraping.PoliteScraper(server.url, user_agent="BadBot/2.0 (test)")
    assert not bad.allowed("/stats") and not bad.allowed("/")


def test_scrape_table_follows_next_links_politely(make_server):
    server = make_server(n_days=30, table_rows=7)  # 5 pages
    scraper = scraping.PoliteScraper(server.url, min_interval=0.08)
    stats = scraper.scrape_table("/stats")
    pd.testing.assert_frame_equal(stats, server.stats)
    log = server.request_log()
    assert log["path"].tolist() == ["/robots.txt"] + [
        f"/stats?page={p}" if p > 1 else "/stats" for p in range(1, 6)
    ]
    assert (log["user_agent"] == acq.USER_AGENT).all()
    assert (log["status"] == 200).all()
    sent = np.array([e.t for e in scraper.events])
    assert np.diff(sent).min() >= 0.08  # its own gap (larger than the site's)


def test_scraper_waits_out_a_429(make_server):
    server = make_server(html_rate=2, html_burst=1)
    sleep = Recorder(real=True)
    # min_interval 0 would be overruled by robots (1/2 s); force a rude client by
    # lowering it after construction, to see the 429 path.
    scraper = scraping.PoliteScraper(server.url, sleep=sleep)
    scraper.min_interval = 0.0
    assert "<table" in scraper.get("/stats")  # robots used the token: a 429 first
    assert [e.status for e in scraper.events] == [200, 429, 200]
    assert sleep.calls == [scraper.events[1].retry_after]


def test_scraper_waits_if_robots_txt_is_rate_limited(make_server):
    server = make_server(html_rate=4, html_burst=1)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(
        server.url + "/", headers={"User-Agent": acq.USER_AGENT}
    )
    opener.open(request, timeout=5).close()  # spends the only token
    sleep = Recorder(real=True)
    scraper = scraping.PoliteScraper(server.url, sleep=sleep)
    assert [e.status for e in scraper.events] == [429, 200]
    assert sleep.calls == [scraper.events[0].retry_after]
    assert not scraper.allowed("/students/")  # the rules were read after all


def test_scraper_without_robots_answer_refuses_to_start():
    server = AcquisitionServer(ServerConfig(**EASY)).start()
    url = server.url
    server.stop()
    with pytest.raises(acq.ApiError, match="could not read robots.txt"):
        scraping.PoliteScraper(url)


def test_scraper_with_empty_robots_allows_all(make_server, monkeypatch):
    server = make_server()
    monkeypatch.setattr(type(server.config), "robots_txt", property(lambda self: ""))
    scraper = scraping.PoliteScraper(server.url)
    assert scraper.allowed("/students/")  # an empty robots.txt allows everything


def test_scraper_refuses_a_next_link_to_another_origin():
    with StubServer({}) as other:
        page = (
            "<table><tr><th>a</th></tr><tr><td>1</td></tr></table>"
            "<a rel='next' href='http://127.0.0.1:{port}/stats?page=2'>next</a>"
        )
        routes = {"/robots.txt": (200, {}, ""), "/stats": (200, {}, page)}
        with StubServer(routes, other_port=other.port) as site:
            scraper = scraping.PoliteScraper(site.url)
            with pytest.raises(acq.OriginError, match="another origin"):
                scraper.scrape_table("/stats")
            with pytest.raises(acq.OriginError):
                scraper.get(other.url + "/stats")
            assert [p for p, _ in site.received] == ["/robots.txt", "/stats"]
    assert other.received == []


def test_scraper_will_not_wait_a_day_for_robots_txt():
    routes = {"/robots.txt": (429, {"Retry-After": "86400"}, "slow down")}
    with StubServer(routes) as site:
        sleep = Recorder()
        with pytest.raises(acq.ApiError, match="max_retry_after=60 s"):
            scraping.PoliteScraper(site.url, sleep=sleep)
    assert sleep.calls == []


def test_scraper_cap_applies_to_pages_and_is_configurable(make_server):
    server = make_server(html_rate=1, html_burst=1)
    sleep = Recorder()
    scraper = scraping.PoliteScraper(server.url, sleep=sleep, max_retry_after=0.1)
    scraper.min_interval = 0.0  # rude on purpose: the next request meets a 429
    with pytest.raises(acq.ApiError, match="max_retry_after=0.1 s"):
        scraper.get("/stats")
    assert [e.status for e in scraper.events] == [200, 429] and sleep.calls == []
