"""Lesson 16 targets: the shipped GPT against the n-gram baseline, the scaling runs,
the parallel runs against one process, the pipeline bubble, launch overhead and the
widget's redraw time.

The checkpoints are the shipped ones (``make artefacts``); the n-gram table covers
orders 1-6; parallel runs use two processes (gloo on 127.0.0.1). Times are wall
times on whatever machine runs this, so they are reported, not held to a target,
except the widget's median redraw.
"""

from __future__ import annotations

import time

import numpy as np

from benchmarks.common import Target, median_seconds
from helpers.llm import checkpoints, ngram, parallel
from helpers.llm.corpus import build_corpus
from helpers.llm.launch import launch
from helpers.llm.model import SIZES
from helpers.llm.pipeline_widget import build_pipeline_widget
from helpers.llm.tokenizer import encode
from helpers.llm.train import eval_bpc

LESSON = "16"


def run() -> list[Target]:
    runs = {s: checkpoints.load_run(s, verbose=False) for s in SIZES}
    val = encode(build_corpus(seed=0).val_text)
    model_bpc = eval_bpc(runs["base"].model(), val, max_windows=10_000)
    table = ngram.baseline_table(orders=(1, 2, 3, 4, 5, 6)).set_index("order")
    trigram, best = float(table.loc[3, "bpc"]), float(table["bpc"].min())
    targets = [
        Target(
            LESSON,
            "base GPT: held-out bits per character",
            f"< trigram ({trigram:.3f})",
            model_bpc,
            "bpc",
            model_bpc < trigram,
        ),
        Target(
            LESSON,
            "best n-gram (orders 1-6): held-out bpc",
            "(reported)",
            best,
            "bpc",
            True,
        ),
    ]
    final = checkpoints.best_bpc(runs)
    for (size, run), bpc in zip(runs.items(), final, strict=True):
        targets.append(
            Target(
                LESSON,
                f"{size} ({run.n_params:,} params, "
                f"{run.flops / 1e12:.2f} TFLOP): final bpc",
                "(reported)",
                float(bpc),
                "bpc",
                True,
            )
        )
    targets.append(
        Target(
            LESSON,
            "bpc falls with size at equal tokens",
            "monotone",
            float(np.all(np.diff(final) < 0)),
            "bool",
            bool(np.all(np.diff(final) < 0)),
        )
    )
    start = time.perf_counter()
    launch("fail", world_size=2, args={"mode": "ok", "steps": 1})
    targets.append(
        Target(
            LESSON,
            "launch two ranks and all-reduce once",
            "(reported)",
            time.perf_counter() - start,
            "s",
            True,
        )
    )
    dp = parallel.run_data_parallel()
    tp = parallel.run_tensor_parallel()
    pp = parallel.run_pipeline()
    worst = max(
        dp.grad_max_diff,
        dp.param_max_diff_ddp,
        tp.mlp_grad_max_diff,
        float(pp.table["grad max diff"].max()),
    )
    targets.append(
        Target(
            LESSON,
            "parallel vs one process: largest gap",
            "< 1e-5",
            worst,
            "abs",
            worst < 1e-5,
        )
    )
    for row in pp.table.itertuples(index=False):
        targets.append(
            Target(
                LESSON,
                f"bubble {row.schedule}, m = {row.m} (formula {row[3]:.2f})",
                "(reported)",
                float(row[2]),
                "share",
                True,
            )
        )
    widget = build_pipeline_widget(pp)
    control = widget.controls["m"]
    values = list(control.options)
    flip = iter(values * 20)

    def move() -> None:
        control.value = next(flip)[1]

    redraw = median_seconds(move, repeat=9)
    targets.append(
        Target(
            LESSON,
            "pipeline widget: median redraw",
            "< 0.1 s",
            redraw,
            "s",
            redraw < 0.1,
        )
    )
    return targets
