"""Lesson 17 targets: what the shipped fine-tuning runs show (pretraining's value,
each method against full fine-tuning, forgetting, swapped tasks, instruction tuning),
the forward-pass agreements (LoRA with B = 0, merged LoRA) and the widget's redraw.

Everything reads the shipped runs (``make artefacts NAMES="ft_methods ft_labels
ft_tasks ft_lora_grid ft_instruct"``); training seconds are wall times on the machine
that built them, so they are reported, not held to a target.
"""

from __future__ import annotations

import numpy as np
import torch

from benchmarks.common import Target, widget_target
from helpers.llm import finetune_runs
from helpers.llm.checkpoints import load_pretrained
from helpers.llm.finetune import predict_logits
from helpers.llm.finetune_widget import build_lora_widget
from helpers.llm.peft_model import apply_method, load_trainable

LESSON = "17"


def run() -> list[Target]:
    methods = finetune_runs.load("ft_methods", verbose=False).table.set_index("method")
    labels = finetune_runs.load("ft_labels", verbose=False).table
    tasks = finetune_runs.load("ft_tasks", verbose=False)
    grid = finetune_runs.load("ft_lora_grid", verbose=False)
    acc = methods["accuracy"]
    pivot = labels.pivot(index="labels", columns="start", values="accuracy")
    gain = float((pivot["pretrained"] - pivot["scratch"]).min())
    served = finetune_runs.serving_model(tasks)
    worst = 0.0
    for name, state in tasks.states.items():
        task = finetune_runs.task_inputs(name)
        load_trainable(served, state)
        got = predict_logits(served, task.X_test[:64], task.M_test[:64])
        worst = max(worst, float(np.abs(got - tasks.logits[name]).max()))
    base = load_pretrained(finetune_runs.SIZE, verbose=False)
    lora = apply_method(base, "lora", targets="both", input_len=56)
    x = torch.randint(0, 97, (4, 56))
    b_zero = float((lora(x) - base(x)[0]).abs().max())
    with torch.no_grad():
        for n, p in lora.named_parameters():
            if n.endswith(".B"):
                p.normal_(std=0.1)
    before = lora(x).detach()
    lora.merge()
    merged = float((lora(x) - before).abs().max())
    targets = [
        Target(
            LESSON,
            "pretrained minus scratch accuracy (worst label count)",
            "> 0",
            gain,
            "",
            gain > 0,
        ),  # fmt: skip
        Target(
            LESSON,
            "LoRA accuracy gap to full fine-tuning",
            "<= 0.05",
            float(acc["full"] - acc["lora"]),
            "",
            float(acc["full"] - acc["lora"]) <= 0.05,
        ),  # fmt: skip
        Target(
            LESSON,
            "served vs trained logits after a swap",
            "< 1e-6",
            worst,
            "",
            worst < 1e-6,
        ),  # fmt: skip
        Target(
            LESSON,
            "LoRA with B = 0 vs the base model",
            "== 0",
            b_zero,
            "",
            b_zero == 0.0,
        ),  # fmt: skip
        Target(
            LESSON, "merged vs unmerged LoRA", "< 1e-5", merged, "", merged < 1e-5
        ),  # fmt: skip
        Target(
            LESSON,
            "LoRA grid cells",
            ">= 6",
            float(len(grid.table)),
            "cells",
            len(grid.table) >= 6,
        ),  # fmt: skip
    ]
    for method, seconds in methods["train s"].items():
        targets.append(Target(LESSON, f"train seconds: {method}", "reported",
                              float(seconds), "s", True))  # fmt: skip
    targets.append(widget_target(LESSON, "LoRA widget", build_lora_widget(grid)))
    return targets
