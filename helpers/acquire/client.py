"""Data acquisition through an official API (lesson 01).

* :class:`ApiClient` pages through a JSON API, retries 429 and 5xx answers with
  exponential backoff, honours ``Retry-After``, and validates every record. A bad
  record is set aside with the reason (:class:`RejectedRecord`), never dropped silently.
* The polite scraper lives in :mod:`helpers.acquire.scraping` and the SQLite store
  in :mod:`helpers.acquire.storage`; both build on the errors and the HTTP layer
  defined here.

``sleep`` and ``clock`` are injectable everywhere, so tests never wait for real.
"""

from __future__ import annotations

import base64
import binascii
import email.utils
import json
import random
import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

import numpy as np
from matplotlib.axes import Axes

from helpers.ui.plots import color_for, label_axes, new_ax

USER_AGENT = "WorkbookCaptchaBot/1.0 (lesson 01; contact: course-staff@example.edu)"
RETRYABLE = frozenset({429, 500, 502, 503, 504})


class ApiError(RuntimeError):
    """An answer the client cannot use: a 4xx, or retries exhausted."""

    def __init__(self, status: int | None, url: str, message: str) -> None:
        super().__init__(f"{status or 'no answer'} from {url}: {message}")
        self.status, self.url, self.message = status, url, message


class RecordError(ValueError):
    """A record failed validation; the message says which field and why."""


class RobotsDisallowed(PermissionError):
    """robots.txt does not allow this User-Agent to fetch this path."""


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff: wait ``base * factor**attempt`` (at most ``cap``) seconds,
    plus up to ``jitter`` of it at random; give up after ``max_retries`` retries."""

    max_retries: int = 5
    base: float = 0.05
    factor: float = 2.0
    cap: float = 2.0
    jitter: float = 0.1

    def __post_init__(self) -> None:
        if self.max_retries < 0 or self.base < 0 or self.factor < 1 or self.cap < 0:
            raise ValueError(
                "need max_retries >= 0, base >= 0, factor >= 1 and cap >= 0, got "
                f"{self}"
            )
        if not 0 <= self.jitter <= 1:
            raise ValueError(f"jitter must be in [0, 1], got {self.jitter}")

    def delay(self, attempt: int, rng: random.Random) -> float:
        """Seconds to wait before retry number ``attempt`` (0 for the first retry)."""
        wait = min(self.cap, self.base * self.factor**attempt)
        return wait * (1 + self.jitter * rng.random())


def parse_retry_after(
    value: str | None, *, now: datetime | None = None
) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: a number or an HTTP date.

    Returns None when the header is absent or unreadable (then backoff decides).
    """
    if value is None or not value.strip():
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        now = now or datetime.now(UTC)
        return max(0.0, (when - now).total_seconds())
    return seconds if seconds >= 0 and np.isfinite(seconds) else None


@dataclass(frozen=True)
class RequestEvent:
    """One HTTP exchange: when (s since the client started), what, and the answer."""

    t: float
    url: str
    status: int | None
    retry_after: float | None = None


@dataclass(frozen=True)
class CaptchaRecord:
    """A validated record of the captcha API."""

    id: int
    text: str
    image: np.ndarray  # (height, width) uint8
    issued_at: str


@dataclass(frozen=True)
class RejectedRecord:
    """A record set aside: where it was, what it claimed to be, and why it failed."""

    page: int
    position: int
    record_id: Any
    reason: str
    raw: dict = field(repr=False)

    def __str__(self) -> str:
        return (
            f"page {self.page}, position {self.position} (id {self.record_id!r}): "
            f"{self.reason}"
        )


def validate_record(raw: Any, *, n_digits: int = 4) -> CaptchaRecord:
    """Check one API record and decode its image; raise :class:`RecordError` if bad."""
    if not isinstance(raw, dict):
        raise RecordError(f"record must be a JSON object, got {type(raw).__name__}")
    missing = [k for k in ("id", "text", "height", "width", "pixels") if k not in raw]
    if missing:
        raise RecordError(f"missing field(s) {missing}")
    rid, text = raw["id"], raw["text"]
    if isinstance(rid, bool) or not isinstance(rid, int) or rid < 0:
        raise RecordError(f"id must be a non-negative integer, got {rid!r}")
    if not isinstance(text, str) or len(text) != n_digits or not text.isdigit():
        raise RecordError(f"text must be {n_digits} digits, got {text!r}")
    h, w = raw["height"], raw["width"]
    if not all(isinstance(v, int) and 0 < v <= 1000 for v in (h, w)):
        raise RecordError(f"height and width must be integers in 1..1000, got {h}, {w}")
    try:
        pixels = base64.b64decode(raw["pixels"], validate=True)
    except (binascii.Error, TypeError, ValueError) as exc:
        raise RecordError(f"pixels must be base64 text: {exc}") from None
    if len(pixels) != h * w:
        raise RecordError(f"pixels hold {len(pixels)} bytes, expected {h}x{w}={h * w}")
    image = np.frombuffer(pixels, dtype=np.uint8).reshape(h, w)
    return CaptchaRecord(rid, text, image, str(raw.get("issued_at", "")))


@dataclass
class FetchResult:
    """What :meth:`ApiClient.fetch_all` collected, and how."""

    records: list[CaptchaRecord]
    rejected: list[RejectedRecord]
    pages: int
    events: list[RequestEvent]
    seconds: float
    slept: float

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
    an injectable clock and sleep, and an optional minimum gap between requests."""

    def __init__(
        self,
        base_url: str,
        *,
        user_agent: str,
        min_interval: float,
        timeout: float,
        sleep: Callable[[float], None],
        clock: Callable[[], float],
    ) -> None:
        if urlsplit(base_url).scheme not in {"http", "https"}:
            raise ValueError(
                f"base_url must start with http:// or https://, got {base_url!r}"
            )
        if min_interval < 0 or timeout <= 0:
            raise ValueError("min_interval must be >= 0 and timeout > 0 seconds")
        if not user_agent or not user_agent.isprintable():
            raise ValueError("user_agent must say who you are (non-empty, printable)")
        self.base_url, self.user_agent = base_url.rstrip("/"), user_agent
        self.min_interval, self.timeout = float(min_interval), float(timeout)
        self.sleep, self.clock = sleep, clock
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        self._start = clock()
        self._last: float | None = None
        self.events: list[RequestEvent] = []
        self.slept = 0.0  # seconds spent waiting, all reasons together

    def _request(
        self, url: str, headers: dict[str, str]
    ) -> tuple[int | None, Any, str]:
        """One GET after waiting out ``min_interval``: (status, headers, body)."""
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
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        seed: int = 0,
    ) -> None:
        super().__init__(
            base_url,
            user_agent=user_agent,
            min_interval=min_interval,
            timeout=timeout,
            sleep=sleep,
            clock=clock,
        )
        self.api_key, self.policy = api_key, policy or RetryPolicy()
        self._rng = random.Random(seed)

    def get_json(self, path: str, params: dict | None = None) -> dict:
        """GET ``path`` and decode JSON, retrying 429/5xx/no answer; else ApiError."""
        url = urljoin(self.base_url + "/", path.lstrip("/"))
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
            wait = self.events[-1].retry_after  # set for a 429 that said how long
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
        :class:`RejectedRecord` with the reason; the rest are returned in order.
        """
        if not 1 <= per_page <= 1000 or max_pages < 1:
            raise ValueError(
                f"need per_page in 1..1000 and max_pages >= 1, got {per_page}"
            )
        start, first_event, slept = self.clock(), len(self.events), self.slept
        kept: list[CaptchaRecord] = []
        rejected: list[RejectedRecord] = []
        seen: dict[int, int] = {}
        url: str | None = path + "?" + urlencode({"page": 1, "per_page": per_page})
        pages = 0
        while url is not None and pages < max_pages:
            payload = self.get_json(url)
            pages += 1
            for pos, raw in enumerate(payload.get("records", [])):
                rid = raw.get("id") if isinstance(raw, dict) else None
                try:
                    rec = validate(raw)
                    if rec.id in seen:
                        raise RecordError(
                            f"duplicate id {rec.id} (first on page {seen[rec.id]})"
                        )
                except RecordError as exc:
                    rejected.append(
                        RejectedRecord(
                            payload.get("page", pages), pos, rid, str(exc), raw
                        )
                    )
                    continue
                seen[rec.id] = payload.get("page", pages)
                kept.append(rec)
            url = payload.get("next")
        events = self.events[first_event:]
        took = self.clock() - start
        return FetchResult(kept, rejected, pages, events, took, self.slept - slept)


def _error_message(body: str) -> str:
    try:
        return str(json.loads(body).get("error", body))
    except (json.JSONDecodeError, AttributeError):
        return body.strip()[:200]


# ------------------------------------------------------------------------ plotting


def plot_request_timeline(
    events: list[RequestEvent],
    *,
    ax: Axes | None = None,
    title: str = "What the client did",
) -> Axes:
    """Each request as a dot at its time, on a row for its answer (200, 429, 5xx...)."""
    if not events:
        raise ValueError("events must not be empty")
    ax = new_ax(ax, figsize=(8, 2.6))
    kinds = {
        200: ("200 ok", "correct"),
        429: ("429 rate limited", "validation"),
        None: ("no answer", "wrong"),
    }
    labels = []
    for status in sorted({e.status or 0 for e in events}):
        name, color = kinds.get(status or None, (f"{status} server error", "wrong"))
        ts = [e.t for e in events if (e.status or 0) == status]
        ax.plot(ts, [len(labels)] * len(ts), "|", ms=14, mew=2, color=color_for(color))
        labels.append(f"{name} ({len(ts)})")
    ax.set_yticks(range(len(labels)), labels)
    ax.set_ylim(-0.7, len(labels) - 0.3)
    return label_axes(
        ax, title=title, xlabel="time since the first request (s)", ylabel="answer"
    )
