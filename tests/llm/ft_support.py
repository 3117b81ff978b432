"""Hand-made results of lesson 17's shipped runs, for plot, widget and bad-input
tests (no training)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.llm.finetune_runs import LabelRuns, LoraGrid, MethodRuns


def fake_grid() -> LoraGrid:
    """Ranks 1 and 4, three target groups; accuracy rises with rank and layers."""
    rows = []
    for rank in (1, 4):
        for k, targets in enumerate(("attention", "mlp", "both")):
            n = rank * 1000 * (k + 1) + 260
            rows.append({"rank": rank, "targets": targets,
                         "accuracy": 0.4 + 0.05 * k + 0.02 * rank,
                         "trainable": n, "trainable %": n / 1000})  # fmt: skip
    return LoraGrid(pd.DataFrame(rows))


def fake_labels() -> LabelRuns:
    runs = [(32, "pretrained", 0.4), (32, "scratch", 0.3), (128, "pretrained", 0.5),
            (128, "scratch", 0.35)]  # fmt: skip
    rows = [{"labels": n, "start": s, "accuracy": a} for n, s, a in runs]
    return LabelRuns(pd.DataFrame(rows))


def fake_methods() -> MethodRuns:
    names = ["full", "head", "adapter", "prefix", "prefix + MLP", "prompt", "lora"]
    table = pd.DataFrame({
        "method": names,
        "trainable": [110660, 260, 4644, 2308, 21572, 772, 3332],
        "trainable %": [104.0, 0.24, 4.4, 2.2, 20.3, 0.7, 3.1],
        "accuracy": [0.65, 0.5, 0.64, 0.52, 0.45, 0.52, 0.6],
        "bpc after": [3.0, 2.3, 2.4, 4.0, 4.1, 2.4, 2.35],
    })  # fmt: skip
    return MethodRuns(table, {n: np.ones(3) for n in names}, 2.31, 512)
