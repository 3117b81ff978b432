"""Settings and stand-ins shared by the tests that run lesson 01's real local server.

* :data:`EASY` -- config overrides that make the server fast and forgiving;
* :class:`Recorder` -- a stand-in for ``time.sleep``;
* :func:`raw_exchange` -- send raw bytes over a socket, read the answer (hostile
  clients speak no HTTP library);
* :class:`StubServer` -- a tiny HTTP server on 127.0.0.1 with canned answers, for what
  the lesson's server never does on its own (a ``next`` link to another origin, a
  ``Retry-After`` of a day); it records what it was sent.
"""

from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# Fast and forgiving unless a test asks otherwise: no failures, a large burst.
EASY = {"n_records": 45, "page_size": 10, "fail_rate": 0.0, "burst": 1000}


class Recorder:
    """A stand-in for time.sleep that records, and optionally really sleeps."""

    def __init__(self, real: bool = False) -> None:
        self.calls: list[float] = []
        self.real = real

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)
        if self.real:
            time.sleep(seconds)


def raw_exchange(port: int, data: bytes, *, timeout: float = 3.0) -> bytes:
    """Send ``data`` to 127.0.0.1:``port`` and read until the server closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(data)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def status_of(answer: bytes) -> int:
    """The status code of a raw HTTP answer (``HTTP/1.0 404 Not Found`` -> 404)."""
    return int(answer.split(b" ", 2)[1])


class StubServer:
    """Canned answers on 127.0.0.1: ``routes`` maps a path to ``(status, headers,
    body)``; ``{port}`` in a body or header is replaced by ``other_port``. Every
    request's path and headers (names in lower case) land in ``received``."""

    def __init__(
        self, routes: dict[str, tuple[int, dict, str]], other_port: int = 0
    ) -> None:
        self.received: list[tuple[str, dict]] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                headers = {k.lower(): v for k, v in self.headers.items()}
                stub.received.append((self.path, headers))
                path = self.path.split("?")[0]
                status, headers, body = routes.get(path, (404, {}, "not here"))
                data = body.replace("{port}", str(other_port)).encode()
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value.replace("{port}", str(other_port)))
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    def __enter__(self) -> StubServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=2)
