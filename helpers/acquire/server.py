"""A real HTTP server on 127.0.0.1 for lesson 01: an official API and a small website.

The course-registration site of the workbook's running example, in a background thread
on an ephemeral port:

* ``GET /api/v1/captchas?page=&per_page=`` -- labelled captchas as JSON, paged. It wants
  an ``X-API-Key`` header (401 without, 403 when wrong), limits each key with a token
  bucket (429 with ``Retry-After``), answers the first request for some pages with a
  503 (seeded, so the same pages fail every run), and serves a few malformed records.
* ``/robots.txt``, ``/terms``, ``/stats?page=`` (a table spread over pages, linked by
  ``rel="next"``) and ``/students/`` (personal data that robots.txt disallows), rate
  limited per client address (changing the User-Agent does not get round it).

:class:`AcquisitionServer` starts and stops it. The parts: the settings
(:mod:`~helpers.acquire.server_config`), what is served
(:mod:`~helpers.acquire.site_content`), what each request gets
(:mod:`~helpers.acquire.site_routes`), and the sockets and threads, hardened against
hostile clients (:mod:`~helpers.acquire.server_http`). :meth:`AcquisitionServer.stop`
returns within :data:`STOP_SECONDS` whatever the clients do, every thread joined.

>>> with AcquisitionServer() as server:
...     print(server.url.startswith("http://127.0.0.1:"))
True
"""

from __future__ import annotations

import json
import threading
import time

import pandas as pd

from helpers.acquire.server_config import ServerConfig
from helpers.acquire.server_http import THREAD_PREFIX, HttpServer
from helpers.acquire.site_content import MALFORMED_KINDS
from helpers.acquire.site_routes import API_PATH, Site

__all__ = [
    "API_PATH",
    "MALFORMED_KINDS",
    "STOP_SECONDS",
    "THREAD_PREFIX",
    "AcquisitionServer",
    "ServerConfig",
    "server_threads",
]

STOP_SECONDS = 1.5
"""stop() returns within this many seconds, whatever the clients do."""


class AcquisitionServer:
    """The registration site, served on ``127.0.0.1`` at an ephemeral port.

    Use ``with AcquisitionServer() as server:``, or ``start()`` and ``stop()``.
    ``records``, ``malformed`` and ``stats`` are the ground truth, so tests and the
    lesson can check what a client collected.
    """

    def __init__(self, config: ServerConfig | None = None) -> None:
        if config is not None and not isinstance(config, ServerConfig):
            raise TypeError(f"config must be a ServerConfig, got {config!r}")
        self.config = config or ServerConfig()
        self._httpd: HttpServer | None = None
        self._thread: threading.Thread | None = None
        self._site: Site | None = None
        self._stopping = threading.Event()

    def start(self) -> AcquisitionServer:
        """Bind a free port, start serving in a background thread; returns self."""
        if self.running:
            raise ValueError(f"the server is already running at {self.url}")
        self._site = Site(self.config)
        self._httpd = HttpServer(self._site)
        self._stopping.clear()
        self._thread = threading.Thread(
            target=self._serve,
            args=(self._httpd,),
            name=f"{THREAD_PREFIX}server-{self.port}",
            daemon=True,  # never keeps Python alive if someone forgets stop()
        )
        self._thread.start()
        return self

    def _serve(self, httpd: HttpServer) -> None:
        # handle_request() waits at most httpd.timeout, so the stop flag is seen
        # within 50 ms; each pass also cuts connections past their time.
        while not self._stopping.is_set():
            httpd.handle_request()
            httpd.hang_up_late()

    def stop(self) -> None:
        """Stop serving, close the socket, cut every connection and join every thread
        within :data:`STOP_SECONDS`; safe to call twice."""
        deadline = time.monotonic() + STOP_SECONDS
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(max(0.0, deadline - 0.5 - time.monotonic()))
            self._thread = None
        if self._httpd is not None:
            self._httpd.server_close()  # no new connections from here on
            self._httpd.end_all(deadline)
            self._httpd = None

    def reset(self) -> None:
        """Forget rate-limit tokens, failed pages and the request log (same content),
        so a second experiment meets the server the first one met."""
        self._state().clear()

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

    def _state(self) -> Site:
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
        """The newest ``log_size`` requests answered: time (s), method, path, status,
        User-Agent (paths and User-Agents clipped to 200 characters)."""
        site = self._state()
        with site.lock:
            rows = list(site.log)
        columns = ["t", "method", "path", "status", "user_agent"]
        return pd.DataFrame(rows, columns=columns)

    def errors(self) -> list[str]:
        """The newest unexpected errors (a bug in a handler, a client that vanished
        mid-answer), as ``"Type: message"``; each cost one answer, not the server."""
        site = self._state()
        with site.lock:
            return list(site.errors)


def server_threads() -> list[threading.Thread]:
    """Live threads started by any :class:`AcquisitionServer` (empty after stop())."""
    return [
        t
        for t in threading.enumerate()
        if t.name.startswith(THREAD_PREFIX) and t.is_alive()
    ]
