"""A real HTTP server on 127.0.0.1 for lesson 01: an official API and a small website.

The course-registration site of the workbook's running example, as a stdlib
``ThreadingHTTPServer`` in a background thread on an ephemeral port:

* ``GET /api/v1/captchas?page=&per_page=`` -- labelled captchas as JSON, paged. It wants
  an ``X-API-Key`` header (401 without, 403 when wrong), limits each key with a token
  bucket (429 with ``Retry-After``), answers the first request for some pages with a
  503 (seeded, so the same pages fail every run), and serves a few malformed records.
* ``/robots.txt``, ``/terms``, ``/stats?page=`` (a table spread over pages, linked by
  ``rel="next"``) and ``/students/`` (personal data that robots.txt disallows).

Malformed requests get a 4xx with a message that says what was expected. Use it as a
context manager, or ``start()`` / ``stop()``; stopping joins every thread it started.

>>> with AcquisitionServer() as server:
...     print(server.url)
http://127.0.0.1:53411
"""

from __future__ import annotations

import base64
import html
import json
import math
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pandas as pd

from helpers.acquire.captcha import CaptchaStyle, render_captchas

THREAD_PREFIX = "acquisition-"
API_PATH = "/api/v1/captchas"
MALFORMED_KINDS = (
    "text_letter",
    "text_short",
    "missing_pixels",
    "pixels_size",
    "bad_id",
    "duplicate_id",
)


@dataclass(frozen=True)
class ServerConfig:
    """What the server serves and how strict it is. Delays are tiny, so tests are fast.

    Parameters
    ----------
    n_records : captchas the API serves (``n_malformed`` of them broken on purpose).
    page_size, max_page_size : default and largest ``per_page``.
    api_key : the key clients must send in ``X-API-Key``.
    rate, burst : token bucket per API key: ``rate`` requests per second on average,
        at most ``burst`` at once; beyond it, 429 with ``Retry-After`` in seconds.
    fail_rate : share of pages whose first ``fail_times`` requests get a 503.
    n_days, table_rows : rows of the statistics table and rows per HTML page.
    html_rate, html_burst : the website's limit per User-Agent (robots.txt announces
        ``Request-rate: html_rate/1``).
    seed : seeds the captchas, the failing pages, the malformed records, the table.
    """

    n_records: int = 240
    page_size: int = 20
    max_page_size: int = 100
    api_key: str = "lesson01-demo-key"
    rate: float = 10.0
    burst: int = 5
    fail_rate: float = 0.2
    fail_times: int = 1
    n_malformed: int = 6
    n_days: int = 56
    table_rows: int = 14
    html_rate: int = 20
    html_burst: int = 4
    seed: int = 0

    def __post_init__(self) -> None:
        positive = ("n_records", "page_size", "max_page_size", "burst", "n_days")
        for name in (*positive, "table_rows", "html_rate", "html_burst"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be >= 1, got {getattr(self, name)}")
        if self.page_size > self.max_page_size:
            raise ValueError("page_size must be <= max_page_size")
        if self.rate <= 0:
            raise ValueError(f"rate must be > 0 requests/s, got {self.rate}")
        if not 0 <= self.fail_rate <= 1 or self.fail_times < 0:
            raise ValueError("fail_rate must be in [0, 1] and fail_times >= 0")
        if not 0 <= self.n_malformed <= min(len(MALFORMED_KINDS), self.n_records - 1):
            raise ValueError(
                f"n_malformed must be in 0..{len(MALFORMED_KINDS)} and below "
                f"n_records, got {self.n_malformed}"
            )
        if not self.api_key or not self.api_key.isprintable():
            raise ValueError("api_key must be a non-empty printable string")

    @property
    def robots_txt(self) -> str:
        return (
            "User-agent: *\nDisallow: /students/\nDisallow: /admin/\n"
            f"Request-rate: {self.html_rate}/1\n\nUser-agent: BadBot\nDisallow: /\n"
        )


class TokenBucket:
    """``rate`` tokens per second, at most ``burst`` saved up; thread-safe."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate, self.burst = rate, burst
        self._tokens: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key: str, now: float) -> float:
        """Spend a token of ``key``: 0.0 if there was one, else seconds to wait."""
        with self._lock:
            tokens, last = self._tokens.get(key, (float(self.burst), now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self._tokens[key] = (tokens - 1.0, now)
                return 0.0
            self._tokens[key] = (tokens, now)
            return (1.0 - tokens) / self.rate


class _BadRequest(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


# ---------------------------------------------------------------- the site's content


def _captcha_records(cfg: ServerConfig) -> tuple[list[dict], dict[int, str], list[str]]:
    """The API's records, which positions are malformed (and how), the true texts."""
    batch = render_captchas(cfg.n_records, style=CaptchaStyle(), seed=cfg.seed + 101)
    pixels = np.rint(batch.images * 255).astype(np.uint8)  # (n, h, w)
    start = np.datetime64("2025-09-01T08:00:00")
    records = []
    for i in range(cfg.n_records):
        records.append(
            {
                "id": 1000 + i,
                "text": batch.texts[i],
                "height": int(pixels.shape[1]),
                "width": int(pixels.shape[2]),
                "pixels": base64.b64encode(pixels[i].tobytes()).decode("ascii"),
                "issued_at": str(start + np.timedelta64(97 * i, "s")),
            }
        )
    rng = np.random.default_rng(cfg.seed + 7)
    where = np.sort(rng.choice(np.arange(1, cfg.n_records), cfg.n_malformed, False))
    malformed = {}
    for pos, kind in zip(where.tolist(), MALFORMED_KINDS, strict=False):
        rec = records[pos]
        if kind == "text_letter":
            rec["text"] = rec["text"][:2] + "O" + rec["text"][3:]
        elif kind == "text_short":
            rec["text"] = rec["text"][:-1]
        elif kind == "missing_pixels":
            del rec["pixels"]
        elif kind == "pixels_size":
            rec["pixels"] = base64.b64encode(
                base64.b64decode(rec["pixels"])[:-88]
            ).decode()
        elif kind == "bad_id":
            rec["id"] = f"#{rec['id']}"
        else:  # duplicate_id: a second record claims an id already served
            rec["id"] = records[pos - 1]["id"]
        malformed[pos] = kind
    return records, malformed, batch.texts


def _stats_table(cfg: ServerConfig) -> pd.DataFrame:
    """Daily captcha statistics of the registration site (what the HTML pages show)."""
    rng = np.random.default_rng(cfg.seed + 3)
    days = pd.date_range("2025-08-25", periods=cfg.n_days, freq="D")
    peak = np.where(np.arange(cfg.n_days) < 7, 4.0, 1.0)  # registration week
    shown = rng.poisson(700 * peak)
    first_try = rng.binomial(shown, rng.uniform(0.86, 0.93, cfg.n_days))
    return pd.DataFrame(
        {
            "date": days.strftime("%Y-%m-%d"),
            "captchas_shown": shown,
            "solved_first_try": first_try,
            "median_seconds": np.round(rng.normal(9.0, 1.2, cfg.n_days), 1),
        }
    )


def _page(title: str, body: str) -> str:
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}"
        f"</title></head><body><h1>{html.escape(title)}</h1>{body}</body></html>"
    )


def _table_html(frame: pd.DataFrame, table_id: str) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return (
        f"<table id='{table_id}'><thead><tr>{head}</tr></thead><tbody>{rows}</tbody>"
        "</table>"
    )


TERMS = (
    "<p>Public pages (the home page, /terms, /stats) may be read by automated "
    "clients that identify themselves in the User-Agent header and respect "
    "robots.txt, including its request rate.</p><p>Pages under /students/ and /admin/ "
    "hold personal data and may not be collected by automated means.</p><p>Bulk "
    "captcha data is available only through the official API, with a key.</p>"
)


# ------------------------------------------------------------------------ the server


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    timeout = 5  # seconds a silent client may hold a connection
    server_version = "RegistrationSite/1.0"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # the server keeps its own log (AcquisitionServer.request_log)

    def handle(self) -> None:
        threading.current_thread().name = f"{THREAD_PREFIX}request"
        super().handle()

    def _send(self, status: int, body: str, ctype: str, headers: dict) -> None:
        # Log first: a client that has its answer must find it in the log.
        self.server.site.record(self.command, self.path, status, self.headers)
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", f"{ctype}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def _json(self, status: int, payload: dict, **headers: str) -> None:
        self._send(status, json.dumps(payload), "application/json", headers)

    def do_GET(self) -> None:  # noqa: N802 - the name http.server dispatches to
        site = self.server.site
        parts = urlsplit(self.path)
        try:
            params = _query(parts.query)
            if parts.path.startswith("/api/"):
                status, payload, headers = site.api(parts.path, params, self.headers)
                self._json(status, payload, **headers)
            else:
                status, body, ctype, headers = site.web(
                    parts.path, params, self.headers
                )
                self._send(status, body, ctype, headers)
        except _BadRequest as exc:
            if parts.path.startswith("/api/"):
                self._json(exc.status, {"error": str(exc)})
            else:
                self._send(exc.status, f"{exc.status} {exc}\n", "text/plain", {})

    def _not_allowed(self) -> None:
        self._json(
            405, {"error": f"method {self.command} not allowed; use GET"}, Allow="GET"
        )

    do_POST = do_PUT = do_DELETE = do_PATCH = _not_allowed  # noqa: N815


def _query(query: str) -> dict[str, str]:
    try:
        raw = parse_qs(query, keep_blank_values=True, strict_parsing=bool(query))
    except ValueError:
        raise _BadRequest(400, f"malformed query string {query!r}") from None
    for name, values in raw.items():
        if len(values) > 1:
            raise _BadRequest(400, f"parameter {name!r} given {len(values)} times")
    return {name: values[0] for name, values in raw.items()}


def _int_param(params: dict[str, str], name: str, default: int, hi: int) -> int:
    raw = params.get(name, str(default))
    if not raw.isdigit() or not 1 <= int(raw) <= hi:
        raise _BadRequest(400, f"{name} must be an integer in 1..{hi}, got {raw!r}")
    return int(raw)


def _check_names(params: dict[str, str], allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(params) - set(allowed))
    if unknown:
        raise _BadRequest(400, f"unknown parameter(s) {unknown}; expected {allowed}")


class _Site:
    """The server's state: content, rate limiters, failure counters, request log."""

    def __init__(self, cfg: ServerConfig) -> None:
        self.cfg = cfg
        self.records, self.malformed, self.texts = _captcha_records(cfg)
        self.stats = _stats_table(cfg)
        self.api_bucket = TokenBucket(cfg.rate, cfg.burst)
        self.web_bucket = TokenBucket(cfg.html_rate, cfg.html_burst)
        self.started = time.monotonic()
        self._lock = threading.Lock()
        self._failures: dict[tuple[int, int], int] = {}
        self.log: list[dict] = []

    def record(self, method: str, path: str, status: int, headers) -> None:
        with self._lock:
            self.log.append(
                {
                    "t": time.monotonic() - self.started,
                    "method": method,
                    "path": path,
                    "status": status,
                    "user_agent": headers.get("User-Agent", ""),
                }
            )

    def _fails(self, page: int, per_page: int) -> bool:
        """Seeded: the same pages fail their first ``fail_times`` requests every run."""
        draw = np.random.default_rng([self.cfg.seed, page, per_page]).random()
        if draw >= self.cfg.fail_rate:
            return False
        with self._lock:
            seen = self._failures.get((page, per_page), 0)
            self._failures[page, per_page] = seen + 1
        return seen < self.cfg.fail_times

    def api(self, path: str, params: dict, headers) -> tuple[int, dict, dict]:
        cfg = self.cfg
        if path.rstrip("/") != API_PATH:
            raise _BadRequest(404, f"no endpoint {path!r}; the API serves {API_PATH}")
        key = headers.get("X-API-Key")
        if key is None:
            return 401, {"error": "missing X-API-Key header"}, {}
        if key != cfg.api_key:
            return 403, {"error": "invalid API key"}, {}
        wait = self.api_bucket.take(key, time.monotonic())
        if wait > 0:
            wait = math.ceil(wait * 100) / 100  # whole hundredths, rounded up
            message = f"rate limit: {cfg.rate:g} requests/s, burst {cfg.burst}"
            return 429, {"error": message}, {"Retry-After": f"{wait:.2f}"}
        _check_names(params, ("page", "per_page"))
        per_page = _int_param(params, "per_page", cfg.page_size, cfg.max_page_size)
        pages = math.ceil(cfg.n_records / per_page)
        page = _int_param(params, "page", 1, 10**6)
        if page > pages:
            raise _BadRequest(404, f"page {page} does not exist; there are {pages}")
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

    def web(self, path: str, params: dict, headers) -> tuple[int, str, str, dict]:
        cfg = self.cfg
        agent = headers.get("User-Agent", "")
        wait = self.web_bucket.take(agent, time.monotonic())
        if wait > 0:
            retry = {"Retry-After": f"{math.ceil(wait * 100) / 100:.2f}"}
            return 429, "429 too many requests; slow down\n", "text/plain", retry
        if path == "/robots.txt":
            return 200, cfg.robots_txt, "text/plain", {}
        _check_names(params, ("page",) if path == "/stats" else ())
        if path == "/":
            links = "".join(
                f"<li><a href='{p}'>{p}</a></li>" for p in ("/terms", "/stats")
            )
            return (
                200,
                _page("Course registration", f"<ul>{links}</ul>"),
                "text/html",
                {},
            )
        if path == "/terms":
            return 200, _page("Terms of use", TERMS), "text/html", {}
        if path == "/stats":
            pages = math.ceil(len(self.stats) / cfg.table_rows)
            page = _int_param(params, "page", 1, 10**6)
            if page > pages:
                raise _BadRequest(404, f"page {page} does not exist; there are {pages}")
            rows = self.stats.iloc[(page - 1) * cfg.table_rows : page * cfg.table_rows]
            nav = "".join(
                f"<a rel='{rel}' href='/stats?page={p}'>{rel}</a> "
                for rel, p in (("prev", page - 1), ("next", page + 1))
                if 1 <= p <= pages
            )
            body = f"<p>Page {page} of {pages}.</p>{_table_html(rows, 'stats')}{nav}"
            return 200, _page("Captcha statistics", body), "text/html", {}
        if path.startswith("/students"):
            people = pd.DataFrame(
                {"name": ["A. Student", "B. Student"], "student_id": [2031, 2032]}
            )
            return (
                200,
                _page("Students", _table_html(people, "people")),
                "text/html",
                {},
            )
        raise _BadRequest(404, f"no page {path!r}")


class _Server(ThreadingHTTPServer):
    daemon_threads = False  # server_close() then joins every request thread
    block_on_close = True
    site: _Site


class AcquisitionServer:
    """The registration site, served on ``127.0.0.1`` at an ephemeral port.

    Use ``with AcquisitionServer() as server:``, or ``start()`` and ``stop()``.
    ``records``, ``malformed`` and ``stats`` are the ground truth, so tests and the
    lesson can check what a client collected.
    """

    def __init__(self, config: ServerConfig | None = None) -> None:
        self.config = config or ServerConfig()
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None
        self._site: _Site | None = None

    def start(self) -> AcquisitionServer:
        """Bind a free port, start serving in a background thread; returns self."""
        if self.running:
            raise ValueError(f"the server is already running at {self.url}")
        self._site = _Site(self.config)
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.site = self._site
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"{THREAD_PREFIX}server-{self.port}",
            daemon=True,  # never keeps Python alive if someone forgets stop()
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, close the socket, join every thread; safe to call twice."""
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()  # joins the request threads
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def reset(self) -> None:
        """Forget rate-limit tokens, failed pages and the request log (same content),
        so a second experiment meets the server the first one met."""
        site = self._state()
        with site._lock:
            site.api_bucket = TokenBucket(self.config.rate, self.config.burst)
            site.web_bucket = TokenBucket(self.config.html_rate, self.config.html_burst)
            site._failures.clear()
            site.log.clear()
            site.started = time.monotonic()

    def __enter__(self) -> AcquisitionServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise ValueError("the server is not running; call start() first")
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _state(self) -> _Site:
        if self._site is None:
            raise ValueError("the server has not been started yet")
        return self._site

    @property
    def records(self) -> list[dict]:
        """Every record the API serves, malformed ones included (copies)."""
        return json.loads(json.dumps(self._state().records))

    @property
    def texts(self) -> list[str]:
        """The true text of every captcha, by position."""
        return list(self._state().texts)

    @property
    def malformed(self) -> dict[int, str]:
        """``{position: kind}`` of the records broken on purpose."""
        return dict(self._state().malformed)

    @property
    def stats(self) -> pd.DataFrame:
        """The statistics table the HTML pages show."""
        return self._state().stats.copy()

    def request_log(self) -> pd.DataFrame:
        """Every request answered so far: time (s), method, path, status, User-Agent."""
        site = self._state()
        with site._lock:
            rows = list(site.log)
        columns = ["t", "method", "path", "status", "user_agent"]
        return pd.DataFrame(rows, columns=columns)


def server_threads() -> list[threading.Thread]:
    """Live threads started by any :class:`AcquisitionServer` (empty after stop())."""
    return [
        t
        for t in threading.enumerate()
        if t.name.startswith(THREAD_PREFIX) and t.is_alive()
    ]
