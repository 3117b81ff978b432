"""Start ``world_size`` processes that talk through ``torch.distributed`` (gloo, on
127.0.0.1), run one registered task on every rank, and always clean up.

:func:`launch` checks everything before any process starts (task name, world size
the machine can run, the task's own arguments), picks a free ``MASTER_PORT``, spawns
the ranks, and collects each rank's result. If a rank raises, dies (killed by a
signal, out of memory) or the run passes ``timeout`` seconds, the other ranks are
terminated, then killed, and :class:`LaunchError` says which rank failed and why;
every process group is destroyed and every child joined, whatever happens.

The same tasks run under ``torchrun`` across machines::

    torchrun --nproc-per-node 2 -m helpers.llm.launch data_parallel

(``torchrun`` sets ``RANK``, ``WORLD_SIZE``, ``MASTER_ADDR`` and ``MASTER_PORT``;
rank 0 prints the result as one JSON line.)
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import queue
import socket
import sys
import time
import traceback
from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any

from helpers.core.validation import check_choice, check_int, check_real

MAX_TIMEOUT = 600.0


class LaunchError(RuntimeError):
    """A distributed run failed; ``pids`` are its (now ended) processes."""

    def __init__(self, message: str, pids: list[int]) -> None:
        super().__init__(message)
        self.pids = pids


def tasks() -> dict[str, tuple[Callable, Callable]]:
    """Task name -> (worker(rank, world_size, **args) -> result, check(world_size,
    **args) that raises before any process starts)."""
    from helpers.llm import faults, parallel_data, parallel_pipeline, parallel_tensor

    return {
        "data_parallel": (parallel_data.worker, parallel_data.check_args),
        "tensor_parallel": (parallel_tensor.worker, parallel_tensor.check_args),
        "pipeline": (parallel_pipeline.worker, parallel_pipeline.check_args),
        "fail": (faults.worker, faults.check_args),
    }


def max_world_size() -> int:
    """The most ranks this machine runs: one process per CPU core."""
    return max(1, os.cpu_count() or 1)


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def check_launch(task: str, world_size: int, args: Mapping[str, Any]) -> None:
    """Every check :func:`launch` makes before starting processes."""
    check_choice("task", task, list(tasks()))
    limit = max_world_size()
    world_size = check_int("world_size", world_size, low=1, high=10**6)
    if world_size > limit:
        raise ValueError(
            f"world_size {world_size} needs {world_size} processes but this machine "
            f"has {limit} CPU cores; use world_size <= {limit}"
        )
    if not isinstance(args, Mapping):
        raise TypeError(f"args must be a dict, got {type(args).__name__}")
    tasks()[task][1](world_size, **args)


def launch(
    task: str,
    *,
    world_size: int = 2,
    args: Mapping[str, Any] | None = None,
    timeout: float = 60.0,
    start_method: str = "fork",
) -> list[Any]:
    """Run ``task`` on ``world_size`` local processes; return each rank's result.

    Raises ``ValueError``/``TypeError`` before starting anything when the request
    cannot run, and :class:`LaunchError` when a rank fails or time runs out (all
    processes are gone by then).

    ``start_method="fork"`` (Linux, the default) starts ranks from this process,
    which has already imported torch: a launch takes a fraction of a second.
    ``"spawn"`` starts fresh interpreters (each imports torch again, seconds each);
    it is what macOS and Windows use.
    """
    args = {} if args is None else args
    check_choice("start_method", start_method, mp.get_all_start_methods())
    timeout = check_real("timeout", timeout, low=0, high=MAX_TIMEOUT, open_low=True)
    check_launch(task, world_size, args)
    if start_method == "fork":
        _preload(task)
    ctx = mp.get_context(start_method)
    results: queue.Queue = ctx.Queue()
    port = free_port()
    procs = [
        ctx.Process(
            target=_child,
            args=(task, rank, world_size, port, dict(args), timeout, results),
            name=f"{task}-rank{rank}",
        )
        for rank in range(world_size)
    ]
    out: dict[int, Any] = {}
    try:
        for p in procs:
            p.start()
        deadline = time.monotonic() + timeout
        while len(out) < world_size:
            failure = _collect(results, out, procs, deadline)
            if failure:
                raise LaunchError(f"{task}: {failure}", [p.pid for p in procs])
    finally:
        _shutdown(procs)
        results.close()
        results.join_thread()
    return [out[r] for r in range(world_size)]


def _preload(task: str) -> None:
    """Import, once in this process, what the ranks would each import: forked ranks
    inherit it. DDP's constructor imports torch._dynamo (seconds)."""
    import torch.distributed  # noqa: F401

    if task == "data_parallel":
        import torch._dynamo  # noqa: F401


def _collect(results, out: dict, procs: list, deadline: float) -> str | None:
    """Take one message (or notice a dead rank / the deadline); a failure in words."""
    try:
        rank, ok, value = results.get(timeout=0.05)
    except queue.Empty:
        if time.monotonic() > deadline:
            return "timed out; every rank was stopped"
        for rank, p in enumerate(procs):
            if rank not in out and p.exitcode is not None:
                try:  # its last message may still be in the pipe
                    rank2, ok, value = results.get(timeout=0.5)
                except queue.Empty:
                    return f"rank {rank} died with exit code {p.exitcode}"
                return _store(out, rank2, ok, value)
        return None
    return _store(out, rank, ok, value)


def _store(out: dict, rank: int, ok: bool, value: Any) -> str | None:
    if not ok:
        return f"rank {rank} raised:\n{value}"
    out[rank] = value
    return None


def _shutdown(procs: list, grace: float = 3.0) -> None:
    """Join every child; terminate, then kill, the ones still running."""
    end = time.monotonic() + grace
    for p in procs:
        if p.pid is not None:
            p.join(max(0.0, end - time.monotonic()))
    for p in procs:
        if p.is_alive():
            p.terminate()
    for p in procs:
        if p.pid is not None:
            p.join(1.0)
            if p.is_alive():
                p.kill()
                p.join(1.0)
        if p.exitcode is not None or p.pid is None:
            p.close()


def _child(task, rank, world_size, port, args, timeout, results) -> None:
    """One rank: join the group, run the task, report, leave the group."""
    os.environ.update(OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    import torch
    import torch.distributed as dist

    torch.set_num_threads(1)
    try:
        dist.init_process_group(
            "gloo",
            init_method=f"tcp://127.0.0.1:{port}",
            rank=rank,
            world_size=world_size,
            timeout=timedelta(seconds=timeout),
        )
        value = tasks()[task][0](rank, world_size, **args)
        results.put((rank, True, value))
    except BaseException:  # reported to the parent, which stops the others
        results.put((rank, False, traceback.format_exc(limit=6)))
    finally:
        if dist.is_initialized():
            dist.destroy_process_group()


def main(argv: list[str] | None = None) -> int:
    """Entry point under ``torchrun`` (reads RANK, WORLD_SIZE, MASTER_* from env)."""
    parser = argparse.ArgumentParser(description="run one lesson-16 task on this rank")
    parser.add_argument("task", choices=sorted(tasks()))
    parser.add_argument("--args", default="{}", help="task arguments as JSON")
    opts = parser.parse_args(argv)
    import torch
    import torch.distributed as dist

    torch.set_num_threads(1)
    dist.init_process_group("gloo", timeout=timedelta(seconds=120))
    try:
        rank, world = dist.get_rank(), dist.get_world_size()
        args = json.loads(opts.args)
        tasks()[opts.task][1](world, **args)
        value = tasks()[opts.task][0](rank, world, **args)
        if rank == 0:
            print(
                json.dumps(
                    {"task": opts.task, "world_size": world, "result": _jsonable(value)}
                )
            )
    finally:
        dist.destroy_process_group()
    return 0


def _jsonable(value: Any) -> Any:
    import numpy as np

    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    return value


if __name__ == "__main__":
    sys.exit(main())
