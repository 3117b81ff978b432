"""Bad-input cases of lesson 16 in helpers.llm (see tests/bad_input.py).

Valid calls stay small: a one-layer model, a few hundred token ids, one training
step, two ranks of tiny tensors. Distributed runs go through a private temporary
cache; their bad arguments must be refused before any process starts.

Arguments left out of a case's kinds are named in a comment with the reason.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import torch
import torch._dynamo  # noqa: F401 - optimisers and DDP import it on first use (seconds)
from bad_input import Case, private_cache

from helpers.llm import (
    checkpoints,
    corpus,
    faults,
    launch,
    model,
    ngram,
    parallel,
    parallel_data,
    parallel_pipeline,
    parallel_plots,
    parallel_tensor,
    pipeline_widget,
    pretrain_plots,
    solutions_16,
    tokenizer,
    train,
)

CFG = model.GPTConfig(n_layer=1, n_head=2, n_embd=16, block_size=16)
IDS = tokenizer.encode("the cat sat on the mat. " * 20)  # 480 ids


def _gpt() -> model.GPT:
    torch.manual_seed(0)
    return model.GPT(CFG)


def _log() -> train.TrainLog:
    return train.TrainLog(
        np.array([0, 10]),
        np.array([0, 100]),
        np.linspace(3, 2, 10),
        np.array([6.0, 3.0]),
        ["a", "b"],
        1.0,
    )


def _run(size: str = "tiny") -> checkpoints.PretrainRun:
    return checkpoints.PretrainRun(size, {}, {}, _log(), 100, 1000, 6e5)


def _fake_results() -> list[dict]:
    """Two ranks, one GPipe run with m = 1 (as in tests/llm/conftest.py)."""

    def run(events, t0):
        return {
            "schedule": "gpipe",
            "m": 1,
            "loss": 1.5,
            "events": np.array(events),
            "t0": t0,
            "peak_in_flight": 1,
            "bytes_sent": 100,
            "grad_max_diff": 0.0,
        }

    return [
        {
            "rank": r,
            "ref_loss": 1.5,
            "stage_params": 50,
            "full_params": 100,
            "runs": [run([(0, 0, 0.0 + r, 1.0 + r), (1, 0, 3.0 - r, 4.0 - r)], 10.0)],
        }
        for r in range(2)
    ]


@functools.cache
def _pipeline() -> parallel.PipelineResult:
    return parallel.summarise_pipeline(_fake_results())


def _dp() -> parallel.DataParallelResult:
    return parallel.DataParallelResult(2, 0.0, 0.0, 0.0, pd.DataFrame(), 4, 4, 4, 1, 1)


def _tp() -> parallel.TensorParallelResult:
    return parallel.TensorParallelResult(2, 0, 0, 0, 0, 1, 1, 1, 1, 2)


def _measured() -> pd.DataFrame:
    return parallel.measured_table(_dp(), _tp(), _pipeline())


CASES: list[Case] = [
    # ------------------------------------------------------------ text and tokens
    Case(
        corpus.gather_docstrings,
        lambda: {"modules": ["textwrap"]},
        {"modules": "texts"},
    ),
    Case(
        corpus.clean_documents,
        lambda: {
            "docs": ["Return the value of x. " * 4],
            "min_chars": 10,
            "max_chars": 500,
            "min_letters": 0.5,
        },
        {
            "docs": "texts",
            "min_chars": "count",
            "max_chars": "count",
            "min_letters": "prob",
        },
    ),
    Case(
        corpus.task_text, lambda: {"n": 3, "seed": 0}, {"n": "count", "seed": "index"}
    ),
    # word: any non-empty string is a word; non-strings are refused (test_corpus)
    Case(
        corpus.apply_instruction,
        lambda: {"operation": "reverse", "word": "abc"},
        {"operation": "choice"},
    ),
    Case(
        corpus.build_corpus,
        lambda: {"n_tasks": 5, "val_fraction": 0.1, "seed": 0},
        {"n_tasks": "index", "val_fraction": "prob", "seed": "index"},
    ),
    # decode: empty ids decode to "" (valid); floats, other shapes and ids outside
    # the vocabulary are refused (test_tokenizer)
    Case(tokenizer.decode, lambda: {"ids": np.array([2, 3])}, {}),
    # --------------------------------------------------------------------- model
    Case(
        model.GPTConfig,
        lambda: {"n_layer": 1, "n_head": 2, "n_embd": 16, "block_size": 8},
        {
            "n_layer": "count",
            "n_head": "count",
            "n_embd": "count",
            "block_size": "count",
        },
    ),
    Case(model.config_for, lambda: {"size": "tiny"}, {"size": "choice"}),
    Case(model.CausalSelfAttention, lambda: {"config": CFG}, {"config": "instance"}),
    Case(model.MLP, lambda: {"config": CFG}, {"config": "instance"}),
    Case(model.Block, lambda: {"config": CFG}, {"config": "instance"}),
    Case(model.GPT, lambda: {"config": CFG}, {"config": "instance"}),
    # config: None means "check ids only"
    Case(
        model.check_context,
        lambda: {"idx": torch.zeros(1, 4, dtype=torch.long), "config": CFG},
        {"idx": "instance"},
    ),
    # -------------------------------------------------------------- training
    Case(
        train.TrainConfig,
        lambda: {
            "steps": 2,
            "batch_size": 2,
            "block_size": 8,
            "lr": 1e-3,
            "min_lr": 1e-4,
            "warmup": 1,
            "eval_every": 1,
            "seed": 0,
        },
        {
            "steps": "count",
            "batch_size": "count",
            "block_size": "count",
            "lr": "positive",
            "warmup": "index",
            "eval_every": "count",
            "seed": "index",
        },
    ),
    Case(
        train.check_token_ids,
        lambda: {"name": "ids", "ids": IDS},
        # min_len: callers pass a constant; changing train.py would make every
        # shipped llm checkpoint stale for a check no caller needs
        {"ids": "labels"},
    ),
    Case(
        train.get_batch,
        lambda: {
            "ids": IDS,
            "batch_size": 2,
            "block_size": 8,
            "generator": torch.Generator().manual_seed(0),
        },
        {
            "ids": "labels",
            "batch_size": "count",
            "block_size": "count",
            "generator": "instance",
        },
    ),
    Case(
        train.eval_bpc,
        lambda: {"model": _gpt(), "ids": IDS, "block_size": 8, "max_windows": 4},
        {
            "model": "instance",
            "ids": "labels",
            "block_size": "count",
            "max_windows": "count",
        },
    ),
    Case(
        train.lr_at,
        lambda: {"step": 3, "config": train.TrainConfig(steps=10)},
        {"step": "index", "config": "instance"},
    ),
    Case(
        train.sample,
        lambda: {"model": _gpt(), "prompt": "ab", "n_chars": 3, "seed": 0},
        # prompt: any non-empty string of the vocabulary; others refused by encode
        {"model": "instance", "n_chars": "index", "seed": "index"},
    ),
    # config: None means the default TrainConfig
    Case(
        train.pretrain,
        lambda: {
            "model": _gpt(),
            "train_ids": IDS,
            "val_ids": IDS[:40],
            "config": train.TrainConfig(
                steps=1, batch_size=2, block_size=8, eval_batches=1, sample_chars=2
            ),
        },
        {"model": "instance", "train_ids": "array", "val_ids": "array"},
    ),
    # ------------------------------------------------------------ checkpoints
    Case(
        checkpoints.train_config,
        lambda: {"steps": 5, "seed": 0},
        {"steps": "count", "seed": "index"},
    ),
    # verbose: a flag that only prints
    Case(
        checkpoints.load_run,
        lambda: {"size": "tiny", "verbose": False},
        {"size": "choice"},
    ),
    Case(
        checkpoints.load_pretrained,
        lambda: {"size": "tiny", "verbose": False},
        {"size": "choice"},
    ),
    Case(
        checkpoints.scaling_table,
        lambda: {"runs": {"tiny": _run()}},
        {"runs": "instance"},
    ),
    Case(
        checkpoints.best_bpc, lambda: {"runs": {"tiny": _run()}}, {"runs": "instance"}
    ),
    # ----------------------------------------------------------------- n-grams
    Case(
        ngram.fit_ngram,
        lambda: {"ids": IDS, "order": 3, "vocab_size": 97},
        {"ids": "array", "order": "count", "vocab_size": "count"},
    ),
    Case(
        ngram.next_char_probs,
        lambda: {"model": ngram.fit_ngram(IDS, order=2), "ids": IDS[:20]},
        {"model": "instance", "ids": "array"},
    ),
    Case(
        ngram.bits_per_char,
        lambda: {"model": ngram.fit_ngram(IDS, order=2), "ids": IDS[:20]},
        {"model": "instance", "ids": "array"},
    ),
    Case(
        ngram.order_table,
        lambda: {"train_ids": IDS, "val_ids": IDS[:50], "orders": [1, 2]},
        # orders: a list of ints, each checked as fit_ngram's order
        {"train_ids": "array", "val_ids": "array"},
    ),
    Case(
        private_cache(ngram.baseline_table),
        lambda: {"orders": [1], "seed": 0},
        {"seed": "index"},
        name="helpers.llm.ngram.baseline_table",
    ),
    # ----------------------------------------------------- launching processes
    Case(
        launch.check_launch,
        lambda: {"task": "fail", "world_size": 2, "args": {"mode": "ok"}},
        {"task": "choice", "world_size": "count", "args": "instance"},
    ),
    # args: None means no arguments
    Case(
        launch.launch,
        lambda: {
            "task": "fail",
            "world_size": 2,
            "args": {"mode": "ok", "steps": 2},
            "timeout": 30.0,
            "start_method": "fork",
        },
        {
            "task": "choice",
            "world_size": "count",
            "timeout": "positive",
            "start_method": "choice",
        },
    ),
    Case(
        faults.check_args,
        lambda: {
            "world_size": 2,
            "mode": "ok",
            "bad_rank": 1,
            "at_step": 2,
            "steps": 5,
        },
        {
            "world_size": "count",
            "mode": "choice",
            "bad_rank": "index",
            "at_step": "index",
            "steps": "count",
        },
    ),
    Case(
        parallel_data.demo_config,
        lambda: {"size": "tiny", "block_size": 8},
        {"size": "choice", "block_size": "count"},
    ),
    Case(
        parallel_data.check_args,
        lambda: {
            "world_size": 2,
            "size": "tiny",
            "batch_size": 4,
            "block_size": 8,
            "steps": 1,
            "seed": 0,
        },
        {
            "world_size": "count",
            "size": "choice",
            "batch_size": "count",
            "block_size": "count",
            "steps": "count",
            "seed": "index",
        },
    ),
    Case(
        parallel_data.global_batch,
        lambda: {"config": CFG, "batch_size": 2, "seed": 0, "step": 0},
        {"config": "instance", "batch_size": "count", "seed": "index", "step": "index"},
    ),
    Case(
        parallel_tensor.check_args,
        lambda: {
            "world_size": 2,
            "n_embd": 8,
            "batch_size": 2,
            "block_size": 4,
            "seed": 0,
        },
        {
            "world_size": "count",
            "n_embd": "count",
            "batch_size": "count",
            "block_size": "count",
            "seed": "index",
        },
    ),
    Case(
        parallel_tensor.shard,
        lambda: {"tensor": torch.ones(4, 2), "rank": 1, "world_size": 2, "dim": 0},
        {"tensor": "instance", "rank": "index", "world_size": "count", "dim": "index"},
    ),
    Case(
        parallel_pipeline.check_args,
        lambda: {
            "world_size": 2,
            "micro_batches": [1, 2],
            "batch_size": 4,
            "n_layer": 2,
            "n_embd": 8,
            "block_size": 4,
            "repeats": 1,
            "seed": 0,
        },
        {
            "world_size": "count",
            "micro_batches": "array",
            "batch_size": "count",
            "n_layer": "count",
            "n_embd": "count",
            "block_size": "count",
            "repeats": "count",
            "seed": "index",
        },
    ),
    Case(
        parallel_pipeline.schedule,
        lambda: {"kind": "1f1b", "rank": 0, "world_size": 2, "m": 3},
        {"kind": "choice", "rank": "index", "world_size": "count", "m": "count"},
    ),
    Case(
        parallel_pipeline.bubble_formula,
        lambda: {"world_size": 2, "m": 4},
        {"world_size": "count", "m": "count"},
    ),
    Case(
        private_cache(parallel.run_data_parallel),
        lambda: {
            "world_size": 2,
            "batch_size": 2,
            "steps": 1,
            "size": "tiny",
            "seed": 0,
        },
        {
            "world_size": "count",
            "batch_size": "count",
            "steps": "count",
            "size": "choice",
            "seed": "index",
        },
        name="helpers.llm.parallel.run_data_parallel",
    ),
    Case(
        private_cache(parallel.run_tensor_parallel),
        lambda: {"world_size": 2, "n_embd": 4, "seed": 0},
        {"world_size": "count", "n_embd": "count", "seed": "index"},
        name="helpers.llm.parallel.run_tensor_parallel",
    ),
    Case(
        private_cache(parallel.run_pipeline),
        lambda: {
            "world_size": 2,
            "micro_batches": [1],
            "batch_size": 2,
            "repeats": 1,
            "seed": 0,
        },
        {
            "world_size": "count",
            "micro_batches": "array",
            "batch_size": "count",
            "repeats": "count",
            "seed": "index",
        },
        name="helpers.llm.parallel.run_pipeline",
    ),
    Case(
        parallel.summarise_pipeline,
        lambda: {"results": _fake_results()},
        {"results": "instance"},
    ),
    Case(
        parallel.measured_table,
        lambda: {"dp": _dp(), "tp": _tp(), "pp": _pipeline()},
        {"dp": "instance", "tp": "instance", "pp": "instance"},
    ),
    Case(
        parallel.bubble_error, lambda: {"result": _pipeline()}, {"result": "instance"}
    ),
    # ------------------------------------------------------- plots and widget
    Case(
        pretrain_plots.plot_loss_curve,
        lambda: {"log": _log(), "window": 3},
        {"log": "instance", "window": "count"},
    ),
    Case(
        pretrain_plots.plot_ngram_orders,
        lambda: {
            "table": pd.DataFrame({"order": [1, 2], "bpc": [4.0, 3.0]}),
            "model_bpc": 2.5,
            "model_label": "GPT",
        },
        # model_label: any string
        {"table": "frame", "model_bpc": "real"},
    ),
    Case(
        pretrain_plots.plot_scaling,
        lambda: {"runs": {"tiny": _run()}},
        {"runs": "instance"},
    ),
    Case(
        parallel_plots.plot_schedule,
        lambda: {"result": _pipeline(), "schedule": "gpipe", "m": 1},
        {"result": "instance", "schedule": "choice", "m": "count"},
    ),
    Case(
        parallel_plots.plot_bubbles,
        lambda: {"result": _pipeline()},
        {"result": "instance"},
    ),
    # result: None means "run the pipeline demo"
    Case(
        pipeline_widget.build_pipeline_widget,
        lambda: {"result": _pipeline()},
        {"result": "instance"},
    ),
    # -------------------------------------------------------------- solutions
    Case(solutions_16.ex1, lambda: {"run": _run()}, {"run": "instance"}),
    Case(solutions_16.ex2, lambda: {"measured": _measured()}, {"measured": "frame"}),
    Case(
        solutions_16.ex3,
        lambda: {"train_ids": IDS, "val_ids": IDS[:30], "order": 2},
        {"train_ids": "array", "val_ids": "array", "order": "count"},
    ),
]

RECORD = "a plain record of results, built by "

EXEMPT = {
    "helpers.llm.tokenizer.encode": (
        "its only argument is any string; characters outside the vocabulary and "
        "non-strings are refused (tests/llm/test_tokenizer.py)"
    ),
    "helpers.llm.corpus.data_mix_table": "takes no arguments at all",
    "helpers.llm.corpus.CleanedText": RECORD + "clean_documents",
    "helpers.llm.corpus.Corpus": RECORD + "build_corpus",
    "helpers.llm.train.TrainLog": RECORD + "pretrain",
    "helpers.llm.checkpoints.PretrainRun": RECORD + "train_size",
    "helpers.llm.checkpoints.train_size": (
        "pretrains a model (many seconds even for one step on a busy machine); its "
        "size, steps and seed are refused before any work in "
        "tests/llm/test_checkpoints.py::test_train_size_refuses_bad_arguments_at_once"
    ),
    "helpers.llm.checkpoints.pretrained_tiny": "takes no arguments at all",
    "helpers.llm.checkpoints.pretrained_small": "takes no arguments at all",
    "helpers.llm.checkpoints.pretrained_base": "takes no arguments at all",
    "helpers.llm.ngram.NGramModel": RECORD + "fit_ngram",
    "helpers.llm.parallel.DataParallelResult": RECORD + "run_data_parallel",
    "helpers.llm.parallel.TensorParallelResult": RECORD + "run_tensor_parallel",
    "helpers.llm.parallel.PipelineResult": RECORD + "summarise_pipeline",
    "helpers.llm.parallel.textbook_table": "takes no arguments at all",
    "helpers.llm.launch.tasks": "takes no arguments at all",
    "helpers.llm.launch.max_world_size": "takes no arguments at all",
    "helpers.llm.launch.free_port": "takes no arguments at all",
    "helpers.llm.launch.main": (
        "the torchrun entry point: argparse refuses bad arguments and exits; tested "
        "through a real torchrun launch in tests/llm/test_launch.py"
    ),
    "helpers.llm.faults.worker": (
        "runs inside a rank, in a process group, after check_args refused bad "
        "arguments before any process started"
    ),
    "helpers.llm.parallel_data.worker": (
        "runs inside a rank, in a process group, after check_args refused bad "
        "arguments before any process started"
    ),
    "helpers.llm.parallel_tensor.worker": (
        "runs inside a rank, in a process group, after check_args refused bad "
        "arguments before any process started"
    ),
    "helpers.llm.parallel_pipeline.worker": (
        "runs inside a rank, in a process group, after check_args refused bad "
        "arguments before any process started"
    ),
}
