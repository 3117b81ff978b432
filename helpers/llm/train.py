"""Pretraining loop: random windows of the corpus, AdamW with warm-up and cosine
decay, held-out bits per character and samples as training proceeds.

>>> import numpy as np, torch
>>> ids = np.tile(np.arange(2, 12), 50)
>>> gen = torch.Generator().manual_seed(0)
>>> x, y = get_batch(ids, batch_size=2, block_size=4, generator=gen)
>>> tuple(x.shape), bool((y[:, :-1] == x[:, 1:]).all())
((2, 4), True)
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np
import torch

from helpers.core.progress import progress
from helpers.core.validation import check_array, check_int, check_real
from helpers.llm.model import GPT
from helpers.llm.tokenizer import VOCAB_SIZE, decode, encode

LN2 = math.log(2.0)
MAX_STEPS = 1_000_000


@dataclass(frozen=True)
class TrainConfig:
    """Optimisation settings of :func:`pretrain`."""

    steps: int = 1000
    batch_size: int = 32
    block_size: int = 64  # training window, <= the model's block_size
    lr: float = 3e-3
    min_lr: float = 3e-4
    warmup: int = 50
    weight_decay: float = 0.1
    eval_every: int = 100
    eval_batches: int = 8
    sample_prompt: str = "Return the "
    sample_chars: int = 80
    seed: int = 0

    def __post_init__(self) -> None:
        check_int("steps", self.steps, low=1, high=MAX_STEPS)
        check_int("batch_size", self.batch_size, low=1, high=4096)
        check_int("block_size", self.block_size, low=1, high=8192)
        check_real("lr", self.lr, low=0, high=1, open_low=True)
        check_real("min_lr", self.min_lr, low=0, high=self.lr)
        check_int("warmup", self.warmup, low=0, high=MAX_STEPS)
        check_real("weight_decay", self.weight_decay, low=0, high=1)
        check_int("eval_every", self.eval_every, low=1, high=MAX_STEPS)
        check_int("eval_batches", self.eval_batches, low=1, high=10_000)
        encode(self.sample_prompt)
        check_int("sample_chars", self.sample_chars, low=0, high=10_000)
        check_int("seed", self.seed, low=0, high=2**32 - 1)


@dataclass
class TrainLog:
    """What :func:`pretrain` measured."""

    steps: np.ndarray  # (n_evals,) step of each evaluation
    tokens: np.ndarray  # (n_evals,) training tokens seen by then
    train_loss: np.ndarray  # (steps,) loss of every step, nats
    val_bpc: np.ndarray  # (n_evals,) held-out bits per character
    samples: list[str] = field(default_factory=list)  # one per evaluation
    seconds: float = 0.0


def check_token_ids(name: str, ids: object, *, min_len: int = 2) -> np.ndarray:
    """``ids`` as a 1-D int64 array of token ids in ``[0, VOCAB_SIZE)``.

    >>> check_token_ids("ids", [1.0, 2.5])
    Traceback (most recent call last):
    ValueError: ids must hold whole-number token ids, got 2.5
    """
    arr = check_array(name, ids, ndim=1, min_len=min_len)
    whole = arr == np.round(arr)
    if not whole.all():
        raise ValueError(
            f"{name} must hold whole-number token ids, got {arr[~whole][0]:g}"
        )
    if arr.min() < 0 or arr.max() >= VOCAB_SIZE:
        raise ValueError(f"{name} must hold token ids in [0, {VOCAB_SIZE - 1}]")
    return arr.astype(np.int64)


def get_batch(
    ids: np.ndarray, *, batch_size: int, block_size: int, generator: torch.Generator
) -> tuple[torch.Tensor, torch.Tensor]:
    """Random windows: inputs ``ids[s:s+T]`` and targets shifted by one, each (B, T)."""
    ids = check_token_ids("ids", ids)
    batch_size = check_int("batch_size", batch_size, low=1, high=65_536)
    block_size = check_int("block_size", block_size, low=1, high=8192)
    if not isinstance(generator, torch.Generator):
        raise TypeError(f"generator must be a torch.Generator, got {generator!r}")
    if len(ids) <= block_size + 1:
        raise ValueError(
            f"text of {len(ids)} tokens is too short for block {block_size}"
        )
    starts = torch.randint(
        len(ids) - block_size - 1, (batch_size,), generator=generator
    )
    offsets = torch.arange(block_size)  # (T,)
    data = torch.as_tensor(ids)
    x = data[starts[:, None] + offsets]  # (B, T)
    y = data[starts[:, None] + offsets + 1]  # (B, T)
    return x, y


@torch.no_grad()
def eval_bpc(model: GPT, ids, *, block_size: int = 64, max_windows: int = 256) -> float:
    """Held-out bits per character: mean next-token cross-entropy / ln 2 over
    consecutive non-overlapping windows of ``ids`` (at most ``max_windows``)."""
    if not isinstance(model, GPT):
        raise TypeError(f"model must be a GPT, got {type(model).__name__}")
    ids = check_token_ids("ids", ids)
    block_size = check_int(
        "block_size", block_size, low=1, high=model.config.block_size
    )
    max_windows = check_int("max_windows", max_windows, low=1, high=100_000)
    n = min((len(ids) - 1) // block_size, max_windows)
    if n < 1:
        raise ValueError(f"ids must hold more than {block_size} tokens")
    data = torch.as_tensor(ids[: n * block_size + 1])
    x = data[:-1].view(n, block_size)  # (n, T)
    y = data[1:].view(n, block_size)  # (n, T)
    was = model.training
    model.eval()
    total = 0.0
    for i in range(0, n, 64):
        _, loss = model(x[i : i + 64], y[i : i + 64])
        total += float(loss) * len(x[i : i + 64])
    model.train(was)
    return total / n / LN2


def lr_at(step: int, config: TrainConfig) -> float:
    """Linear warm-up then cosine decay from ``lr`` to ``min_lr``."""
    step = check_int("step", step, low=0, high=MAX_STEPS)
    if not isinstance(config, TrainConfig):
        raise TypeError(f"config must be a TrainConfig, got {type(config).__name__}")
    if step < config.warmup:
        return config.lr * (step + 1) / config.warmup
    frac = (step - config.warmup) / max(1, config.steps - config.warmup)
    return config.min_lr + 0.5 * (config.lr - config.min_lr) * (
        1 + math.cos(math.pi * frac)
    )


def sample(model: GPT, prompt: str, n_chars: int, *, seed: int = 0) -> str:
    """``prompt`` continued by ``n_chars`` sampled characters (temperature 0.8)."""
    if not isinstance(model, GPT):
        raise TypeError(f"model must be a GPT, got {type(model).__name__}")
    if not prompt:
        raise ValueError("prompt must be a non-empty string")
    idx = torch.as_tensor(encode(prompt))[None]  # (1, T)
    gen = torch.Generator().manual_seed(check_int("seed", seed, low=0))
    out = model.generate(idx, n_chars, temperature=0.8, generator=gen)  # (1, T+n)
    return decode(out[0].numpy())


def pretrain(
    model: GPT, train_ids, val_ids, config: TrainConfig | None = None
) -> TrainLog:
    """Train ``model`` in place on ``train_ids`` and log loss, held-out bpc and a
    sample every ``eval_every`` steps (and at step 0 and the last step)."""
    if not isinstance(model, GPT):
        raise TypeError(f"model must be a GPT, got {type(model).__name__}")
    config = TrainConfig() if config is None else config
    if not isinstance(config, TrainConfig):
        raise TypeError(f"config must be a TrainConfig, got {type(config).__name__}")
    if config.block_size > model.config.block_size:
        raise ValueError(
            f"training block_size {config.block_size} is longer than the model's "
            f"block_size {model.config.block_size}"
        )
    train_ids = check_token_ids("train_ids", train_ids)
    val_ids = check_token_ids("val_ids", val_ids)
    gen = torch.Generator().manual_seed(config.seed)
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    other = [p for n, p in model.named_parameters() if p.dim() < 2]
    opt = torch.optim.AdamW(
        [
            {"params": decay, "weight_decay": config.weight_decay},
            {"params": other, "weight_decay": 0.0},
        ],
        lr=config.lr,
        betas=(0.9, 0.95),
    )
    losses, steps, bpcs, samples = [], [], [], []
    tokens_per_step = config.batch_size * config.block_size
    eval_windows = config.eval_batches * config.batch_size

    def evaluate(step: int) -> None:
        steps.append(step)
        bpcs.append(
            eval_bpc(
                model, val_ids, block_size=config.block_size, max_windows=eval_windows
            )
        )
        prompt = config.sample_prompt
        samples.append(sample(model, prompt, config.sample_chars, seed=config.seed))

    start = time.perf_counter()
    model.train()
    evaluate(0)
    for step in progress(range(config.steps), desc="pretraining"):
        for group in opt.param_groups:
            group["lr"] = lr_at(step, config)
        x, y = get_batch(
            train_ids,
            batch_size=config.batch_size,
            block_size=config.block_size,
            generator=gen,
        )
        _, loss = model(x, y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        losses.append(float(loss.detach()))
        if (step + 1) % config.eval_every == 0 or step + 1 == config.steps:
            if not steps or steps[-1] != step + 1:
                evaluate(step + 1)
    model.eval()
    return TrainLog(
        steps=np.array(steps),
        tokens=np.array(steps) * tokens_per_step,
        train_loss=np.array(losses),
        val_bpc=np.array(bpcs),
        samples=samples,
        seconds=time.perf_counter() - start,
    )
