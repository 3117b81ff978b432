"""A task that fails on purpose, to show (and test) that :func:`helpers.llm.launch`
always cleans up: one rank raises, kills itself mid-step, or every rank hangs."""

from __future__ import annotations

import os
import signal
import time

from helpers.core.validation import check_choice, check_int

MODES = ("ok", "raise", "kill", "hang", "loop")


def check_args(
    world_size: int,
    *,
    mode: str = "raise",
    bad_rank: int = 1,
    at_step: int = 2,
    steps: int = 5,
) -> None:
    """Refuse arguments that cannot run, before any process starts."""
    world_size = check_int("world_size", world_size, low=1, high=1024)
    check_choice("mode", mode, MODES)
    check_int("bad_rank", bad_rank, low=0, high=world_size - 1)
    check_int("steps", steps, low=1, high=100_000)
    check_int("at_step", at_step, low=0, high=steps)


def worker(
    rank: int,
    world_size: int,
    *,
    mode: str = "raise",
    bad_rank: int = 1,
    at_step: int = 2,
    steps: int = 5,
) -> dict:
    """All-reduce a small tensor ``steps`` times; rank ``bad_rank`` fails at step
    ``at_step`` as ``mode`` says ("loop" all-reduces until killed from outside)."""
    import torch
    import torch.distributed as dist

    x = torch.ones(4)
    step = 0
    while step < steps or mode == "loop":
        if rank == bad_rank and step == at_step:
            if mode == "raise":
                raise RuntimeError(f"rank {rank} failed on purpose at step {step}")
            if mode == "kill":
                os.kill(os.getpid(), signal.SIGKILL)  # like the OOM killer
        if mode == "hang":
            time.sleep(3600)
        dist.all_reduce(x)
        x /= world_size
        step += 1
        if mode == "loop":
            time.sleep(0.01)
    return {"rank": rank, "steps": step, "pid": os.getpid()}
