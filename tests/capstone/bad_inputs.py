"""Bad-input cases of helpers.capstone (see tests/bad_input.py).

Stage results are built small and by hand here (no server, no exporter), so every
valid call is fast; the stages that start a server or run torch's exporter are
exempt below and checked in test_stages.py / test_operate.py instead."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import torch
from bad_input import Case
from onnx import TensorProto, helper, numpy_helper

from helpers.acquire.captcha import render_captchas
from helpers.capstone import capstone_plots, operate, solutions_15, stages, timeline

TINY = stages.CapstoneConfig(
    n_api=60, n_val=20, n_test=20, budget=40, batch_size=10, epochs=5,
    n_traffic=25, window=50, n_new_pool=20, relabel_budget=20,
)  # fmt: skip


@functools.cache
def _cells(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    batch = render_captchas(n, seed=seed)
    return stages.cell_features(batch.images), batch.digits.ravel()


def _acquired() -> stages.Acquired:
    X, y = _cells(30, 1)
    Xv, yv = _cells(15, 2)
    return stages.Acquired(X, y, Xv, yv, Xv, yv, 30, 0, 0.0)


def _labelled() -> stages.Labelled:
    return stages.Labelled(np.arange(40), "margin", np.array([20, 40]), {}, 0.0)


@functools.cache
def _onnx() -> bytes:
    rng = np.random.default_rng(0)
    W, b = rng.normal(size=(10, 154)), rng.normal(size=10)
    graph = helper.make_graph(
        [helper.make_node("Gemm", ["x", "W", "b"], ["logits"], transB=1)],
        "gemm",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 154])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 10])],
        initializer=[
            numpy_helper.from_array(W.astype(np.float32), "W"),
            numpy_helper.from_array(b.astype(np.float32), "b"),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)])
    model.ir_version = 10
    return model.SerializeToString()


def _exported() -> stages.Exported:
    return stages.Exported(_onnx(), _onnx(), {}, 0.0)


def _trained() -> stages.Trained:
    scores = {"digit accuracy": 0.9, "macro F1": 0.9, "captcha accuracy": 0.6}
    return stages.Trained(torch.nn.Linear(154, 10), 40, 1550, scores, 0.0)


def _served() -> operate.Served:
    rng = np.random.default_rng(0)
    n = 200
    log = pd.DataFrame(
        {"predicted": rng.integers(0, 10, n), "confidence": rng.uniform(0.5, 1, n)}
    )
    metrics = {'workbook_predicted_items_total{label="1"}': 200.0}
    y = rng.integers(0, 10, n)
    return operate.Served(y, y, 100, log, metrics, 1.0, 1.0)


def _monitored() -> operate.Monitored:
    summary = pd.DataFrame(
        {"false alarms before": [0], "delay (predictions)": [50.0]},
        index=["KS confidence"],
    )
    return operate.Monitored(
        pd.DataFrame(), summary, 100, {"before": 0.8, "after": 0.7}
    )


Y8 = np.array([1, 2, 3, 4, 5, 6, 7, 8])


def _timeline() -> timeline.Timeline:
    ends = np.array([25, 50, 75, 100])
    acc = np.array([0.6, 0.05, 0.1, 0.3])
    return timeline.Timeline(ends, acc, np.array([1, 1, 1, 2]), 25, 50.0, 75, 40)


def _relabelled() -> operate.Relabelled:
    return operate.Relabelled(_exported(), 20, {}, 0.0)


def _redeployed() -> operate.Redeployed:
    y = np.random.default_rng(1).integers(0, 10, 100)
    return operate.Redeployed(y, y, "0" * 64, 1.0, 1.0)


CASES = [
    Case(
        stages.CapstoneConfig,
        lambda: {"n_api": 60, "budget": 40, "window": 50, "target": 0.5, "seed": 0},
        {
            "n_api": "count",
            "budget": "count",
            "window": "count",
            "target": "prob",
            "seed": "index",
        },
    ),
    Case(
        stages.cell_features,
        lambda: {"images": render_captchas(2, seed=0).images},
        {"images": "array"},
    ),
    Case(
        stages.captcha_accuracy,
        lambda: {"y_true": Y8, "y_pred": Y8[::-1].copy()},
        {"y_true": "array", "y_pred": "shorter"},
    ),
    Case(stages.scores, lambda: {"y_true": Y8, "y_pred": Y8}, {"y_pred": "shorter"}),
    Case(stages.formulate, lambda: {"config": TINY}, {"config": "instance"}),
    Case(stages.acquire, lambda: {"config": TINY}, {"config": "instance"}),
    Case(
        stages.label,
        lambda: {"acquired": _acquired(), "config": TINY},
        {"acquired": "instance", "config": "instance"},
    ),
    Case(
        stages.train_reader,
        lambda: {
            "X": _cells(10, 1)[0],
            "y": _cells(10, 1)[1],
            "X_val": _cells(10, 2)[0],
            "y_val": _cells(10, 2)[1],
            "config": TINY,
        },
        {"X": "array", "config": "instance"},
    ),
    Case(
        stages.predict,
        lambda: {"model": torch.nn.Linear(154, 10), "X": _cells(2, 0)[0]},
        {"model": "instance", "X": "array"},
    ),
    Case(
        stages.train,
        lambda: {"acquired": _acquired(), "labelled": _labelled(), "config": TINY},
        {"acquired": "instance", "labelled": "instance", "config": "instance"},
    ),
    Case(
        stages.onnx_predict,
        lambda: {"model": _onnx(), "X": _cells(2, 0)[0]},
        {"model": "instance", "X": "array"},
    ),
    Case(
        operate.traffic,
        lambda: {"config": TINY, "style": "new", "seed_offset": 3},
        {"config": "instance", "style": "choice", "seed_offset": "index"},
    ),
    Case(operate.served_counts, lambda: {"served": _served()}, {"served": "instance"}),
    Case(
        operate.reference,
        lambda: {"exported": _exported(), "X_val": _cells(2, 0)[0]},
        {"exported": "instance", "X_val": "array"},
    ),
    Case(
        operate.monitor,
        lambda: {
            "served": _served(),
            "exported": _exported(),
            "acquired": _acquired(),
            "config": TINY,
        },
        {"served": "instance", "acquired": "instance", "config": "instance"},
    ),
    Case(
        timeline.window_accuracy,
        lambda: {"y_true": Y8, "y_pred": Y8, "captchas": 1},
        {"y_true": "array", "y_pred": "shorter", "captchas": "count"},
    ),
    Case(
        timeline.lifecycle,
        lambda: {
            "served": _served(),
            "monitored": _monitored(),
            "relabelled": _relabelled(),
            "redeployed": _redeployed(),
            "window": 20,
        },
        {
            "served": "instance",
            "monitored": "instance",
            "relabelled": "instance",
            "redeployed": "instance",
            "window": "count",
        },
    ),
    Case(
        capstone_plots.plot_lifecycle,
        lambda: {"timeline": _timeline(), "target": 0.5},
        {"timeline": "instance", "target": "prob"},
    ),
    Case(solutions_15.ex1, lambda: {"trained": _trained()}, {"trained": "instance"}),
    Case(
        solutions_15.ex2, lambda: {"monitored": _monitored()}, {"monitored": "instance"}
    ),
    Case(
        solutions_15.ex3,
        lambda: {"acquired": _acquired(), "config": TINY, "strategy": "entropy"},
        {"acquired": "instance", "config": "instance", "strategy": "choice"},
    ),
]

_RESULT = "a result record made by its stage from checked inputs"
EXEMPT = {
    **{
        f"helpers.capstone.{name}": _RESULT
        for name in (
            "stages.Problem",
            "stages.Acquired",
            "stages.Labelled",
            "stages.Trained",
            "stages.Exported",
            "operate.Served",
            "operate.Monitored",
            "operate.Relabelled",
            "operate.Redeployed",
            "timeline.Timeline",
        )
    },
    "helpers.capstone.stages.lesson_config": "takes no arguments; picks a config",
    "helpers.capstone.stages.onnx_copies": (
        "its valid call runs torch's ONNX exporter (3 to 10 s on a busy machine); "
        "wrong arguments are refused first, tested in test_stages.py"
    ),
    "helpers.capstone.stages.export": (
        "its valid call runs torch's ONNX exporter (3 to 10 s on a busy machine); "
        "wrong arguments are refused by isinstance first, tested in test_stages.py"
    ),
    "helpers.capstone.operate.serve": (
        "its valid call starts a model server process; the arguments are checked "
        "by isinstance first (test_operate.py runs it and checks nothing is left)"
    ),
    "helpers.capstone.operate.redeploy": (
        "its valid call starts a model server process; the arguments are checked "
        "by isinstance first (test_operate.py runs it)"
    ),
    "helpers.capstone.operate.relabel": (
        "its valid call retrains and runs torch's ONNX exporter (slow); the "
        "arguments are checked by isinstance first, run in test_operate.py"
    ),
    "helpers.capstone.operate.summary_table": (
        "takes only the eight stage results, each checked by isinstance first; "
        "test_operate.py::test_summary_table passes a wrong one"
    ),
}
