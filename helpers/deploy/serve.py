"""The server process: ``python -m helpers.deploy.serve --model m.onnx --port 8000``.

:class:`helpers.deploy.server.ModelServer` starts it in the background; it can also be
run by hand (the Dockerfile in ``deploy/`` does). It serves the app of
:mod:`helpers.deploy.app` with uvicorn on 127.0.0.1 (``--host`` to change it) and
exits by itself when the process that started it (``--parent-pid``) is gone, so a
crashed notebook kernel cannot leave a server behind.

Exit codes: 0 after a normal shutdown, 2 when the model file is missing or unreadable
(the message is on stderr).
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time

from helpers.core.validation import check_int, check_real


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Serve a digits ONNX model over HTTP")
    parser.add_argument("--model", required=True, help="path of the .onnx file")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--name", default="digits-mlp")
    parser.add_argument("--precision", default="fp32")
    parser.add_argument("--log", default=None, help="SQLite prediction log to append")
    parser.add_argument("--max-batch", type=int, default=256)
    parser.add_argument("--parent-pid", type=int, default=None)
    return parser.parse_args(argv)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def watch_parent(server: object, pid: int, *, every: float = 0.5) -> threading.Thread:
    """A daemon thread that asks ``server`` (a ``uvicorn.Server``) to exit once the
    process ``pid`` is gone or this process was re-parented."""
    if not hasattr(server, "should_exit"):
        raise TypeError(f"server must be a uvicorn.Server, got {server!r:.60}")
    pid = check_int("pid", pid, low=1, high=2**31 - 1)
    every = check_real("every", every, low=0.0, open_low=True, high=60.0)
    parent = os.getppid()

    def loop() -> None:
        while not getattr(server, "should_exit", False):
            if not _alive(pid) or os.getppid() != parent:
                server.should_exit = True  # type: ignore[attr-defined]
                return
            time.sleep(every)

    thread = threading.Thread(target=loop, name="watch-parent", daemon=True)
    thread.start()
    return thread


def main(argv: list[str] | None = None) -> int:
    """Run the server until it is stopped; returns the exit code."""
    args = parse_args(argv)
    import prometheus_client

    prometheus_client.disable_created_metrics()  # no *_created series: less noise

    from helpers.deploy.app import create_app

    try:
        app = create_app(
            args.model,
            name=args.name,
            precision=args.precision,
            log_path=args.log,
            max_batch=args.max_batch,
        )
    except (FileNotFoundError, ValueError, TypeError) as exc:
        print(f"serve: cannot start: {exc}", file=sys.stderr)
        return 2
    return run_app(app, host=args.host, port=args.port, parent_pid=args.parent_pid)


def run_app(app: object, *, host: str, port: int, parent_pid: int | None) -> int:
    """Serve ``app`` with uvicorn until it is stopped (or ``parent_pid`` is gone);
    0 after a normal shutdown, 1 if it never started. The settings every workbook
    server shares: quiet logs, short keep-alive, bounded concurrency."""
    import uvicorn

    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        timeout_keep_alive=5,
        limit_concurrency=100,  # beyond this, 503 rather than an ever-longer queue
        timeout_graceful_shutdown=3,
    )
    server = uvicorn.Server(config)
    if parent_pid is not None:
        watch_parent(server, parent_pid)
    server.run()
    return 0 if server.started else 1


if __name__ == "__main__":  # pragma: no cover - run as a process
    sys.exit(main())
