"""Expected answers of lesson 17's exercises, computed from the lesson's own model,
task and results (never typed in), so the checks stay right when the runs change."""

from __future__ import annotations

import pandas as pd
import torch

from helpers.core.validation import check_int, check_real
from helpers.llm.finetune import Task, accuracy, fit_classifier
from helpers.llm.model import GPT, GPTConfig
from helpers.llm.peft_model import apply_method

EX2_CHOICES = {"a": "full", "b": "lora", "c": "prompt", "d": "adapter"}
"""17.2's options: which method raised the held-out pretraining bpc the most?"""


def ex1(config: GPTConfig, *, rank: int = 8, n_classes: int = 4) -> int:
    """17.1: trainable parameters of LoRA of ``rank`` on every linear layer of
    every block (qkv, attention projection, MLP up and down) plus a new head."""
    if not isinstance(config, GPTConfig):
        raise TypeError(f"config must be a GPTConfig, got {type(config).__name__}")
    rank = check_int("rank", rank, low=1, high=config.n_embd)
    n_classes = check_int("n_classes", n_classes, low=2, high=10_000)
    C = config.n_embd  # noqa: N806
    per_block = rank * ((C + 3 * C) + (C + C) + (C + 4 * C) + (4 * C + C))
    return config.n_layer * per_block + C * n_classes + n_classes


def ex2(table: pd.DataFrame, bpc_before: float) -> str:
    """17.2: the letter of :data:`EX2_CHOICES` whose method has the largest rise of
    held-out bpc over ``bpc_before`` in the measured table."""
    if not isinstance(table, pd.DataFrame) or not {"method", "bpc after"} <= set(
        table.columns
    ):
        raise TypeError("table must be the measured table (method, bpc after, ...)")
    missing = set(EX2_CHOICES.values()) - set(table["method"])
    if missing:
        raise ValueError(f"table lacks the methods {sorted(missing)}")
    bpc_before = check_real("bpc_before", bpc_before, low=0, high=100)
    rise = table.set_index("method")["bpc after"] - bpc_before
    return max(EX2_CHOICES, key=lambda k: rise[EX2_CHOICES[k]])


def ex3(base: GPT, task: Task, *, steps: int, seed: int = 0) -> float:
    """17.3: test accuracy of head-only fine-tuning of ``base`` on ``task`` with
    the demo's budget (``steps``; the head drawn after ``torch.manual_seed(seed)``,
    the batches by ``fit_classifier``'s ``seed``)."""
    if not isinstance(base, GPT):
        raise TypeError(f"base must be a GPT, got {type(base).__name__}")
    if not isinstance(task, Task):
        raise TypeError(f"task must be a Task, got {type(task).__name__}")
    torch.manual_seed(check_int("seed", seed, low=0, high=2**32 - 1))
    model = apply_method(base, "head", n_classes=4, input_len=task.X_train.shape[1])
    fit_classifier(model, task, steps=steps, seed=seed)
    return accuracy(model, task)
