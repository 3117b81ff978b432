"""Bad-input cases of lesson 17 in helpers.llm (see tests/bad_input.py).

Valid calls stay small: the two-block model of ``llm.peft_support`` (16 channels,
context 24), a 64-ticket task of 16 characters, one or two training steps, and the
hand-made results of ``llm.ft_support``. Arguments left out of a case's kinds are
named in a comment with the reason.
"""

from __future__ import annotations

import numpy as np
import torch
from bad_input import Case
from torch import nn

from helpers.llm import (
    finetune,
    finetune_plots,
    finetune_runs,
    finetune_widget,
    instruct,
    peft_layers,
    peft_model,
    solutions_17,
)
from helpers.llm.tokenizer import encode
from llm.ft_support import fake_grid, fake_labels, fake_methods
from llm.peft_support import TINY, tiny_gpt, tiny_task

IDS = encode("Return the sum of the values. " * 10)


def _lora_model() -> peft_model.PeftModel:
    return peft_model.apply_method(tiny_gpt(), "lora", n_classes=4, input_len=16)


def _lm_model(block: int = 64) -> peft_model.PeftModel:
    return peft_model.apply_method(tiny_gpt(block_size=block), "full", input_len=block)


def _tasks() -> finetune_runs.TaskRuns:
    return finetune_runs.TaskRuns(dict(finetune_runs.TASK_SETTINGS), {}, {}, {}, {})


CASES: list[Case] = [
    # ------------------------------------------------------------ the methods
    Case(
        peft_layers.LoRALinear,
        lambda: {"base": nn.Linear(4, 3), "rank": 2, "alpha": 2.0},
        {"base": "instance", "rank": "count", "alpha": "positive"},
    ),
    Case(
        peft_layers.Adapter,
        lambda: {"sublayer": nn.Linear(4, 4), "n_embd": 4, "bottleneck": 2},
        {"sublayer": "instance", "n_embd": "count", "bottleneck": "count"},
    ),
    # reparam: True/False, anything else is refused (a bool flag, no kind fits)
    Case(
        peft_layers.PrefixTuning,
        lambda: {
            "n_layer": 2,
            "n_embd": 4,
            "length": 3,
            "reparam": True,
            "hidden": 5,
        },  # fmt: skip
        {"n_layer": "count", "n_embd": "count", "length": "count", "hidden": "count"},
    ),
    # x, keys, values: tensors shaped by PeftModel; a wrong shape raises in torch
    Case(
        peft_layers.prefix_attention,
        lambda: {
            "attn": tiny_gpt().blocks[0].attn,
            "x": torch.zeros(1, 3, 16),
            "keys": torch.zeros(2, 16),
            "values": torch.zeros(2, 16),
        },  # fmt: skip
        {"attn": "instance"},
    ),
    # init: None means "random"; a tensor of another shape is refused (test)
    Case(
        peft_layers.PromptTuning,
        lambda: {"n_embd": 4, "length": 3},
        {"n_embd": "count", "length": "count"},
    ),
    Case(peft_model.lora_targets, lambda: {"targets": "both"}, {"targets": "choice"}),
    # copy_model: a flag; other settings are attacked through rank and targets
    Case(
        peft_model.apply_method,
        lambda: {
            "model": tiny_gpt(),
            "method": "lora",
            "rank": 2,
            "targets": "attention",
            "input_len": 16,
        },  # fmt: skip
        {
            "model": "instance",
            "method": "choice",
            "rank": "count",
            "targets": "choice",
            "input_len": "count",
        },  # fmt: skip
    ),
    Case(
        peft_model.expected_trainable,
        lambda: {"config": TINY, "method": "lora", "rank": 2, "input_len": 16},
        {"config": "instance", "method": "choice", "rank": "count"},
    ),
    Case(
        peft_model.count_trainable,
        lambda: {"model": nn.Linear(2, 2)},
        {"model": "instance"},
    ),  # fmt: skip
    Case(
        peft_model.count_all, lambda: {"model": nn.Linear(2, 2)}, {"model": "instance"}
    ),  # fmt: skip
    Case(
        peft_model.trainable_state,
        lambda: {"model": _lora_model()},
        {"model": "instance"},
    ),  # fmt: skip
    Case(
        peft_model.base_state, lambda: {"model": _lora_model()}, {"model": "instance"}
    ),  # fmt: skip
    Case(
        peft_model.load_trainable,
        lambda: (
            (m := _lora_model())
            and {"model": m, "state": peft_model.trainable_state(m)}
        ),
        {"model": "instance", "state": "instance"},
    ),
    # ----------------------------------------------------------- fine-tuning
    Case(
        finetune.encode_texts,
        lambda: {"texts": ["hi", "hello"], "input_len": 4},
        {"texts": "texts", "input_len": "count"},
    ),
    Case(
        finetune.make_task,
        lambda: {
            "name": "sign",
            "n_train": 8,
            "n_test": 4,
            "input_len": 16,
            "seed": 0,
        },  # fmt: skip
        {
            "name": "choice",
            "n_train": "count",
            "n_test": "count",
            "input_len": "count",
            "seed": "index",
        },  # fmt: skip
    ),
    # question: any string; what is not "Q: a op b" is refused (test_finetune)
    Case(finetune.eval_sign, lambda: {"question": "Q: 3 - 5 = ?"}, {}),
    Case(
        finetune.fit_classifier,
        lambda: {
            "model": _lora_model(),
            "task": tiny_task(),
            "steps": 1,
            "batch_size": 4,
            "lr": 1e-3,
            "seed": 0,
        },  # fmt: skip
        {
            "model": "instance",
            "task": "instance",
            "steps": "count",
            "batch_size": "count",
            "lr": "positive",
            "seed": "index",
        },  # fmt: skip
    ),
    # X, M: token ids and mask; a wrong shape or dtype is refused by the model
    Case(
        finetune.predict_logits,
        lambda: {
            "model": _lora_model(),
            "X": tiny_task().X_test,
            "M": tiny_task().M_test,
        },  # fmt: skip
        {"model": "instance"},
    ),
    Case(
        finetune.accuracy,
        lambda: {"model": _lora_model(), "task": tiny_task()},
        {"model": "instance", "task": "instance"},
    ),
    Case(
        finetune.step_memory,
        lambda: {"model": _lora_model(), "task": tiny_task(), "batch_size": 4},
        {"model": "instance", "task": "instance", "batch_size": "count"},
    ),
    Case(
        finetune.checkpoint_bytes,
        lambda: {"model": _lora_model()},
        {"model": "instance"},
    ),  # fmt: skip
    Case(
        finetune.lm_bpc,
        lambda: {"model": _lora_model(), "ids": IDS, "window": 8, "max_windows": 2},
        {
            "model": "instance",
            "ids": "labels",
            "window": "count",
            "max_windows": "count",
        },  # fmt: skip
    ),
    # --------------------------------------------------------- instructions
    # text: any string parses (None when it is not an instruction)
    Case(instruct.parse_instruction, lambda: {"text": "first letter of abc."}, {}),
    # instruction, response: any strings; non-strings are refused (test_instruct)
    Case(instruct.format_pair, lambda: {"instruction": "a.", "response": "b"}, {}),
    Case(
        instruct.template_instructions, lambda: {"words": ["abc"]}, {"words": "texts"}
    ),  # fmt: skip
    Case(
        instruct.model_variants,
        lambda: {"model": tiny_gpt(), "n": 2, "temperature": 1.0, "seed": 0},
        {
            "model": "instance",
            "n": "count",
            "temperature": "positive",
            "seed": "index",
        },  # fmt: skip
    ),
    # exclude: a collection of words (the default: the held-out words)
    Case(
        instruct.filter_instructions,
        lambda: {"candidates": ["reverse the word abc."], "max_chars": 30},
        {"candidates": "texts", "max_chars": "count"},
    ),
    Case(
        instruct.answer,
        lambda: {
            "model": tiny_gpt(),
            "instructions": ["first letter of abc."],
            "max_chars": 2,
        },  # fmt: skip
        {"model": "instance", "instructions": "texts", "max_chars": "count"},
    ),
    Case(
        instruct.exact_match,
        lambda: {"model": tiny_gpt(), "pairs": [("first letter of abc.", "a")]},
        {"model": "instance", "pairs": "instance"},
    ),
    Case(
        instruct.instruction_tune,
        lambda: {
            "model": _lm_model(),
            "pairs": ["Instruction: a.\nResponse: b"],
            "steps": 1,
            "batch_size": 2,
            "lr": 1e-3,
            "seed": 0,
        },  # fmt: skip
        {
            "model": "instance",
            "pairs": "texts",
            "steps": "count",
            "batch_size": "count",
            "lr": "positive",
            "seed": "index",
        },  # fmt: skip
    ),
    Case(
        instruct.random_words,
        lambda: {"n": 3, "seed": 0},
        {"n": "count", "seed": "index"},
    ),  # fmt: skip
    # ------------------------------------------------------------ shipped runs
    # settings: a dict of apply_method settings; only "reparam" is read
    Case(finetune_runs.row_name, lambda: {"method": "prefix", "settings": {}}, {}),
    Case(
        finetune_runs.serving_model, lambda: {"runs": _tasks()}, {"runs": "instance"}
    ),  # fmt: skip
    Case(finetune_runs.task_inputs, lambda: {"name": "sign"}, {"name": "choice"}),
    # verbose: a flag that only prints
    Case(
        finetune_runs.load,
        lambda: {"name": "ft_lora_grid", "verbose": False},
        {"name": "choice"},
    ),  # fmt: skip
    # ------------------------------------------------------- figures, widget
    Case(
        finetune_plots.plot_label_curve,
        lambda: {"runs": fake_labels()},
        {"runs": "instance"},
    ),  # fmt: skip
    Case(
        finetune_plots.plot_methods,
        lambda: {"runs": fake_methods()},
        {"runs": "instance"},
    ),  # fmt: skip
    Case(
        finetune_plots.plot_lora_grid,
        lambda: {"grid": fake_grid(), "rank": 4, "targets": "mlp"},
        {"grid": "instance", "rank": "count", "targets": "choice"},
    ),
    # grid: None loads the shipped grid; other types are refused (TypeError)
    Case(finetune_widget.build_lora_widget, lambda: {"grid": fake_grid()}, {}),
    # ------------------------------------------------------------- solutions
    Case(
        solutions_17.ex1,
        lambda: {"config": TINY, "rank": 2, "n_classes": 4},
        {"config": "instance", "rank": "count", "n_classes": "count"},
    ),
    Case(
        solutions_17.ex2,
        lambda: {
            "table": fake_methods().table[["method", "bpc after"]],
            "bpc_before": 2.3,
        },  # fmt: skip
        {"table": "frame", "bpc_before": "real"},
    ),
    Case(
        solutions_17.ex3,
        lambda: {"base": tiny_gpt(), "task": tiny_task(), "steps": 1, "seed": 0},
        {"base": "instance", "task": "instance", "steps": "count", "seed": "index"},
    ),
]

RECORD = "a plain record of results, built by "
NO_ARGS = "takes no arguments: a shipped run of lesson 17 (minutes of training)"

EXEMPT = {
    "helpers.llm.peft_model.MethodConfig": (
        "a record of settings; apply_method and expected_trainable check every "
        "field before use (test_peft_model)"
    ),
    "helpers.llm.peft_model.PeftModel": (
        "built by apply_method, which checks the model, method and settings first"
    ),
    "helpers.llm.finetune.Task": RECORD + "make_task",
    "helpers.llm.finetune.FitLog": RECORD + "fit_classifier",
    "helpers.llm.instruct.InstructionData": RECORD + "filter_instructions",
    "helpers.llm.instruct.InstructRuns": RECORD + "instruct_runs",
    "helpers.llm.instruct.held_out_instructions": "takes no arguments at all",
    "helpers.llm.instruct.instruct_runs": (
        "generates, filters and tunes for minutes; its counts and rates are checked "
        "by model_variants, random_words and instruction_tune, which have cases"
    ),
    "helpers.llm.finetune_runs.val_ids": (
        "reads lesson 16's corpus (seconds); n_chars only slices the text"
    ),
    "helpers.llm.finetune_runs.MethodRuns": RECORD + "method_runs",
    "helpers.llm.finetune_runs.LabelRuns": RECORD + "label_runs",
    "helpers.llm.finetune_runs.TaskRuns": RECORD + "task_runs",
    "helpers.llm.finetune_runs.LoraGrid": RECORD + "lora_grid",
    "helpers.llm.finetune_runs.method_runs": NO_ARGS,
    "helpers.llm.finetune_runs.label_runs": NO_ARGS,
    "helpers.llm.finetune_runs.task_runs": NO_ARGS,
    "helpers.llm.finetune_runs.lora_grid": NO_ARGS,
    "helpers.llm.finetune_runs.instruction_runs": NO_ARGS,
    "helpers.llm.finetune_runs.shipped_methods": NO_ARGS,
    "helpers.llm.finetune_runs.shipped_labels": NO_ARGS,
    "helpers.llm.finetune_runs.shipped_tasks": NO_ARGS,
    "helpers.llm.finetune_runs.shipped_lora_grid": NO_ARGS,
    "helpers.llm.finetune_runs.shipped_instruct": NO_ARGS,
}

assert np is not None  # numpy is used by the hand-made fixtures' modules
