"""Lesson 17's expected answers against independent computations."""

import pytest
import torch

from helpers.llm import solutions_17
from helpers.llm.finetune import accuracy, fit_classifier
from helpers.llm.model import GPT, SIZES
from helpers.llm.peft_model import apply_method, count_trainable
from llm.ft_support import fake_methods
from llm.peft_support import TINY, tiny_gpt, tiny_task


def test_ex1_equals_the_count_of_the_built_model():
    for config in (TINY, SIZES["small"]):
        gpt = tiny_gpt() if config is TINY else GPT(config)
        model = apply_method(gpt, "lora", n_classes=4, rank=8, targets="both",
                             input_len=16)  # fmt: skip
        assert solutions_17.ex1(config) == count_trainable(model)


def test_ex2_picks_the_largest_rise():
    runs = fake_methods()
    assert solutions_17.ex2(runs.table, runs.bpc_before) == "a"  # full: 3.0
    table = runs.table.copy()
    table.loc[table["method"] == "prompt", "bpc after"] = 9.0
    assert solutions_17.ex2(table, runs.bpc_before) == "c"
    with pytest.raises(TypeError):
        solutions_17.ex2(table.drop(columns="bpc after"), 2.0)


def test_ex3_is_head_only_training():
    gpt, task = tiny_gpt(), tiny_task()
    torch.manual_seed(0)
    model = apply_method(gpt, "head", n_classes=4, input_len=16)
    fit_classifier(model, task, steps=3, seed=0)
    assert solutions_17.ex3(gpt, task, steps=3) == accuracy(model, task)
