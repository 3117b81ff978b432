"""What each request to lesson 01's site gets: exact routes, checked queries, limits.

:class:`Site` holds the server's state (the content of
:mod:`helpers.acquire.site_content`, the rate buckets of
:mod:`helpers.acquire.ratelimit`, which pages already failed, a bounded request log)
and answers a parsed request: :meth:`Site.api` for :data:`API_PATH`, :meth:`Site.web`
for :data:`WEB_PATHS`. It knows nothing of sockets; :mod:`helpers.acquire.server_http`
feeds it. Its rules:

* routes match exactly (``/studentsX`` and ``/students/../x`` are 404);
* a query number is 1 to :data:`MAX_DIGITS` ASCII digits ('²', '①' and a 4,301-digit
  number are a 400 with a message, never an exception);
* the website is rate limited per client address, not per User-Agent (which a client
  may change for free); the API per key;
* what it echoes of a request (paths, names, User-Agents) is clipped to :data:`CLIP`
  characters, in messages and in the log.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Mapping
from urllib.parse import parse_qs

import numpy as np

from helpers.acquire import site_content as content
from helpers.acquire.ratelimit import TokenBucket
from helpers.acquire.server_config import ServerConfig
from helpers.core.validation import check_int, check_real

API_PATH = "/api/v1/captchas"
WEB_PATHS = ("/", "/robots.txt", "/terms", "/stats", "/students/")
MAX_DIGITS = 6  # a query number is 1..6 ASCII digits
MAX_FIELDS = 8  # query parameters parsed at most
CLIP = 200  # characters of a path or User-Agent kept in the log and in messages

Answer = tuple[int, str, str, dict[str, str]]
"""``(status, body, content type, extra headers)``."""


class BadRequest(Exception):
    """A request the site refuses: ``status`` (4xx) and a message for the client."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def clip(text: str) -> str:
    """``text`` cut to :data:`CLIP` characters (saying how long it was)."""
    _check_str("text", text)
    return text if len(text) <= CLIP else f"{text[:CLIP]}… ({len(text)} characters)"


def split_target(target: str) -> tuple[str, str]:
    """``/path?query#fragment`` -> ``(path, query)``; BadRequest for anything else
    (an absolute URL, ``*``): this is a site, not a proxy."""
    _check_str("target", target)
    if not target.startswith("/"):
        raise BadRequest(
            400, f"the request target must be a path, got {clip(target)!r}"
        )
    path, _, query = target.partition("#")[0].partition("?")
    return path, query


def parse_query(query: str) -> dict[str, str]:
    """``a=1&b=2`` as a dict; BadRequest for a malformed string, too many fields or
    a repeated name."""
    _check_str("query", query)
    try:
        raw = parse_qs(
            query,
            keep_blank_values=True,
            strict_parsing=bool(query),
            max_num_fields=MAX_FIELDS,
        )
    except ValueError:
        raise BadRequest(400, f"malformed query string {clip(query)!r}") from None
    for name, values in raw.items():
        if len(values) > 1:
            raise BadRequest(400, f"parameter {clip(name)!r} given {len(values)} times")
    return {name: values[0] for name, values in raw.items()}


def int_param(params: Mapping[str, str], name: str, default: int, hi: int) -> int:
    """A query number: 1 to :data:`MAX_DIGITS` ASCII digits, in ``1..hi``.

    ``hi`` and ``default`` (in ``1..hi``) are the server's own settings: a bad one is a
    ValueError or TypeError; a bad number from the client is a :class:`BadRequest`.
    """
    hi = check_int("hi", hi, low=1, high=10**MAX_DIGITS - 1)
    default = check_int("default", default, low=1, high=hi)
    _check_str("name", name)
    raw = params.get(name)
    if raw is None:
        return default
    digits = 0 < len(raw) <= MAX_DIGITS and raw.isascii() and raw.isdigit()
    if not digits or not 1 <= int(raw) <= hi:
        raise BadRequest(
            400,
            f"{name} must be an integer in 1..{hi} (at most {MAX_DIGITS} ASCII "
            f"digits), got {clip(raw)!r}",
        )
    return int(raw)


def check_names(params: Mapping[str, str], allowed: tuple[str, ...]) -> None:
    """BadRequest naming the parameters not in ``allowed``."""
    if isinstance(allowed, str) or not all(isinstance(a, str) for a in allowed):
        raise TypeError(f"allowed must be a tuple of names, got {allowed!r}")
    unknown = sorted(clip(p) for p in set(params) - set(allowed))
    if unknown:
        raise BadRequest(400, f"unknown parameter(s) {unknown}; expected {allowed}")


def retry_after(wait: float) -> dict[str, str]:
    """The ``Retry-After`` header for ``wait`` seconds, in hundredths rounded up."""
    wait = check_real("wait", wait, low=0)
    return {"Retry-After": f"{math.ceil(wait * 100) / 100:.2f}"}


def _check_str(name: str, value: object) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {type(value).__name__}")


class Site:
    """The server's state: content, rate limiters, failure counters, request log."""

    def __init__(self, cfg: ServerConfig) -> None:
        if not isinstance(cfg, ServerConfig):
            raise TypeError(f"cfg must be a ServerConfig, got {cfg!r}")
        self.cfg = cfg
        self.records, self.malformed, self.texts = content.captcha_records(
            cfg.n_records, cfg.n_malformed, cfg.seed
        )
        self.stats = content.stats_table(cfg.n_days, cfg.seed)
        self.lock = threading.Lock()
        self.clear()

    def clear(self) -> None:
        """Fresh rate limits, failure counters and logs; the content stays."""
        cfg = self.cfg
        with self.lock:
            self.api_bucket = TokenBucket(cfg.rate, cfg.burst, max_keys=cfg.max_clients)
            self.web_bucket = TokenBucket(
                cfg.html_rate, cfg.html_burst, max_keys=cfg.max_clients
            )
            self.failures: dict[tuple[int, int], int] = {}
            self.log: deque[dict] = deque(maxlen=cfg.log_size)
            self.errors: deque[str] = deque(maxlen=100)
            self.started = time.monotonic()

    def record(self, method: str, path: str, status: int, user_agent: str) -> None:
        """Log one answer (the log keeps the newest ``log_size``)."""
        row = {
            "t": time.monotonic() - self.started,
            "method": method,
            "path": clip(path),
            "status": status,
            "user_agent": clip(user_agent),
        }
        with self.lock:
            self.log.append(row)

    def note_error(self, exc: BaseException) -> None:
        """Keep the newest 100 unexpected errors, as ``"Type: message"``."""
        with self.lock:
            self.errors.append(f"{type(exc).__name__}: {clip(str(exc))}")

    def _fails(self, page: int, per_page: int) -> bool:
        """Seeded: the same pages fail their first ``fail_times`` requests every run."""
        draw = np.random.default_rng([self.cfg.seed, page, per_page]).random()
        if draw >= self.cfg.fail_rate:
            return False
        with self.lock:  # bounded: page <= pages and per_page <= max_page_size
            seen = self.failures.get((page, per_page), 0)
            self.failures[page, per_page] = seen + 1
        return seen < self.cfg.fail_times

    def api(
        self, path: str, params: Mapping[str, str], api_key: str | None
    ) -> tuple[int, dict, dict[str, str]]:
        """``(status, JSON payload, headers)`` for a GET of the API."""
        cfg = self.cfg
        if path != API_PATH:
            raise BadRequest(404, f"no endpoint {clip(path)!r}; the API is {API_PATH}")
        if api_key is None:
            return 401, {"error": "missing X-API-Key header"}, {}
        if api_key != cfg.api_key:
            return 403, {"error": "invalid API key"}, {}
        wait = self.api_bucket.take(api_key, time.monotonic())
        if wait > 0:
            message = f"rate limit: {cfg.rate:g} requests/s, burst {cfg.burst}"
            return 429, {"error": message}, retry_after(wait)
        check_names(params, ("page", "per_page"))
        per_page = int_param(params, "per_page", cfg.page_size, cfg.max_page_size)
        pages = math.ceil(cfg.n_records / per_page)
        page = int_param(params, "page", 1, 10**MAX_DIGITS - 1)
        if page > pages:
            raise BadRequest(404, f"page {page} does not exist; there are {pages}")
        if self._fails(page, per_page):
            return 503, {"error": "temporarily unavailable, try again"}, {}
        nxt = (
            f"{API_PATH}?page={page + 1}&per_page={per_page}" if page < pages else None
        )
        body = {
            "page": page,
            "per_page": per_page,
            "pages": pages,
            "total": cfg.n_records,
            "next": nxt,
            "records": self.records[(page - 1) * per_page : page * per_page],
        }
        return 200, body, {}

    def web(self, path: str, params: Mapping[str, str], client: str) -> Answer:
        """The answer to a GET of the website from the address ``client``."""
        cfg = self.cfg
        # Keyed on the client's address: unlike a User-Agent, not free to change.
        wait = self.web_bucket.take(client, time.monotonic())
        if wait > 0:
            return (
                429,
                "429 too many requests; slow down\n",
                "text/plain",
                retry_after(wait),
            )
        if path not in WEB_PATHS:  # exact routes: no prefix matches, no '..'
            raise BadRequest(404, f"no page {clip(path)!r}")
        check_names(params, ("page",) if path == "/stats" else ())
        if path == "/robots.txt":
            return 200, cfg.robots_txt, "text/plain", {}
        if path == "/stats":
            pages = math.ceil(len(self.stats) / cfg.table_rows)
            page = int_param(params, "page", 1, 10**MAX_DIGITS - 1)
            if page > pages:
                raise BadRequest(404, f"page {page} does not exist; there are {pages}")
            rows = self.stats.iloc[(page - 1) * cfg.table_rows : page * cfg.table_rows]
            return 200, content.stats_page(rows, page, pages), "text/html", {}
        if path == "/terms":
            return 200, content.page("Terms of use", content.TERMS), "text/html", {}
        if path == "/students/":
            return 200, content.students_page(), "text/html", {}
        return 200, content.home_page(), "text/html", {}
