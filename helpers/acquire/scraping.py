"""Polite scraping (lesson 01): robots.txt, identification, a rate limit, HTML tables.

:class:`PoliteScraper` checks robots.txt with :mod:`urllib.robotparser`, says who it is
in its User-Agent, waits between requests, refuses disallowed paths and links to
other origins, and waits out a ``Retry-After`` only up to ``max_retry_after`` seconds;
:func:`parse_tables` reads HTML tables with the standard library's parser.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Callable
from html.parser import HTMLParser

import pandas as pd

from helpers.acquire.client import (
    MAX_RETRY_AFTER,
    USER_AGENT,
    ApiError,
    RobotsDisallowed,
    _Http,
)
from helpers.core.validation import check_int


class _TableParser(HTMLParser):
    """Collects every ``<table>`` as rows of cell texts, and ``rel=next`` links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[tuple[bool, list[str]]]] = []
        self.next_link: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._header = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self._row, self._header = [], True
        elif tag in ("td", "th") and self._row is not None:
            self._cell, self._header = [], self._header and tag == "th"
        elif tag in ("a", "link") and "next" in (a.get("rel") or "").split():
            self.next_link = self.next_link or a.get("href")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if self._row:
                self.tables[-1].append((self._header, self._row))
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def parse_tables(page: str) -> list[pd.DataFrame]:
    """Every ``<table>`` of an HTML page as a DataFrame (a header row of ``<th>``
    names the columns; columns whose every cell is a number become numeric)."""
    if not isinstance(page, str):
        raise TypeError(f"page must be the HTML text, got {type(page).__name__}")
    parser = _TableParser()
    parser.feed(page)
    frames = []
    for rows in parser.tables:
        if not rows:
            continue
        header = rows[0][1] if rows[0][0] else None
        body = [r for _, r in rows[1:]] if header else [r for _, r in rows]
        width = len(header) if header else max(len(r) for r in body)
        if any(len(r) != width for r in body):
            raise ValueError(f"table rows must all have {width} cells")
        frame = pd.DataFrame(body, columns=header)
        for col in frame.columns:
            numbers = pd.to_numeric(frame[col], errors="coerce")
            if numbers.notna().all() and len(frame):
                frame[col] = numbers
        frames.append(frame)
    return frames


def next_link(page: str) -> str | None:
    """The ``href`` of the page's first ``rel="next"`` link, if any."""
    if not isinstance(page, str):
        raise TypeError(f"page must be the HTML text, got {type(page).__name__}")
    parser = _TableParser()
    parser.feed(page)
    return parser.next_link


class PoliteScraper(_Http):
    """A scraper that reads robots.txt first and keeps to what it says.

    The gap between requests is the larger of ``min_interval`` and the site's
    ``Request-rate`` / ``Crawl-delay``; disallowed paths raise
    :class:`RobotsDisallowed` and links to another origin
    :class:`~helpers.acquire.client.OriginError`, before any request is sent. A 429
    whose ``Retry-After`` exceeds ``max_retry_after`` seconds raises ApiError.
    """

    def __init__(
        self,
        base_url: str,
        *,
        user_agent: str = USER_AGENT,
        min_interval: float = 0.0,
        timeout: float = 5.0,
        max_retry_after: float = MAX_RETRY_AFTER,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(
            base_url,
            user_agent=user_agent,
            min_interval=min_interval,
            timeout=timeout,
            max_retry_after=max_retry_after,
            sleep=sleep,
            clock=clock,
        )
        self.robots = urllib.robotparser.RobotFileParser(self.base_url + "/robots.txt")
        status, _, body = self._request(self.robots.url, {})
        if status == 429:  # asked to wait before even reading the rules: wait, once
            self._pause(self._retry_wait(self.robots.url) or 1.0)
            status, _, body = self._request(self.robots.url, {})
        if status in (401, 403):
            self.robots.disallow_all = True  # the same rules as RobotFileParser.read
        elif status is not None and 400 <= status < 500:
            self.robots.allow_all = True
        elif status == 200:
            self.robots.parse(body.splitlines())
        else:  # 5xx or no answer: we do not know the rules, so we do not scrape
            raise ApiError(status, self.robots.url, "could not read robots.txt")
        rate = self.robots.request_rate(user_agent)
        delay = self.robots.crawl_delay(user_agent)
        per_request = rate.seconds / rate.requests if rate and rate.requests else 0.0
        site_gap = max(per_request, float(delay or 0))
        self.min_interval = max(self.min_interval, site_gap)

    def allowed(self, path: str) -> bool:
        """Whether robots.txt lets this User-Agent fetch ``path`` (on this origin)."""
        return self.robots.can_fetch(self.user_agent, self.resolve(path))

    def get(self, path: str) -> str:
        """The page at ``path`` (after robots check and rate limit); 429 waits once."""
        url = self.resolve(path)
        if not self.allowed(url):
            raise RobotsDisallowed(
                f"robots.txt disallows {path!r} for {self.user_agent!r}"
            )
        for _ in range(2):
            status, head, body = self._request(url, {})
            if status == 200:
                return body
            if status != 429:
                break
            self._pause(self._retry_wait(url) or self.min_interval)
        raise ApiError(status, url, body.strip()[:200])

    def scrape_table(self, start: str, *, max_pages: int = 100) -> pd.DataFrame:
        """The first table of ``start`` and of every page reached by ``rel=next``
        (on this origin only: a link elsewhere raises OriginError)."""
        max_pages = check_int("max_pages", max_pages, low=1, high=100_000)
        frames, path = [], start
        while path is not None and len(frames) < max_pages:
            page = self.get(path)
            tables = parse_tables(page)
            if not tables:
                raise ValueError(f"no <table> on {path!r}")
            frames.append(tables[0])
            path = next_link(page)
        return pd.concat(frames, ignore_index=True)
