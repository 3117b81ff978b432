"""Tests for llm/launch.py: checks before any process starts, clean-up after any
failure (a rank raising, a rank killed mid-step, a hang), and a torchrun launch."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from helpers.core.config import ROOT
from helpers.llm import launch as L  # noqa: N812


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is not running
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _nothing_left(pids) -> None:
    assert not multiprocessing.active_children()
    assert not [p for p in pids if _alive(p)]


def test_free_port_is_bindable():
    import socket

    port = L.free_port()
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))


@pytest.mark.parametrize(
    ("task", "world_size", "args", "match"),
    [
        ("data_parallel", 10_000, {}, "CPU cores"),
        ("no_such_task", 2, {}, "task"),
        ("pipeline", 2, {"micro_batches": [3], "batch_size": 16}, "does not divide"),
        ("pipeline", 1, {}, "world_size >= 2"),
        ("data_parallel", 2, {"batch_size": 7}, "divide evenly"),
        ("data_parallel", 2, {"size": "huge"}, "size"),
    ],
)
def test_bad_requests_are_refused_before_any_process_starts(
    task, world_size, args, match, monkeypatch
):
    def no_processes(*_args, **_kwargs):
        raise AssertionError("a process context was requested")

    monkeypatch.setattr(L.mp, "get_context", no_processes)
    with pytest.raises(ValueError, match=match):
        L.launch(task, world_size=world_size, args=args)
    assert not multiprocessing.active_children()


def test_every_rank_returns_its_result():
    results = L.launch("fail", world_size=2, args={"mode": "ok", "steps": 3})
    assert [r["rank"] for r in results] == [0, 1]
    assert [r["steps"] for r in results] == [3, 3]
    _nothing_left([r["pid"] for r in results])


def test_a_rank_that_raises_stops_the_others():
    with pytest.raises(L.LaunchError, match="rank 1 raised") as info:
        L.launch("fail", world_size=2, args={"mode": "raise", "steps": 50}, timeout=30)
    assert "failed on purpose" in str(info.value)
    _nothing_left(info.value.pids)


def test_a_rank_killed_mid_step_stops_the_others():
    with pytest.raises(L.LaunchError) as info:
        L.launch("fail", world_size=2, args={"mode": "kill", "steps": 50}, timeout=30)
    assert "rank" in str(info.value)
    _nothing_left(info.value.pids)


def test_a_rank_killed_from_outside_stops_the_others():
    killed = []

    def killer():
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            children = multiprocessing.active_children()
            if len(children) == 2:
                time.sleep(0.5)  # let the ranks start all-reducing
                victim = sorted(children, key=lambda p: p.name)[1]
                os.kill(victim.pid, signal.SIGKILL)
                killed.append(victim.pid)
                return
            time.sleep(0.02)

    thread = threading.Thread(target=killer)
    thread.start()
    with pytest.raises(L.LaunchError) as info:
        L.launch("fail", world_size=2, args={"mode": "loop"}, timeout=30)
    thread.join()
    assert killed and killed[0] in info.value.pids
    _nothing_left(info.value.pids)


def test_a_hang_ends_at_the_timeout():
    start = time.perf_counter()
    with pytest.raises(L.LaunchError, match="timed out") as info:
        L.launch("fail", world_size=2, args={"mode": "hang"}, timeout=2)
    assert time.perf_counter() - start < 30  # the 2 s timeout, plus clean-up
    _nothing_left(info.value.pids)


def test_torchrun_runs_the_same_task_on_two_processes():
    torchrun = os.path.join(os.path.dirname(sys.executable), "torchrun")
    cmd = [
        torchrun,
        "--nproc-per-node",
        "2",
        "--master-addr",
        "127.0.0.1",
        "--master-port",
        str(L.free_port()),
        "-m",
        "helpers.llm.launch",
        "data_parallel",
        "--args",
        json.dumps({"steps": 1}),
    ]
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        cmd, capture_output=True, text=True, timeout=240, cwd=ROOT, env=env
    )
    assert out.returncode == 0, out.stderr[-2000:]
    line = [ln for ln in out.stdout.splitlines() if ln.startswith("{")][-1]
    result = json.loads(line)
    assert result["world_size"] == 2
    assert result["result"]["grad_max_diff"] < 1e-6
    assert result["result"]["bytes_ddp"] == result["result"]["param_bytes"]
