"""Tensor parallelism on every rank: a column-split and a row-split linear layer,
and the transformer's MLP split Megatron-style (fc by output columns, proj by input
rows), each equal to the unsharded layer in outputs and gradients.

The plain maths, for ``p`` ranks and ``W`` of shape (out, in):

* column split: rank r holds rows ``W[r]`` of the output features; ``y_r = x W_r^T``
  and an **all-gather** concatenates the ``y_r``;
* row split: rank r holds columns ``W[:, r]`` and the matching slice ``x_r`` of the
  input; ``y = sum_r x_r W_r^T`` is an **all-reduce** (sum).

Megatron's MLP needs one all-reduce forward (after the row-split proj) and one
backward (the input's gradient), and none in between: GELU acts on each column
shard by itself.
"""

from __future__ import annotations

import time

from helpers.core.validation import check_int


def check_args(
    world_size: int,
    *,
    n_embd: int = 32,
    batch_size: int = 4,
    block_size: int = 8,
    seed: int = 0,
) -> None:
    """Refuse arguments that cannot run, before any process starts."""
    world_size = check_int("world_size", world_size, low=1, high=1024)
    n_embd = check_int("n_embd", n_embd, low=1, high=4096)
    check_int("batch_size", batch_size, low=1, high=4096)
    check_int("block_size", block_size, low=1, high=4096)
    check_int("seed", seed, low=0, high=2**32 - 1)
    if n_embd % world_size:
        raise ValueError(
            f"n_embd {n_embd} must divide evenly over world_size {world_size}"
        )


def shard(tensor, rank: int, world_size: int, dim: int):
    """Rank ``rank``'s contiguous slice of ``tensor`` along ``dim``."""
    import torch

    if not isinstance(tensor, torch.Tensor) or tensor.dim() == 0:
        raise TypeError(
            f"tensor must be a torch tensor with dimensions, got {tensor!r}"
        )
    dim = check_int("dim", dim, low=0, high=tensor.dim() - 1)
    world_size = check_int("world_size", world_size, low=1, high=tensor.shape[dim])
    rank = check_int("rank", rank, low=0, high=world_size - 1)
    size = tensor.shape[dim] // world_size
    return tensor.detach().narrow(dim, rank * size, size).clone()


def _functions():
    """The two communication operators of Megatron-LM, as autograd functions."""
    import torch
    import torch.distributed as dist

    class CopyToRanks(torch.autograd.Function):
        """Forward: identity. Backward: all-reduce the gradient (``f``)."""

        @staticmethod
        def forward(ctx, x, counter):
            ctx.counter = counter
            return x.view_as(x)

        @staticmethod
        def backward(ctx, grad):
            grad = grad.contiguous().clone()
            dist.all_reduce(grad)
            ctx.counter.append(grad.numel() * grad.element_size())
            return grad, None

    class ReduceFromRanks(torch.autograd.Function):
        """Forward: all-reduce (sum). Backward: identity (``g``)."""

        @staticmethod
        def forward(ctx, x, counter):
            x = x.contiguous().clone()
            dist.all_reduce(x)
            counter.append(x.numel() * x.element_size())
            return x

        @staticmethod
        def backward(ctx, grad):
            return grad, None

    return CopyToRanks, ReduceFromRanks


def worker(
    rank: int,
    world_size: int,
    *,
    n_embd: int = 32,
    batch_size: int = 4,
    block_size: int = 8,
    seed: int = 0,
) -> dict:
    """Column, row and Megatron-MLP splits vs their unsharded layers."""
    import torch
    import torch.distributed as dist
    from torch.nn import functional as F  # noqa: N812

    from helpers.llm.model import MLP, GPTConfig

    copy_to, reduce_from = _functions()
    torch.manual_seed(seed)
    C, H = n_embd, 4 * n_embd  # noqa: N806
    x = torch.randn(batch_size, block_size, C)  # (B, T, C), same on every rank
    out = {"rank": rank}

    # column split: W (H, C) split by output rows, results all-gathered
    full = torch.nn.Linear(C, H)
    w_r, b_r = (
        shard(full.weight, rank, world_size, 0),
        shard(full.bias, rank, world_size, 0),
    )
    y_r = F.linear(x, w_r, b_r)  # (B, T, H/p)
    parts = [torch.empty_like(y_r) for _ in range(world_size)]
    dist.all_gather(parts, y_r.detach().contiguous())
    y = torch.cat(parts, dim=-1)  # (B, T, H)
    out["column_max_diff"] = float((y - full(x)).abs().max().detach())
    out["column_bytes"] = y_r.numel() * 4 * (world_size - 1)  # received per rank

    # row split: W (C, H) split by input columns, partial sums all-reduced
    full_row = torch.nn.Linear(H, C)
    h = torch.randn(batch_size, block_size, H)  # (B, T, H)
    part = F.linear(
        shard(h, rank, world_size, 2), shard(full_row.weight, rank, world_size, 1)
    )  # (B, T, C)
    dist.all_reduce(part)
    y = part + full_row.bias  # (B, T, C)
    out["row_max_diff"] = float((y - full_row(h)).abs().max().detach())
    out["row_bytes"] = part.numel() * 4

    # Megatron MLP: fc column-split, GELU, proj row-split, one all-reduce each way
    mlp = MLP(GPTConfig(n_embd=C, n_head=1, n_layer=1))
    target = torch.randn(batch_size, block_size, C)  # (B, T, C)
    x_ref = x.clone().requires_grad_(True)
    (mlp(x_ref) * target).sum().backward()
    fc_w = shard(mlp.fc.weight, rank, world_size, 0).requires_grad_(True)  # (H/p, C)
    fc_b = shard(mlp.fc.bias, rank, world_size, 0).requires_grad_(True)  # (H/p,)
    pr_w = shard(mlp.proj.weight, rank, world_size, 1).requires_grad_(True)  # (C, H/p)
    sent: list[int] = []
    x_tp = x.clone().requires_grad_(True)
    start = time.perf_counter()
    z = copy_to.apply(x_tp, sent)  # (B, T, C)
    hid = F.gelu(F.linear(z, fc_w, fc_b))  # (B, T, H/p)
    y = reduce_from.apply(F.linear(hid, pr_w), sent) + mlp.proj.bias  # (B, T, C)
    (y * target).sum().backward()
    out["mlp_seconds"] = time.perf_counter() - start
    with torch.no_grad():
        out["mlp_out_max_diff"] = float((y - mlp(x)).abs().max())
    grads = [
        (x_tp.grad, x_ref.grad),
        (fc_w.grad, shard(mlp.fc.weight.grad, rank, world_size, 0)),
        (fc_b.grad, shard(mlp.fc.bias.grad, rank, world_size, 0)),
        (pr_w.grad, shard(mlp.proj.weight.grad, rank, world_size, 1)),
    ]
    out["mlp_grad_max_diff"] = max(float((a - b).abs().max()) for a, b in grads)
    out["mlp_bytes"] = sum(sent)
    out["mlp_params_rank"] = (
        fc_w.numel() + fc_b.numel() + pr_w.numel() + (mlp.proj.bias.numel())
    )
    out["mlp_params_full"] = sum(p.numel() for p in mlp.parameters())
    return out
