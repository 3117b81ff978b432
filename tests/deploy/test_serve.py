"""Tests of deploy.serve (the server process's entry point), in-process."""

from __future__ import annotations

import threading
import time

from helpers.deploy import serve


def test_arguments_have_safe_defaults():
    args = serve.parse_args(["--model", "m.onnx", "--port", "8123"])
    assert (args.host, args.port, args.max_batch, args.log) == (
        "127.0.0.1",
        8123,
        256,
        None,
    )


def test_a_missing_model_exits_with_code_2_and_a_message(tmp_path, capsys):
    code = serve.main(["--model", str(tmp_path / "none.onnx"), "--port", "1"])
    assert code == 2
    assert "no model file" in capsys.readouterr().err


class FakeServer:
    should_exit = False


def test_the_watch_stops_the_server_when_the_parent_is_gone():
    server = FakeServer()
    gone = 2**22 + 12345  # above Linux's default pid_max: no such process
    thread = serve.watch_parent(server, gone, every=0.01)
    thread.join(timeout=5)
    assert server.should_exit and not thread.is_alive()


def test_the_watch_keeps_a_server_whose_parent_lives():
    import os

    server = FakeServer()
    thread = serve.watch_parent(server, os.getpid(), every=0.01)
    time.sleep(0.1)
    assert not server.should_exit and thread.is_alive()
    server.should_exit = True
    thread.join(timeout=5)
    assert not thread.is_alive()
    assert threading.active_count() >= 1
