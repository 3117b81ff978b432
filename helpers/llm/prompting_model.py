"""The prompting model of lesson 18: a small GPT with a 128-character context,
trained on the task mix of :mod:`helpers.llm.prompting_tasks`, shipped as the
artefact ``llm_prompting`` (``make artefacts NAMES=llm_prompting``).

Lesson 16's models read 64 characters, too few for several worked examples; this one
reads 128, enough for six hidden-rule examples or one step-by-step worked sum plus
a question.

>>> PROMPT_CONFIG.block_size
128
"""

from __future__ import annotations

import torch

from helpers.core import artefacts, config
from helpers.core.validation import check_int
from helpers.llm.checkpoints import PretrainRun
from helpers.llm.model import GPT, GPTConfig
from helpers.llm.prompting_tasks import training_documents
from helpers.llm.tokenizer import EOT, encode
from helpers.llm.train import TrainConfig, pretrain

PROMPT_CONFIG = GPTConfig(n_layer=3, n_head=4, n_embd=64, block_size=128)
"""Sizes of the prompting model."""
STEPS = 3000
"""Training steps of the shipped run."""


def train_prompting(steps: int = STEPS, *, seed: int = 0) -> PretrainRun:
    """Train the prompting model from scratch (minutes in normal mode)."""
    steps = check_int("steps", steps, low=1, high=10**6)
    seed = check_int("seed", seed, low=0, high=2**32 - 1)
    train_ids = encode(EOT.join(training_documents(40_000, seed=seed)) + EOT)
    val_ids = encode(EOT.join(training_documents(1_000, seed=seed + 1)) + EOT)
    cfg = TrainConfig(
        steps=steps,
        batch_size=16,
        block_size=PROMPT_CONFIG.block_size,
        lr=3e-3,
        min_lr=3e-4,
        warmup=100,
        eval_every=max(1, steps // 5),
        eval_batches=2,
        sample_prompt="Q: 12+30+7\nA:",
        sample_chars=60,
        seed=seed,
    )
    torch.manual_seed(seed)
    model = GPT(PROMPT_CONFIG)
    log = pretrain(model, train_ids, val_ids, cfg)
    tokens = cfg.steps * cfg.batch_size * cfg.block_size
    n = model.n_params()
    state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    return PretrainRun(
        "prompting", PROMPT_CONFIG.as_dict(), state, log, n, tokens, 6.0 * n * tokens
    )


def prompting_run() -> PretrainRun:
    """The shipped run (what ``make artefacts NAMES=llm_prompting`` builds); in fast
    mode without the shipped file, a short run stands in."""
    steps = config.pick(normal=STEPS, fast=40)
    return artefacts.shipped(
        "llm_prompting",
        lambda: train_prompting(steps),
        params={"steps": steps, "seed": 0},
    )


def load_prompting_model() -> GPT:
    """The trained prompting :class:`GPT` (eval mode)."""
    run = prompting_run()
    model = GPT(GPTConfig(**run.config))
    model.load_state_dict(run.state_dict, strict=True)
    return model.eval()
