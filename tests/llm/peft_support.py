"""Shared pieces of lesson 17's tests: a tiny GPT and a tiny ticket task."""

from __future__ import annotations

import functools

import torch

from helpers.llm.finetune import Task, make_task
from helpers.llm.model import GPT, GPTConfig

TINY = GPTConfig(n_layer=2, n_head=2, n_embd=16, block_size=24)
"""A two-block model small enough for many short training runs."""


def tiny_gpt(seed: int = 0, *, block_size: int = TINY.block_size) -> GPT:
    """A freshly initialised :data:`TINY` model (eval mode), optionally with a
    longer context."""
    torch.manual_seed(seed)
    config = GPTConfig(**{**TINY.as_dict(), "block_size": block_size})
    return GPT(config).eval()


@functools.cache
def tiny_task(name: str = "tickets") -> Task:
    """``name`` with 64 training and 32 test examples of 16 characters."""
    return make_task(name, n_train=64, n_test=32, input_len=16)
