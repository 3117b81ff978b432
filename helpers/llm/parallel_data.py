"""Data parallelism on every rank: each rank takes a slice of the global batch,
gradients are averaged with all-reduce, and the result equals one process training
on the whole batch; then the same with ``DistributedDataParallel``.

Run through :func:`helpers.llm.launch.launch` (``task="data_parallel"``) or
``torchrun -m helpers.llm.launch data_parallel``.
"""

from __future__ import annotations

import copy
import time

import numpy as np

from helpers.core.validation import check_choice, check_int
from helpers.llm.model import GPTConfig


def demo_config(size: str = "tiny", block_size: int = 32) -> GPTConfig:
    """The small model the parallel demos use (a named size, shorter context)."""
    from helpers.llm.model import SIZES

    base = SIZES[check_choice("size", size, list(SIZES))]
    block_size = check_int("block_size", block_size, low=1, high=base.block_size)
    return GPTConfig(
        n_layer=base.n_layer,
        n_head=base.n_head,
        n_embd=base.n_embd,
        block_size=block_size,
    )


def check_args(
    world_size: int,
    *,
    size: str = "tiny",
    batch_size: int = 8,
    block_size: int = 32,
    steps: int = 3,
    seed: int = 0,
) -> None:
    """Refuse arguments that cannot run, before any process starts."""
    world_size = check_int("world_size", world_size, low=1, high=1024)
    demo_config(size, block_size)
    batch_size = check_int("batch_size", batch_size, low=1, high=4096)
    check_int("steps", steps, low=1, high=1000)
    check_int("seed", seed, low=0, high=2**32 - 1)
    if batch_size % world_size:
        raise ValueError(
            f"batch_size {batch_size} must divide evenly over world_size {world_size}"
        )


def global_batch(config: GPTConfig, batch_size: int, seed: int, step: int):
    """The same (inputs, targets) on every rank: (B, T) token ids."""
    import torch

    if not isinstance(config, GPTConfig):
        raise TypeError(f"config must be a GPTConfig, got {type(config).__name__}")
    batch_size = check_int("batch_size", batch_size, low=1, high=4096)
    seed = check_int("seed", seed, low=0, high=2**20)
    step = check_int("step", step, low=0, high=999)

    gen = torch.Generator().manual_seed(seed * 1000 + step)
    data = torch.randint(
        config.vocab_size, (batch_size, config.block_size + 1), generator=gen
    )  # (B, T+1)
    return data[:, :-1], data[:, 1:]  # (B, T), (B, T)


def worker(
    rank: int,
    world_size: int,
    *,
    size: str = "tiny",
    batch_size: int = 8,
    block_size: int = 32,
    steps: int = 3,
    seed: int = 0,
) -> dict:
    """Gradients by all-reduce vs one process, then ``steps`` SGD steps three ways
    (one process, hand-written all-reduce, DDP); max differences and bytes counted."""
    import torch
    import torch.distributed as dist
    from torch.nn.parallel import DistributedDataParallel as DDP  # noqa: N817

    from helpers.llm.model import GPT

    config = demo_config(size, block_size)
    torch.manual_seed(seed)
    single = GPT(config)  # identical on every rank: same seed
    by_hand = copy.deepcopy(single)
    ddp_model = copy.deepcopy(single)
    rows = slice(rank * batch_size // world_size, (rank + 1) * batch_size // world_size)
    opts = [
        torch.optim.SGD(m.parameters(), lr=0.5) for m in (single, by_hand, ddp_model)
    ]
    sent = {"by_hand": 0, "ddp": 0}

    def hook(state, bucket):  # DDP's gradient buckets, counted then all-reduced
        buf = bucket.buffer()
        sent["ddp"] += buf.numel() * buf.element_size()
        work = dist.all_reduce(buf.div_(world_size), async_op=True)
        return work.get_future().then(lambda fut: fut.value()[0])

    ddp = DDP(ddp_model)
    ddp.register_comm_hook(None, hook)
    losses = {"single": [], "by_hand": [], "ddp": []}
    first_grad_diff = None
    start = time.perf_counter()
    for step in range(steps):
        x, y = global_batch(config, batch_size, seed, step)  # (B, T) each
        _, loss = single(x, y)  # the whole global batch, one process
        loss.backward()
        _, local = by_hand(x[rows], y[rows])  # this rank's slice
        local.backward()
        for p in by_hand.parameters():  # average gradients over ranks
            dist.all_reduce(p.grad)
            p.grad /= world_size
            sent["by_hand"] += p.grad.numel() * p.grad.element_size()
        if step == 0:
            first_grad_diff = max(
                float((a.grad - b.grad).detach().abs().max())
                for a, b in zip(single.parameters(), by_hand.parameters(), strict=True)
            )
        _, dloss = ddp(x[rows], y[rows])
        dloss.backward()  # DDP all-reduces bucket by bucket during backward
        mean = [local.detach().clone(), dloss.detach().clone()]
        for t in mean:
            dist.all_reduce(t)
        losses["single"].append(float(loss.detach()))
        losses["by_hand"].append(float(mean[0]) / world_size)
        losses["ddp"].append(float(mean[1]) / world_size)
        for opt in opts:
            opt.step()
            opt.zero_grad(set_to_none=True)
    seconds = time.perf_counter() - start
    n_params = sum(p.numel() for p in single.parameters())
    return {
        "rank": rank,
        "grad_max_diff": first_grad_diff,
        "param_max_diff_by_hand": _max_diff(single, by_hand),
        "param_max_diff_ddp": _max_diff(single, ddp_model),
        "losses": {k: np.array(v) for k, v in losses.items()},
        "bytes_by_hand": sent["by_hand"] // steps,
        "bytes_ddp": sent["ddp"] // steps,
        "param_bytes": n_params * 4,
        "n_params": n_params,
        "rows_per_rank": rows.stop - rows.start,
        "seconds": seconds,
    }


def _max_diff(a, b) -> float:
    return max(
        float((p - q).detach().abs().max())
        for p, q in zip(a.parameters(), b.parameters(), strict=True)
    )
