"""Start and stop the model service in a background process on 127.0.0.1.

>>> # with ModelServer("model.onnx") as server:   # a free port, waits for /health
>>> #     httpx.get(f"{server.url}/version").json()
>>> # stopped here, even when the block raised

:class:`ModelServer` runs ``python -m helpers.deploy.serve`` in its own process group
on a free port, waits until ``/health`` answers, and stops it with SIGTERM to the
group (SIGKILL after ``stop_timeout`` seconds). Three things make sure no server
outlives its lesson: the ``with`` block (or an explicit :meth:`~ModelServer.stop`),
an ``atexit`` hook that stops every server still running when Python exits, and the
server's own watch on its parent process (a kernel that is killed outright).

A missing model file raises :class:`~helpers.deploy.runtime.MissingFile` (a
``FileNotFoundError``) before anything starts; a server
that exits during start-up raises ``RuntimeError`` with the end of its log; one that
does not answer within ``startup_timeout`` seconds is killed and raises
``TimeoutError``. Nothing waits without a time limit.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from helpers.core import config
from helpers.core.validation import check_int, check_real
from helpers.deploy.runtime import existing_file

DEFAULT_MODULE = "helpers.deploy.serve"
"""The server module :class:`ModelServer` runs unless told otherwise."""
_LIVE: set[ModelServer] = set()
_LIVE_LOCK = threading.Lock()
_HOOKED = False


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_is_open(port: int, *, timeout: float = 0.5) -> bool:
    """Whether something accepts TCP connections on 127.0.0.1:``port``."""
    port = check_int("port", port, low=1, high=65535)
    timeout = check_real("timeout", timeout, low=0.0, open_low=True, high=60.0)
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout):
            return True
    except OSError:
        return False


def stop_all() -> int:
    """Stop every server this process started and has not stopped; returns how many
    (the ``atexit`` hook)."""
    with _LIVE_LOCK:
        servers = list(_LIVE)
    for server in servers:
        server.stop()
    return len(servers)


def _register(server: ModelServer) -> None:
    global _HOOKED
    with _LIVE_LOCK:
        _LIVE.add(server)
        if not _HOOKED:
            atexit.register(stop_all)
            _HOOKED = True


class ModelServer:
    """The model service for ``model_path``, run by a background process.

    Parameters
    ----------
    model_path : the ONNX file to serve.
    name, precision : what ``/version`` reports.
    log_path : the SQLite prediction log the server appends to (None: no log).
    max_batch : the largest batch ``/predict`` accepts.
    startup_timeout : seconds to wait for ``/health`` before giving up.
    stop_timeout : seconds between SIGTERM and SIGKILL when stopping.
    module : the server module run with ``python -m`` (default: the digits service).
        Another module gets ``--port`` and ``--parent-pid`` and then ``args``;
        ``model_path`` may then be None (the module finds its own model).
    args : extra command-line arguments for ``module``.
    """

    def __init__(
        self,
        model_path: str | Path,
        *,
        name: str = "digits-mlp",
        precision: str = "fp32",
        log_path: str | Path | None = None,
        max_batch: int = 256,
        startup_timeout: float = 60.0,
        stop_timeout: float = 5.0,
        module: str = DEFAULT_MODULE,
        args: tuple[str, ...] | list[str] = (),
    ) -> None:
        if not isinstance(module, str) or not module.startswith("helpers."):
            raise ValueError(f"module must be a helpers module, got {module!r}")
        if isinstance(args, str) or not isinstance(args, tuple | list):
            raise TypeError("args must be a list of strings")
        if not all(isinstance(a, str) for a in args):
            raise TypeError("args must hold strings only")
        self.module, self.args = module, tuple(args)
        if model_path is None and module != DEFAULT_MODULE:
            self.model_path = None
        else:
            self.model_path = existing_file(model_path, what="model file")
        for label, text in (("name", name), ("precision", precision)):
            if not isinstance(text, str) or not text.strip():
                raise TypeError(f"{label} must be a non-empty string, got {text!r}")
        self.name, self.precision = name, precision
        if log_path is not None and not isinstance(log_path, str | Path):
            raise TypeError(f"log_path must be a path or None, got {log_path!r}")
        self.log_path = Path(log_path) if log_path is not None else None
        self.max_batch = check_int("max_batch", max_batch, low=1, high=10_000)
        self.startup_timeout = check_real(
            "startup_timeout", startup_timeout, low=0.0, open_low=True, high=600.0
        )
        self.stop_timeout = check_real(
            "stop_timeout", stop_timeout, low=0.0, open_low=True, high=60.0
        )
        self.port: int | None = None
        self.process: subprocess.Popen | None = None
        self.startup_seconds: float | None = None
        self._output: tempfile._TemporaryFileWrapper | None = None

    # ------------------------------------------------------------------ life cycle

    @property
    def url(self) -> str:
        if self.port is None:
            raise RuntimeError("the server has not been started")
        return f"http://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> ModelServer:
        """Start the process and wait for ``/health``; returns ``self``."""
        if self.running:
            raise RuntimeError(f"the server is already running at {self.url}")
        if self.model_path is not None:
            existing_file(self.model_path, what="model file")  # still there?
        began = time.perf_counter()
        for attempt in range(3):  # another process may take the free port first
            self._spawn(free_port())
            try:
                self._wait_until_healthy(began)
            except RuntimeError as exc:
                if "address already in use" in str(exc) and attempt < 2:
                    continue
                raise
            break
        self.startup_seconds = time.perf_counter() - began
        return self

    def _spawn(self, port: int) -> None:
        self.port = port
        self._output = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed in stop
            prefix="workbook-server-", suffix=".log", delete=False
        )
        if self.module != DEFAULT_MODULE:
            command = [sys.executable, "-m", self.module, "--port", str(port)]
            command += ["--parent-pid", str(os.getpid()), *self.args]
            self._popen(command)
            return
        command = [sys.executable, "-m", "helpers.deploy.serve"]
        command += ["--model", str(self.model_path), "--port", str(port)]
        command += ["--name", self.name, "--precision", self.precision]
        command += [
            "--max-batch",
            str(self.max_batch),
            "--parent-pid",
            str(os.getpid()),
        ]
        if self.log_path is not None:
            command += ["--log", str(self.log_path)]
        self._popen(command)

    def _popen(self, command: list[str]) -> None:
        env = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
        env["PYTHONPATH"] = os.pathsep.join(
            [str(config.ROOT)] + [p for p in [env.get("PYTHONPATH")] if p]
        )
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=self._output,
            stderr=subprocess.STDOUT,
            cwd=config.ROOT,
            env=env,
            start_new_session=True,  # its own process group: stopped as one
        )
        _register(self)

    def _wait_until_healthy(self, began: float) -> None:
        deadline = began + self.startup_timeout
        with httpx.Client(timeout=1.0) as client:
            while True:
                code = self.process.poll()
                if code is not None:
                    tail = self.output()[-600:]
                    self._cleanup()
                    raise RuntimeError(
                        f"the model server exited with code {code} during start-up:"
                        f"\n{tail}"
                    )
                with contextlib.suppress(httpx.HTTPError):
                    if client.get(f"{self.url}/health").status_code == 200:
                        return
                if time.perf_counter() > deadline:
                    self.stop()
                    raise TimeoutError(
                        f"the model server did not answer /health within "
                        f"{self.startup_timeout:g} s; it was stopped"
                    )
                time.sleep(0.05)

    def output(self) -> str:
        """What the server process printed so far (warnings, errors)."""
        if self._output is None:
            return ""
        try:
            return Path(self._output.name).read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def stop(self) -> None:
        """Stop the process group: SIGTERM, then SIGKILL after ``stop_timeout``.
        Safe to call twice, or on a server that never started."""
        process = self.process
        if process is not None and process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=self.stop_timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=self.stop_timeout)
        self._cleanup()

    def _cleanup(self) -> None:
        if self.process is not None and self.process.poll() is None:
            return
        with _LIVE_LOCK:
            _LIVE.discard(self)
        if self._output is not None:
            self._output.close()
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self._output.name)
            self._output = None

    def __enter__(self) -> ModelServer:
        return self.start() if not self.running else self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = self.url if self.port is not None else "not started"
        state = "running" if self.running else "stopped"
        what = self.model_path.name if self.model_path is not None else self.module
        return f"ModelServer({what}, {where}, {state})"
