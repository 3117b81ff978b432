"""Lesson 17's measured runs, shipped in ``data/artefacts`` (minutes of CPU):

* :func:`method_runs` -- the six methods (prefix twice: with and without the MLP) on
  the ticket task at one budget: the measured table, with forgetting;
* :func:`label_runs` -- pretrained vs from scratch, accuracy vs number of labels;
* :func:`task_runs` -- three tasks, each a small LoRA on one frozen base;
* :func:`lora_grid` -- LoRA rank x target layers (the widget's grid);
* :func:`instruction_runs` -- self-instruct data and instruction tuning.

:func:`load` returns a shipped run in normal and fast mode alike (like lesson 16's
checkpoints); when the file is missing or damaged it computes, smaller in fast mode.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch

from helpers.core import artefacts, config, serialize
from helpers.core.data import read_project_file
from helpers.core.validation import check_choice
from helpers.llm.checkpoints import PretrainRun, load_pretrained
from helpers.llm.corpus import build_corpus
from helpers.llm.finetune import (
    Task,
    accuracy,
    checkpoint_bytes,
    fit_classifier,
    lm_bpc,
    make_task,
    predict_logits,
    step_memory,
)
from helpers.llm.instruct import InstructRuns, instruct_runs
from helpers.llm.model import GPT
from helpers.llm.peft_model import (
    PeftModel,
    apply_method,
    base_state,
    count_all,
    count_trainable,
    trainable_state,
)
from helpers.llm.tokenizer import encode

SIZE = "small"
"""The pretrained checkpoint every run fine-tunes."""
INPUT_LEN = 56
"""Characters of each ticket the model reads (56 + 8 prefix/prompt = block 64)."""
ROWS = (
    ("full", {}),
    ("head", {}),
    ("adapter", {"bottleneck": 8}),
    ("prefix", {"length": 8}),
    ("prefix", {"length": 8, "reparam": True, "hidden": 64}),
    ("prompt", {"length": 8}),
    ("lora", {"rank": 4, "alpha": 8.0, "targets": "attention"}),
)
"""The rows of the measured table: (method, settings)."""


def row_name(method: str, settings: dict) -> str:
    """``prefix + MLP`` for the reparameterised prefix, else the method's name."""
    return f"{method} + MLP" if settings.get("reparam") else method


def val_ids(n_chars: int = 20_000) -> np.ndarray:
    """The start of lesson 16's held-out pretraining text, as token ids."""
    return encode(build_corpus().val_text[:n_chars])


def _base() -> GPT:
    """Lesson 16's shipped checkpoint, read from the project's ``data/`` folder even
    while ``make artefacts`` builds into a scratch folder; trained if unusable."""
    try:
        blob = read_project_file(
            artefacts.artefact_name(f"llm_{SIZE}"), data_dir=config.ROOT / "data"
        )
        run = serialize.loads(blob, key=serialize.recorded_key(blob))
        if isinstance(run, PretrainRun):
            return run.model()
    except (ValueError, KeyError, RuntimeError):
        pass
    return load_pretrained(SIZE, verbose=False)


def _steps() -> int:
    return config.pick(normal=250, fast=10)


@dataclass
class MethodRuns:
    """The measured table and each row's training losses."""

    table: pd.DataFrame
    losses: dict  # row name -> (steps,) losses
    bpc_before: float
    n_labels: int


def method_runs() -> MethodRuns:
    """Every row of :data:`ROWS` on 512 ticket labels, same steps and batch."""
    base, ids = _base(), val_ids()
    task = make_task("tickets", n_train=512, input_len=INPUT_LEN)
    total = count_all(base)
    original = {k: v.clone() for k, v in base.state_dict().items()}
    before = lm_bpc(apply_method(base, "head", input_len=INPUT_LEN), ids)
    rows, losses = [], {}
    for method, settings in ROWS:
        name = row_name(method, settings)
        model = apply_method(base, method, n_classes=4, input_len=INPUT_LEN, **settings)
        memory = step_memory(model, task)
        n_train = count_trainable(model)
        log = fit_classifier(model, task, steps=_steps())
        if model.prefix is not None:
            model.prefix.freeze_table()  # ship the prefixes, not the MLP
        kept = base_state(model)
        unchanged = kept.keys() == original.keys() and all(
            torch.equal(kept[k], v) for k, v in original.items()
        )
        rows.append(
            {
                "method": name,
                "trainable": n_train,
                "trainable %": 100 * n_train / total,
                "accuracy": accuracy(model, task),
                "train s": log.seconds,
                "step memory MB": memory["total"] / 1e6,
                "activations MB": memory["activations"] / 1e6,
                "checkpoint KB": checkpoint_bytes(model) / 1e3,
                "bpc after": lm_bpc(model, ids),
                "base unchanged": bool(unchanged),
            }
        )
        losses[name] = log.losses
    return MethodRuns(pd.DataFrame(rows), losses, before, len(task.y_train))


@dataclass
class LabelRuns:
    """Accuracy vs labels, pretrained and from scratch (full fine-tuning)."""

    table: pd.DataFrame  # n_labels, start, accuracy


def label_runs() -> LabelRuns:
    """Full fine-tuning from the pretrained weights and from a fresh initialisation
    of the same architecture, at several numbers of labels."""
    base = _base()
    sizes = config.pick(normal=(32, 128, 512, 2048), fast=(32, 128))
    rows = []
    for n in sizes:
        task = make_task("tickets", n_train=n, input_len=INPUT_LEN)
        for start in ("pretrained", "scratch"):
            torch.manual_seed(0)
            body = base if start == "pretrained" else GPT(base.config)
            model = apply_method(body, "full", n_classes=4, input_len=INPUT_LEN)
            fit_classifier(model, task, steps=_steps())
            rows.append(
                {"labels": n, "start": start, "accuracy": accuracy(model, task)}
            )
    return LabelRuns(pd.DataFrame(rows))


@dataclass
class TaskRuns:
    """Small LoRA weights (and heads) of several tasks on one frozen base."""

    settings: dict  # apply_method settings shared by every task
    states: dict  # task -> trainable tensors
    logits: dict  # task -> (64, K) test logits of the trained model
    accuracy: dict  # task -> test accuracy
    classes: dict  # task -> class names


TASK_SETTINGS = {
    "rank": 4,
    "alpha": 8.0,
    "targets": "attention",
    "input_len": INPUT_LEN,
}


def task_runs() -> TaskRuns:
    """One LoRA per task of :data:`helpers.llm.finetune.TASKS`, same base, same
    settings, each with its own head (classes padded to the largest task: 4)."""
    base = _base()
    states, logits, acc, classes = {}, {}, {}, {}
    for name in ("tickets", "instruction", "sign"):
        task = make_task(name, n_train=512, input_len=INPUT_LEN)
        model = apply_method(base, "lora", n_classes=4, **TASK_SETTINGS)
        fit_classifier(model, task, steps=config.pick(normal=150, fast=10))
        states[name] = trainable_state(model)
        logits[name] = predict_logits(model, task.X_test[:64], task.M_test[:64])
        acc[name], classes[name] = accuracy(model, task), list(task.classes)
    return TaskRuns(dict(TASK_SETTINGS), states, logits, acc, classes)


def serving_model(runs: TaskRuns) -> PeftModel:
    """The frozen base with the LoRA structure of ``runs`` (weights: swap them in)."""
    if not isinstance(runs, TaskRuns):
        raise TypeError(f"runs must be a TaskRuns, got {type(runs).__name__}")
    return apply_method(_base(), "lora", n_classes=4, **runs.settings).eval()


def task_inputs(name: str) -> Task:
    """The task ``name`` as :func:`task_runs` made it (its logits are of the first
    64 test rows)."""
    name = check_choice("name", name, ["tickets", "instruction", "sign"])
    return make_task(name, n_train=512, input_len=INPUT_LEN)


@dataclass
class LoraGrid:
    """Accuracy and trainable parameters for LoRA rank x target layers."""

    table: pd.DataFrame  # rank, targets, accuracy, trainable, trainable %


def lora_grid() -> LoraGrid:
    """LoRA on the ticket task for every rank and target group (same budget)."""
    base = _base()
    task = make_task("tickets", n_train=512, input_len=INPUT_LEN)
    total = count_all(base)
    rows = []
    for rank in config.pick(normal=(1, 2, 4, 8, 16), fast=(1, 4)):
        for targets in ("attention", "mlp", "both"):
            model = apply_method(
                base, "lora", n_classes=4, rank=rank, alpha=2.0 * rank,
                targets=targets, input_len=INPUT_LEN,
            )  # fmt: skip
            fit_classifier(model, task, steps=config.pick(normal=150, fast=5))
            n = count_trainable(model)
            rows.append(
                {
                    "rank": rank,
                    "targets": targets,
                    "accuracy": accuracy(model, task),
                    "trainable": n,
                    "trainable %": 100 * n / total,
                }
            )
    return LoraGrid(pd.DataFrame(rows))


def instruction_runs() -> InstructRuns:
    """Self-instruct data from the pretrained model, full fine-tuning on it, exact
    match on held-out instructions before and after."""
    return instruct_runs(
        _base(), val_ids(), n_variants=config.pick(normal=300, fast=20),
        steps=config.pick(normal=800, fast=10), method="full", lr=3e-3,
    )  # fmt: skip


PRODUCERS = {
    "ft_instruct": instruction_runs,
    "ft_methods": method_runs,
    "ft_labels": label_runs,
    "ft_tasks": task_runs,
    "ft_lora_grid": lora_grid,
}


def shipped_methods() -> MethodRuns:
    """The shipped :func:`method_runs` (what ``make artefacts`` builds)."""
    return artefacts.shipped("ft_methods", method_runs, params={"v": 1})


def shipped_labels() -> LabelRuns:
    """The shipped :func:`label_runs`."""
    return artefacts.shipped("ft_labels", label_runs, params={"v": 1})


def shipped_tasks() -> TaskRuns:
    """The shipped :func:`task_runs`."""
    return artefacts.shipped("ft_tasks", task_runs, params={"v": 1})


def shipped_lora_grid() -> LoraGrid:
    """The shipped :func:`lora_grid`."""
    return artefacts.shipped("ft_lora_grid", lora_grid, params={"v": 1})


def shipped_instruct() -> InstructRuns:
    """The shipped :func:`instruction_runs`."""
    return artefacts.shipped("ft_instruct", instruction_runs, params={"v": 1})


_SHIPPED = {
    "ft_instruct": shipped_instruct,
    "ft_methods": shipped_methods,
    "ft_labels": shipped_labels,
    "ft_tasks": shipped_tasks,
    "ft_lora_grid": shipped_lora_grid,
}


def load(name: str, *, verbose: bool = True):
    """The shipped run ``name`` (one of :data:`PRODUCERS`), read without pickle in
    normal and fast mode alike; computed (and cached) when the file is unusable."""
    name = check_choice("name", name, list(PRODUCERS))
    path = artefacts.artefact_name(name)
    try:
        blob = read_project_file(path)
        run = serialize.loads(blob, key=serialize.recorded_key(blob))
    except (ValueError, KeyError) as exc:
        if verbose:
            print(f"shipped {path} not usable ({exc}); computing instead")
        return _SHIPPED[name]()
    if verbose:
        print(f"loaded {name} from data/{path} ({len(blob) / 1e3:.0f} kB)")
    return run
