"""The HTTP side of lesson 01's server: sockets, threads, and hostile clients.

:class:`HttpServer` is a stdlib ``ThreadingHTTPServer`` on ``127.0.0.1`` that hands
each connection to :class:`Handler` in a daemon thread named ``acquisition-request``.
The handler turns a GET into a call of :class:`~helpers.acquire.site_routes.Site` and
sends its answer. What it does about clients that misbehave:

* a request target that is not a path (``http://host/x``, ``*``) -> 400;
* another method than GET (HEAD and OPTIONS included) -> 405 with ``Allow: GET``; a
  method HTTP does not know -> 501; a request line over 64 KiB -> 414; a garbled one
  -> 400 (the standard library's checks);
* an exception in the site's code -> 500 with a message; the server keeps serving and
  notes the error (``Site.errors``) instead of printing a traceback;
* every socket operation times out after ``request_timeout`` seconds, and
  :meth:`HttpServer.hang_up_late` cuts any connection older than that, so a client
  that trickles a byte at a time cannot hold a thread for long;
* at most ``max_connections`` at once; more get a 503 straight away;
* :meth:`HttpServer.end_all` cuts every connection and joins every thread by a
  deadline, which is what makes ``AcquisitionServer.stop()`` bounded.
"""

from __future__ import annotations

import json
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from helpers.acquire.site_routes import BadRequest, Site, parse_query, split_target

THREAD_PREFIX = "acquisition-"
"""Every thread the server starts has a name that begins with this."""


class Handler(BaseHTTPRequestHandler):
    """One connection (HTTP/1.0: one request). GET only; everything else refused."""

    server: HttpServer
    server_version = "RegistrationSite/1.0"
    default_request_version = "HTTP/1.0"  # even an answer to garbage has a status line
    _started = False  # True once the status line is out: too late for a 500

    def setup(self) -> None:
        self.timeout = self.server.site.cfg.request_timeout  # per socket operation
        super().setup()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # the site keeps its own log (AcquisitionServer.request_log)

    def _record(self, status: int) -> None:
        headers = getattr(self, "headers", None)
        agent = headers.get("User-Agent", "") if headers is not None else ""
        method = getattr(self, "command", None) or ""
        self.server.site.record(method, getattr(self, "path", ""), status, agent)

    def send_error(self, code: int, message: str | None = None, explain=None) -> None:
        # What the standard library refuses itself: 400, 414, 431, 501...
        self._record(code)
        self._started = True
        super().send_error(code, message, explain)

    def _send(self, status: int, body: str, ctype: str, headers: dict) -> None:
        self._record(status)  # first: a client that has its answer finds it logged
        data = body.encode("utf-8")
        self._started = True
        self.send_response(status)
        self.send_header("Content-Type", f"{ctype}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":  # an answer to HEAD has headers only
            self.wfile.write(data)

    def _error(self, status: int, message: str, **headers: str) -> None:
        if self.path.startswith("/api/"):
            body = json.dumps({"error": message})
            self._send(status, body, "application/json", headers)
        else:
            self._send(status, f"{status} {message}\n", "text/plain", headers)

    def do_GET(self) -> None:  # noqa: N802 - the name http.server dispatches to
        site = self.server.site
        try:
            path, query = split_target(self.path)
            params = parse_query(query)
            if path.startswith("/api/"):
                key = self.headers.get("X-API-Key")
                status, payload, headers = site.api(path, params, key)
                self._send(status, json.dumps(payload), "application/json", headers)
            else:
                self._send(*site.web(path, params, self.client_address[0]))
        except BadRequest as exc:
            self._error(exc.status, str(exc))
        except Exception as exc:  # a bug must cost one answer, not the server
            site.note_error(exc)
            if self._started:
                self.close_connection = True
            else:
                self._error(500, f"internal error ({type(exc).__name__}); try again")

    def _not_allowed(self) -> None:
        self._error(405, f"method {self.command} not allowed; use GET", Allow="GET")

    do_POST = do_PUT = do_DELETE = do_PATCH = _not_allowed  # noqa: N815
    do_HEAD = do_OPTIONS = _not_allowed  # noqa: N815


class HttpServer(ThreadingHTTPServer):
    """Tracks its connections and request threads, so they can all be ended."""

    daemon_threads = True  # a stuck thread never keeps Python alive
    block_on_close = False  # end_all() joins the threads, with a deadline
    timeout = 0.05  # handle_request() waits at most this long for a connection

    def __init__(self, site: Site) -> None:
        if not isinstance(site, Site):  # checked before the socket is bound
            raise TypeError(f"site must be a Site, got {type(site).__name__}")
        super().__init__(("127.0.0.1", 0), Handler)
        self.site = site
        self._conns: dict[socket.socket, float] = {}  # open connection -> accepted at
        self._workers: set[threading.Thread] = set()
        self._guard = threading.Lock()

    def process_request(self, request, client_address) -> None:
        with self._guard:
            self._workers = {t for t in self._workers if t.is_alive()}
            busy = len(self._conns) >= self.site.cfg.max_connections
            if not busy:
                self._conns[request] = time.monotonic()
        if busy:
            _refuse_busy(request)
            _linger(request)
            self.close_request(request)
            return
        worker = threading.Thread(
            target=self.process_request_thread,
            args=(request, client_address),
            name=f"{THREAD_PREFIX}request",
            daemon=True,
        )
        with self._guard:
            self._workers.add(worker)
        worker.start()

    def shutdown_request(self, request) -> None:
        with self._guard:
            self._conns.pop(request, None)
        _linger(request)
        self.close_request(request)

    def handle_error(self, request, client_address) -> None:
        # A client that vanished mid-answer, a socket error: noted, never printed.
        self.site.note_error(sys.exc_info()[1] or RuntimeError("unknown error"))

    def open_connections(self) -> int:
        """Connections being served right now."""
        with self._guard:
            return len(self._conns)

    def hang_up_late(self) -> None:
        """Cut connections older than ``request_timeout`` (slow or silent clients)."""
        oldest = time.monotonic() - self.site.cfg.request_timeout
        with self._guard:
            late = [conn for conn, t0 in self._conns.items() if t0 < oldest]
        for conn in late:
            _hang_up(conn)

    def end_all(self, deadline: float) -> None:
        """Cut every open connection; join the request threads until ``deadline``
        (a ``time.monotonic()`` value)."""
        with self._guard:
            conns, workers = list(self._conns), list(self._workers)
        for conn in conns:
            _hang_up(conn)
        for worker in workers:
            worker.join(max(0.0, deadline - time.monotonic()))


def _hang_up(conn: socket.socket) -> None:
    """Wake whatever waits on ``conn``; its thread then closes it."""
    try:
        conn.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # its thread closed it already


def _linger(conn: socket.socket, seconds: float = 0.2) -> None:
    """Say we are done (FIN), then read what the client still sends for a moment.

    Closing a socket with unread data sends a reset, which can destroy our answer
    before the client reads it (e.g. a 414 to a client still sending its long line).
    """
    end = time.monotonic() + seconds
    try:
        conn.shutdown(socket.SHUT_WR)
        while (left := end - time.monotonic()) > 0:
            conn.settimeout(left)
            if not conn.recv(65536):
                break  # the client closed too
    except OSError:
        pass  # reset, timed out, or closed already


def _refuse_busy(conn: socket.socket) -> None:
    body = b"503 too many connections; try again\n"
    head = (
        "HTTP/1.0 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
        f"Content-Length: {len(body)}\r\nRetry-After: 1\r\n\r\n"
    )
    try:
        conn.settimeout(0.1)
        conn.sendall(head.encode("ascii") + body)
    except OSError:
        pass
