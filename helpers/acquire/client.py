"""Data acquisition through an official API (lesson 01).

* :class:`ApiClient` pages through a JSON API, retries 429 and 5xx answers with
  exponential backoff, honours ``Retry-After`` (up to ``max_retry_after`` seconds:
  past that it stops with a clear error rather than sleep for a day; both are read
  in :mod:`helpers.acquire.backoff`), and validates every record. A bad record is
  set aside with the reason (:class:`RejectedRecord`), never dropped silently (the
  record checks are in :mod:`helpers.acquire.records`).
* Every client stays on the origin it was given: a ``next`` link (or any URL) to
  another scheme, host or port raises :class:`OriginError` before a request is sent,
  so the API key never leaves for another server.
* The polite scraper lives in :mod:`helpers.acquire.scraping` and the SQLite store
  in :mod:`helpers.acquire.storage`; both build on the errors and the HTTP layer
  defined here. The request timeline figure is in :mod:`helpers.acquire.client_plots`.

``sleep`` and ``clock`` are injectable everywhere, so tests never wait for real.
"""

from __future__ import annotations

import json
import math
import random
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

from helpers.acquire.backoff import RetryPolicy, parse_retry_after
from helpers.acquire.records import (
    CaptchaRecord,
    RecordError,
    RejectedRecord,
    validate_record,
)
from helpers.core.validation import check_int, check_real

USER_AGENT = "WorkbookCaptchaBot/1.0 (lesson 01; contact: course-staff@example.edu)"
RETRYABLE = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 60.0
"""Default longest ``Retry-After`` (seconds) a client waits before giving up."""


class ApiError(RuntimeError):
    """An answer the client cannot use: a 4xx, or retries exhausted."""

    def __init__(self, status: int | None, url: str, message: str) -> None:
        super().__init__(f"{status or 'no answer'} from {url}: {message}")
        self.status, self.url, self.message = status, url, message


class OriginError(ApiError):
    """A URL (e.g. a ``next`` link) points to another origin than the client's."""

    def __init__(self, url: str, origin: str) -> None:
        super().__init__(
            None,
            url,
            f"refusing to follow a link to another origin than {origin} (scheme, host "
            "and port must match); nothing was sent",
        )


class RobotsDisallowed(PermissionError):
    """robots.txt does not allow this User-Agent to fetch this path."""


@dataclass(frozen=True)
class RequestEvent:
    """One HTTP exchange: when (s since the client started), what, and the answer."""

    t: float
    url: str
    status: int | None
    retry_after: float | None = None  # inf: a number too large to read

    def __post_init__(self) -> None:
        check_real("t", self.t)
        if not isinstance(self.url, str):
            raise TypeError(f"url must be a str, got {type(self.url).__name__}")
        if self.status is not None:
            check_int("status", self.status, low=100, high=999)
        if self.retry_after is not None and self.retry_after != math.inf:
            check_real("retry_after", self.retry_after, low=0)


@dataclass
class FetchResult:
    """What :meth:`ApiClient.fetch_all` collected, and how."""

    records: list[CaptchaRecord]
    rejected: list[RejectedRecord]
    pages: int
    events: list[RequestEvent]
    seconds: float
    slept: float

    def __post_init__(self) -> None:
        check_int("pages", self.pages, low=0)
        check_real("seconds", self.seconds, low=0)
        check_real("slept", self.slept, low=0)
        for name, kind in (("records", CaptchaRecord), ("rejected", RejectedRecord)):
            if not all(isinstance(r, kind) for r in getattr(self, name)):
                raise TypeError(f"{name} must be a list of {kind.__name__}")
        if not all(isinstance(e, RequestEvent) for e in self.events):
            raise TypeError("events must be a list of RequestEvent")

    def counts(self) -> dict[str, float]:
        """Requests by answer, retries, records kept and set aside."""
        statuses = [e.status for e in self.events]
        return {
            "requests": len(statuses),
            "ok (200)": statuses.count(200),
            "rate limited (429)": statuses.count(429),
            "server errors (5xx)": sum(1 for s in statuses if s and s >= 500),
            "retries": len(statuses) - self.pages,
            "seconds waiting": round(self.slept, 3),
            "records kept": len(self.records),
            "records set aside": len(self.rejected),
        }


class _Http:
    """Shared plumbing: one opener (no proxies: the server is local), a request log,
    an injectable clock and sleep, an optional minimum gap between requests, one
    origin it never leaves, and a cap on how long a ``Retry-After`` may make it wait."""

    def __init__(
        self,
        base_url: str,
        *,
        user_agent: str,
        min_interval: float,
        timeout: float,
        max_retry_after: float,
        sleep: Callable[[float], None],
        clock: Callable[[], float],
    ) -> None:
        parts = urlsplit(base_url) if isinstance(base_url, str) else None
        if parts is None or parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ValueError(
                f"base_url must start with http:// or https://, got {base_url!r}"
            )
        try:
            parts.port  # noqa: B018 - raises ValueError for a port out of 0..65535
        except ValueError:
            raise ValueError(f"base_url has an invalid port: {base_url!r}") from None
        self.min_interval = check_real("min_interval", min_interval, low=0, high=3600)
        self.timeout = check_real("timeout", timeout, low=0, high=600, open_low=True)
        self.max_retry_after = check_real(
            "max_retry_after", max_retry_after, low=0, high=86_400
        )
        ok = isinstance(user_agent, str) and user_agent.strip() != ""
        if not ok or not user_agent.isprintable():
            raise ValueError("user_agent must say who you are (non-empty, printable)")
        if not callable(sleep) or not callable(clock):
            raise TypeError("sleep and clock must be callables")
        self.base_url, self.user_agent = base_url.rstrip("/"), user_agent
        self.origin = _origin(self.base_url)
        self.sleep, self.clock = sleep, clock
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        self._start = clock()
        self._last: float | None = None
        self.events: list[RequestEvent] = []
        self.slept = 0.0  # seconds spent waiting, all reasons together

    def resolve(self, target: str) -> str:
        """The absolute URL of ``target`` (a path, or a URL on the client's origin).

        A path is read relative to ``base_url``; an absolute URL (``http://...``,
        ``//host/...``) must have the client's scheme, host and port, else
        :class:`OriginError`: the client never sends its headers elsewhere.
        """
        if not isinstance(target, str) or not target:
            raise ValueError(f"expected a path or URL, got {target!r}")
        parts = urlsplit(target)
        if parts.scheme or parts.netloc:
            url = target
        else:
            url = urljoin(self.base_url + "/", target.lstrip("/"))
        if _origin(url) != self.origin:
            raise OriginError(url, self.origin)
        return url

    def _retry_wait(self, url: str) -> float | None:
        """The last answer's ``Retry-After`` in seconds (None if it gave none); an
        :class:`ApiError` when it asks for more than ``max_retry_after``."""
        wait = self.events[-1].retry_after
        if wait is not None and wait > self.max_retry_after:
            raise ApiError(
                self.events[-1].status,
                url,
                f"the server asks to wait {wait:.6g} s (Retry-After), more than "
                f"max_retry_after={self.max_retry_after:g} s; stopping instead",
            )
        return wait

    def _request(
        self, url: str, headers: dict[str, str]
    ) -> tuple[int | None, Any, str]:
        """One GET after waiting out ``min_interval``: (status, headers, body)."""
        if _origin(url) != self.origin:  # the last line of defence for headers
            raise OriginError(url, self.origin)
        if self._last is not None:
            self._pause(self._last + self.min_interval - self.clock())
        self._last = self.clock()
        req = urllib.request.Request(
            url, headers={"User-Agent": self.user_agent, **headers}
        )
        try:
            with self._opener.open(req, timeout=self.timeout) as resp:
                status, head, body = resp.status, resp.headers, resp.read()
        except urllib.error.HTTPError as err:
            status, head, body = err.code, err.headers, err.read()
        except (urllib.error.URLError, ConnectionError, TimeoutError) as err:
            status, head, body = None, {}, str(err).encode()
        wait = parse_retry_after(head.get("Retry-After")) if status == 429 else None
        self.events.append(RequestEvent(self._last - self._start, url, status, wait))
        return status, head, body.decode("utf-8", errors="replace")

    def _pause(self, seconds: float) -> None:
        if seconds > 0:
            self.sleep(seconds)
            self.slept += seconds


class ApiClient(_Http):
    """A JSON API client that pages, retries with backoff and validates records.

    Parameters
    ----------
    base_url : e.g. ``server.url``.
    api_key : sent as the ``X-API-Key`` header.
    policy : when and how long to back off; 429 answers wait ``Retry-After`` instead.
    min_interval : seconds between requests (0 = as fast as the server lets us).
    max_retry_after : the longest ``Retry-After`` (seconds) the client waits; a
        longer one (a number, or an HTTP date far ahead) raises :class:`ApiError`.
    sleep, clock : injectable for tests (default ``time.sleep``, ``time.monotonic``).
    seed : seeds the backoff jitter.
    """

    def __init__(
        self,
        base_url: str,
        *,
        api_key: str,
        user_agent: str = USER_AGENT,
        policy: RetryPolicy | None = None,
        min_interval: float = 0.0,
        timeout: float = 5.0,
        max_retry_after: float = MAX_RETRY_AFTER,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        seed: int = 0,
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
        if not isinstance(api_key, str) or not api_key.isprintable():
            raise ValueError("api_key must be a printable string")
        if policy is not None and not isinstance(policy, RetryPolicy):
            raise TypeError(f"policy must be a RetryPolicy, not {policy!r}")
        self.api_key, self.policy = api_key, policy or RetryPolicy()
        self._rng = random.Random(check_int("seed", seed, low=0))

    def get_json(self, path: str, params: dict | None = None) -> dict:
        """GET ``path`` and decode JSON, retrying 429/5xx/no answer; else ApiError.

        ``path`` may be an absolute URL only on the client's origin (:meth:`resolve`).
        """
        url = self.resolve(path)
        if params:
            url += ("&" if "?" in url else "?") + urlencode(params)
        for attempt in range(self.policy.max_retries + 1):
            status, head, body = self._request(url, {"X-API-Key": self.api_key})
            if status == 200:
                try:
                    return json.loads(body)
                except json.JSONDecodeError as exc:
                    raise ApiError(status, url, f"invalid JSON: {exc}") from None
            message = _error_message(body)
            if status is not None and status not in RETRYABLE:
                raise ApiError(status, url, message)
            if attempt == self.policy.max_retries:
                break
            wait = self._retry_wait(url)  # set for a 429 that said how long
            self._pause(
                wait if wait is not None else self.policy.delay(attempt, self._rng)
            )
        raise ApiError(
            status, url, f"gave up after {self.policy.max_retries} retries: {message}"
        )

    def fetch_all(
        self,
        path: str,
        *,
        per_page: int = 20,
        max_pages: int = 1000,
        validate: Callable[[Any], CaptchaRecord] = validate_record,
    ) -> FetchResult:
        """Follow the ``next`` links from page 1; validate every record on the way.

        Records that fail ``validate`` (or repeat an id already kept) are set aside as
        :class:`RejectedRecord` with the reason; the rest are returned in order. A
        ``next`` link to another origin raises :class:`OriginError`.
        """
        per_page = check_int("per_page", per_page, low=1, high=1000)
        max_pages = check_int("max_pages", max_pages, low=1, high=100_000)
        if not callable(validate):
            raise TypeError("validate must be a callable: raw record -> CaptchaRecord")
        start, first_event, slept = self.clock(), len(self.events), self.slept
        kept: list[CaptchaRecord] = []
        rejected: list[RejectedRecord] = []
        seen: dict[int, int] = {}
        url: str | None = path + "?" + urlencode({"page": 1, "per_page": per_page})
        pages = 0
        while url is not None and pages < max_pages:
            payload = self.get_json(url)
            if not isinstance(payload, dict):
                raise ApiError(200, url, "a page must be a JSON object")
            pages += 1
            page = payload.get("page")  # the server's word, if it is a page number
            page = page if type(page) is int and page >= 1 else pages
            for pos, raw in enumerate(payload.get("records", [])):
                rid = raw.get("id") if isinstance(raw, dict) else None
                try:
                    rec = validate(raw)
                    if rec.id in seen:
                        raise RecordError(
                            f"duplicate id {rec.id} (first on page {seen[rec.id]})"
                        )
                except RecordError as exc:
                    rejected.append(RejectedRecord(page, pos, rid, str(exc), raw))
                    continue
                seen[rec.id] = page
                kept.append(rec)
            url = payload.get("next")
            if url is not None and not isinstance(url, str):
                raise ApiError(200, self.events[-1].url, f"bad next link {url!r}")
        events = self.events[first_event:]
        took = self.clock() - start
        return FetchResult(kept, rejected, pages, events, took, self.slept - slept)


def _origin(url: str) -> str:
    """``scheme://host:port`` of a URL, the port made explicit (http 80, https 443)."""
    parts = urlsplit(url)
    try:
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme, 0)
    except ValueError:  # not a number in 0..65535: never the client's (checked) port
        port = -1
    return f"{parts.scheme.lower()}://{(parts.hostname or '').lower()}:{port}"


def _error_message(body: str) -> str:
    try:
        return str(json.loads(body).get("error", body))
    except (json.JSONDecodeError, AttributeError):
        return body.strip()[:200]
