"""Lesson 17's shipped runs: what the files hold, and swapping each task's weights
into one served model reproduces the logits recorded at training time."""

import numpy as np
import pytest

from helpers.llm import finetune_runs
from helpers.llm.finetune import predict_logits
from helpers.llm.peft_model import load_trainable


def test_row_names_and_rows():
    assert finetune_runs.row_name("prefix", {"reparam": True}) == "prefix + MLP"
    assert finetune_runs.row_name("lora", {}) == "lora"
    names = [finetune_runs.row_name(m, s) for m, s in finetune_runs.ROWS]
    assert len(set(names)) == len(names) == 7


def test_shipped_method_table_has_every_row_and_column():
    runs = finetune_runs.load("ft_methods", verbose=False)
    assert isinstance(runs, finetune_runs.MethodRuns)
    table = runs.table.set_index("method")
    assert list(table.index) == [finetune_runs.row_name(m, s)
                                 for m, s in finetune_runs.ROWS]  # fmt: skip
    assert table["accuracy"].between(0, 1).all()
    assert table["trainable"]["full"] > table["trainable"].drop("full").max()
    assert bool(table["base unchanged"].drop("full").all())


def test_swapping_task_weights_reproduces_the_trained_logits():
    runs = finetune_runs.load("ft_tasks", verbose=False)
    served = finetune_runs.serving_model(runs)
    assert set(runs.states) == {"tickets", "instruction", "sign"}
    for name, state in runs.states.items():
        task = finetune_runs.task_inputs(name)
        load_trainable(served, state)
        got = predict_logits(served, task.X_test[:64], task.M_test[:64])
        assert np.abs(got - runs.logits[name]).max() < 1e-6, name


def test_grid_and_labels_cover_their_settings():
    grid = finetune_runs.load("ft_lora_grid", verbose=False).table
    assert set(grid["targets"]) == {"attention", "mlp", "both"}
    per_rank = grid.groupby("rank")["trainable"]
    assert (per_rank.max() > per_rank.min()).all()  # both > attention or mlp
    labels = finetune_runs.load("ft_labels", verbose=False).table
    assert set(labels["start"]) == {"pretrained", "scratch"}


def test_load_refuses_unknown_names():
    with pytest.raises(ValueError, match="ft_methods"):
        finetune_runs.load("ft_nothing")
