"""Pipeline parallelism on every rank: the model cut into ``world_size`` stages
(rank 0 embeds, the last rank owns the final norm, the head and the loss), the
batch cut into ``m`` micro-batches sent point to point, under two schedules:

* **GPipe**: every forward, then every backward; up to ``m`` micro-batches in flight;
* **1F1B**: after ``p - 1 - rank`` warm-up forwards, one forward then one backward;
  at most ``p - rank`` micro-batches in flight.

The weight tied between the embedding (first stage) and the head (last stage) lives
on both; their gradients are summed with an all-reduce after the backward passes.
Each rank records when each forward and backward computed, so the idle time (the
**bubble**) can be measured and compared with ``(p - 1) / (m + p - 1)``.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import numpy as np

from helpers.core.validation import check_choice, check_int

SCHEDULES = ("gpipe", "1f1b")


def check_args(
    world_size: int,
    *,
    micro_batches: Sequence[int] = (1, 2, 4, 8),
    batch_size: int = 16,
    n_layer: int = 4,
    n_embd: int = 64,
    block_size: int = 64,
    repeats: int = 2,
    seed: int = 0,
) -> None:
    """Refuse arguments that cannot run, before any process starts."""
    world_size = check_int("world_size", world_size, low=1, high=1024)
    batch_size = check_int("batch_size", batch_size, low=1, high=4096)
    n_layer = check_int("n_layer", n_layer, low=1, high=64)
    check_int("n_embd", n_embd, low=4, high=4096)
    if n_embd % 4:
        raise ValueError(f"n_embd must be a multiple of 4 (heads), got {n_embd}")
    check_int("block_size", block_size, low=1, high=1024)
    check_int("repeats", repeats, low=1, high=100)
    check_int("seed", seed, low=0, high=2**32 - 1)
    if world_size < 2:
        raise ValueError(f"a pipeline needs world_size >= 2 stages, got {world_size}")
    if n_layer % world_size:
        raise ValueError(
            f"n_layer {n_layer} must divide evenly over {world_size} stages"
        )
    if isinstance(micro_batches, str | bytes) or not isinstance(
        micro_batches, Sequence
    ):
        raise TypeError("micro_batches must be a list of micro-batch counts")
    if not micro_batches or len(micro_batches) > 16:
        raise ValueError("micro_batches must hold 1 to 16 counts")
    for m in micro_batches:
        m = check_int("micro-batch count", m, low=1, high=batch_size)
        if batch_size % m:
            raise ValueError(
                f"micro-batch count {m} does not divide the batch of {batch_size}"
            )


def schedule(kind: str, rank: int, world_size: int, m: int) -> list[tuple[str, int]]:
    """The order of ("F", i) and ("B", i) operations of one stage.

    >>> schedule("1f1b", 0, 2, 3)
    [('F', 0), ('F', 1), ('B', 0), ('F', 2), ('B', 1), ('B', 2)]
    """
    check_choice("schedule", kind, SCHEDULES)
    world_size = check_int("world_size", world_size, low=1, high=1024)
    rank = check_int("rank", rank, low=0, high=world_size - 1)
    m = check_int("m", m, low=1, high=10_000)
    if kind == "gpipe":
        return [("F", i) for i in range(m)] + [("B", i) for i in range(m)]
    warm = min(world_size - rank - 1, m)
    ops = [("F", i) for i in range(warm)]
    for i in range(m - warm):
        ops += [("F", warm + i), ("B", i)]
    return ops + [("B", i) for i in range(m - warm, m)]


def bubble_formula(world_size: int, m: int) -> float:
    """The textbook idle fraction of a balanced pipeline, (p - 1) / (m + p - 1)."""
    p = check_int("world_size", world_size, low=1, high=1024)
    m = check_int("m", m, low=1, high=10_000)
    return (p - 1) / (m + p - 1)


def worker(
    rank: int,
    world_size: int,
    *,
    micro_batches: Sequence[int] = (1, 2, 4, 8),
    batch_size: int = 16,
    n_layer: int = 4,
    n_embd: int = 64,
    block_size: int = 64,
    repeats: int = 2,
    seed: int = 0,
) -> dict:
    """Run every schedule and micro-batch count; return timings, losses, checks."""
    import torch
    import torch.distributed as dist

    from helpers.llm.model import GPT, GPTConfig

    config = GPTConfig(n_layer=n_layer, n_head=4, n_embd=n_embd, block_size=block_size)
    torch.manual_seed(seed)
    reference = GPT(config)  # the whole model, to check against
    gen = torch.Generator().manual_seed(seed + 1)
    data = torch.randint(config.vocab_size, (batch_size, block_size + 1), generator=gen)
    x, y = data[:, :-1], data[:, 1:]  # (B, T) each
    _, ref_loss = reference(x, y)
    ref_loss.backward()
    ref_grads = {id(p): p.grad.clone() for p in reference.parameters()}
    stage = _Stage(reference, rank, world_size)
    runs = []
    for kind in SCHEDULES:
        for m in micro_batches:
            best, best_span = None, float("inf")
            for _ in range(
                repeats
            ):  # keep the least disturbed repeat (all ranks agree)
                stage.zero_grad()
                dist.barrier()
                run = _run(stage, kind, m, x, y, rank, world_size)
                span = torch.tensor(
                    [run["events"][:, 3].max() - run["events"][:, 2].min()]
                )
                dist.all_reduce(span, op=dist.ReduceOp.MAX)
                if float(span) < best_span:
                    best, best_span = run, float(span)
                    best["grad_max_diff"] = stage.grad_diff(ref_grads)
            runs.append(best)
    return {
        "rank": rank,
        "ref_loss": float(ref_loss.detach()),
        "runs": runs,
        "stage_params": stage.n_params(),
        "full_params": sum(p.numel() for p in reference.parameters()),
        "act_bytes_per_sample": block_size * n_embd * 4,
    }


class _Stage:
    """The layers of one rank's stage, taken from the whole model."""

    def __init__(self, model, rank: int, world_size: int) -> None:
        per = len(model.blocks) // world_size
        self.model = model
        self.first, self.last = rank == 0, rank == world_size - 1
        self.blocks = list(model.blocks[rank * per : (rank + 1) * per])
        mods = list(self.blocks)
        if self.first:
            mods += [model.tok_emb, model.pos_emb]
        if self.last:
            mods += [model.ln_f, model.head]
        self.params = list(dict.fromkeys(p for mod in mods for p in mod.parameters()))

    def n_params(self) -> int:
        return sum(p.numel() for p in self.params)

    def zero_grad(self) -> None:
        for p in self.params:
            p.grad = None

    def forward(self, h):
        for block in self.blocks:
            h = block(h)  # (mb, T, C)
        return h

    def grad_diff(self, ref_grads: dict) -> float:
        """Largest gap between this stage's gradients and the whole model's."""
        return max(float((p.grad - ref_grads[id(p)]).abs().max()) for p in self.params)


def _run(stage, kind, m, x, y, rank, world_size) -> dict:
    """One training step under ``kind`` with ``m`` micro-batches (no optimiser)."""
    import torch
    import torch.distributed as dist

    xs, ys = x.chunk(m), y.chunk(m)  # m x (mb, T)
    shape = (x.shape[0] // m, x.shape[1], stage.model.config.n_embd)
    inputs, outputs, losses, pending, events = {}, {}, {}, [], []
    in_flight = peak = sent = 0
    t0 = time.perf_counter()
    for op, i in schedule(kind, rank, world_size, m):
        if op == "F":
            if stage.first:
                h_in = None
                h = stage.model.embed(xs[i])  # (mb, T, C)
            else:
                h_in = torch.empty(shape)
                dist.recv(h_in, src=rank - 1)  # activations from the previous stage
                h_in.requires_grad_(True)
                h = h_in
            start = time.perf_counter()
            h = stage.forward(h)  # (mb, T, C)
            if stage.last:
                _, loss = stage.model.logits_and_loss(h, ys[i])
                losses[i] = loss / m
            else:
                out = h.detach().contiguous()
                pending.append((dist.isend(out, dst=rank + 1), out))
                sent += out.numel() * out.element_size()
            inputs[i], outputs[i] = h_in, h
            in_flight += 1
            peak = max(peak, in_flight)
        else:
            if stage.last:
                start = time.perf_counter()
                losses[i].backward()
            else:
                grad = torch.empty(shape)
                dist.recv(grad, src=rank + 1)  # gradient from the next stage
                start = time.perf_counter()
                outputs[i].backward(grad)
            if not stage.first:
                g = inputs[i].grad.contiguous()
                pending.append((dist.isend(g, dst=rank - 1), g))
                sent += g.numel() * g.element_size()
            inputs.pop(i), outputs.pop(i)
            in_flight -= 1
        events.append((op, i, start - t0, time.perf_counter() - t0))
    for work, _ in pending:
        work.wait()
    tied = stage.model.tok_emb.weight  # on the first and the last stage
    if stage.first or stage.last:
        grad = tied.grad if tied.grad is not None else torch.zeros_like(tied)
        group_sum = grad.clone()
        if world_size == 2:
            dist.all_reduce(group_sum)
        else:
            _tied_reduce(group_sum, rank, world_size)
        tied.grad = group_sum
        sent += group_sum.numel() * group_sum.element_size()
    loss = (
        sum(float(v.detach()) for v in losses.values()) if stage.last else float("nan")
    )
    return {
        "schedule": kind,
        "m": m,
        "loss": loss,
        "events": np.array(
            [(0 if op == "F" else 1, i, s, e) for op, i, s, e in events]
        ),
        "t0": t0,
        "peak_in_flight": peak,
        "bytes_sent": sent,
    }


def _tied_reduce(tensor, rank: int, world_size: int) -> None:
    """Sum the tied weight's gradient between the first and the last stage only."""
    import torch.distributed as dist

    peer = world_size - 1 if rank == 0 else 0
    other = tensor.clone()
    req = dist.isend(tensor.clone(), dst=peer)
    dist.recv(other, src=peer)
    req.wait()
    tensor += other
