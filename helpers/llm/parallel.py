"""Parent-side view of the parallelism demos: launch the ranks (through
:func:`helpers.llm.launch.launch`), then turn their results into tables.

Each ``run_*`` function validates its arguments, launches ``world_size`` processes
(gloo on 127.0.0.1), and returns a dataclass with the measured numbers; results go
through the cache, so a second run of the lesson does not start processes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.core import cache
from helpers.llm import parallel_pipeline
from helpers.llm.launch import check_launch, launch
from helpers.llm.parallel_text import TEXTBOOK

MEASURED_COLUMNS = (
    "method",
    "communicates",
    "bytes per step per rank",
    "params per rank",
    "params unsplit",
    "share held",
    "memory per rank (KB, fp32 + Adam)",
)
"""Columns of :func:`measured_table` (the first is its index)."""


@dataclass
class DataParallelResult:
    """Rank 0's view of :func:`helpers.llm.parallel_data.worker` (all ranks agree)."""

    world_size: int
    grad_max_diff: float  # all-reduced vs one-process gradients
    param_max_diff_by_hand: float  # after the SGD steps
    param_max_diff_ddp: float
    losses: pd.DataFrame  # step x (single, by_hand, ddp)
    bytes_by_hand: int  # handed to all-reduce per rank per step
    bytes_ddp: int  # DDP's gradient buckets per rank per step
    param_bytes: int
    n_params: int
    rows_per_rank: int


@dataclass
class TensorParallelResult:
    world_size: int
    column_max_diff: float
    row_max_diff: float
    mlp_out_max_diff: float
    mlp_grad_max_diff: float
    column_bytes: int  # received by all-gather per rank
    row_bytes: int  # all-reduced per rank
    mlp_bytes: int  # forward + backward all-reduce per rank
    mlp_params_rank: int
    mlp_params_full: int


@dataclass
class PipelineResult:
    world_size: int
    table: pd.DataFrame  # one row per (schedule, m)
    events: dict  # "schedule/m" -> list over ranks of (n_ops, 4) arrays
    ref_loss: float
    stage_params: np.ndarray  # (ranks,)
    full_params: int


def run_data_parallel(
    *,
    world_size: int = 2,
    batch_size: int = 8,
    steps: int = 3,
    size: str = "tiny",
    seed: int = 0,
) -> DataParallelResult:
    """Launch the data-parallel demo (hand-written all-reduce and DDP)."""
    args = {"size": size, "batch_size": batch_size, "steps": steps, "seed": seed}
    check_launch("data_parallel", world_size, args)

    def compute() -> DataParallelResult:
        r = launch("data_parallel", world_size=world_size, args=args)[0]
        return DataParallelResult(
            world_size,
            r["grad_max_diff"],
            r["param_max_diff_by_hand"],
            r["param_max_diff_ddp"],
            pd.DataFrame(r["losses"]).rename_axis("step"),
            r["bytes_by_hand"],
            r["bytes_ddp"],
            r["param_bytes"],
            r["n_params"],
            r["rows_per_rank"],
        )

    return cache.cached("llm_data_parallel", compute, params={"ws": world_size, **args})


def run_tensor_parallel(
    *, world_size: int = 2, n_embd: int = 32, seed: int = 0
) -> TensorParallelResult:
    """Launch the tensor-parallel demo (column, row, Megatron MLP)."""
    args = {"n_embd": n_embd, "seed": seed}
    check_launch("tensor_parallel", world_size, args)

    def compute() -> TensorParallelResult:
        results = launch("tensor_parallel", world_size=world_size, args=args)
        r = results[0]
        worst = {k: max(x[k] for x in results) for k in r if k.endswith("diff")}
        return TensorParallelResult(
            world_size,
            worst["column_max_diff"],
            worst["row_max_diff"],
            worst["mlp_out_max_diff"],
            worst["mlp_grad_max_diff"],
            r["column_bytes"],
            r["row_bytes"],
            r["mlp_bytes"],
            r["mlp_params_rank"],
            r["mlp_params_full"],
        )

    return cache.cached(
        "llm_tensor_parallel", compute, params={"ws": world_size, **args}
    )


def run_pipeline(
    *,
    world_size: int = 2,
    micro_batches: Sequence[int] = (1, 2, 4, 8),
    batch_size: int = 16,
    repeats: int = 2,
    seed: int = 0,
) -> PipelineResult:
    """Launch the pipeline demo: GPipe and 1F1B for each micro-batch count."""
    args = {
        "micro_batches": micro_batches,
        "batch_size": batch_size,
        "repeats": repeats,
        "seed": seed,
    }
    check_launch("pipeline", world_size, args)  # refuses a bad list first
    args["micro_batches"] = [int(m) for m in micro_batches]

    def compute() -> PipelineResult:
        results = launch("pipeline", world_size=world_size, args=args, timeout=300)
        return summarise_pipeline(results)

    return cache.cached("llm_pipeline", compute, params={"ws": world_size, **args})


def summarise_pipeline(results: list[dict]) -> PipelineResult:
    """The bubble table and timelines from every rank's pipeline results."""
    if not isinstance(results, list) or not results:
        raise TypeError("results must be the list of every rank's pipeline result")
    p = len(results)
    rows, events = [], {}
    for j, run in enumerate(results[0]["runs"]):
        per_rank = [r["runs"][j] for r in results]
        origin = min(x["t0"] + x["events"][:, 2].min() for x in per_rank)
        timeline = []
        for x in per_rank:
            ev = x["events"].copy()
            ev[:, 2:] += x["t0"] - origin
            timeline.append(ev)
        span = max(ev[:, 3].max() for ev in timeline)
        busy = np.mean([np.sum(ev[:, 3] - ev[:, 2]) for ev in timeline])
        last = per_rank[-1]
        rows.append(
            {
                "schedule": run["schedule"],
                "m": run["m"],
                "bubble measured": 1 - busy / span,
                "bubble formula": parallel_pipeline.bubble_formula(p, run["m"]),
                "step ms": 1000 * span,
                "loss": last["loss"],
                "grad max diff": max(x["grad_max_diff"] for x in per_rank),
                "peak in flight (rank 0)": per_rank[0]["peak_in_flight"],
                "bytes sent per rank": int(
                    np.mean([x["bytes_sent"] for x in per_rank])
                ),
            }
        )
        events[f"{run['schedule']}/{run['m']}"] = timeline
    return PipelineResult(
        p,
        pd.DataFrame(rows),
        events,
        results[-1]["ref_loss"],
        np.array([r["stage_params"] for r in results]),
        results[0]["full_params"],
    )


def textbook_table() -> pd.DataFrame:
    """The seed's table: what each method splits, communicates and keeps."""
    return pd.DataFrame(list(TEXTBOOK)).set_index("method")


def measured_table(
    dp: DataParallelResult, tp: TensorParallelResult, pp: PipelineResult
) -> pd.DataFrame:
    """Counted numbers next to the textbook: bytes communicated per rank per step
    and parameters held per rank, as a share of the unsplit model (or layer)."""
    for name, value, cls in (
        ("dp", dp, DataParallelResult),
        ("tp", tp, TensorParallelResult),
        ("pp", pp, PipelineResult),
    ):
        if not isinstance(value, cls):
            raise TypeError(
                f"{name} must be a {cls.__name__}, got {type(value).__name__}"
            )
    m_max = int(pp.table["m"].max())
    row = pp.table[(pp.table["schedule"] == "gpipe") & (pp.table["m"] == m_max)].iloc[0]
    rows = [
        ("data parallel (DDP)", "gradients", dp.bytes_ddp, dp.n_params, dp.n_params),
        (
            "tensor parallel (Megatron MLP)",
            "activations",
            tp.mlp_bytes,
            tp.mlp_params_rank,
            tp.mlp_params_full,
        ),
        (
            f"pipeline parallel (GPipe, m={m_max})",
            "activations + their gradients",
            int(row["bytes sent per rank"]),
            int(pp.stage_params.max()),
            pp.full_params,
        ),
    ]
    frame = pd.DataFrame(rows, columns=list(MEASURED_COLUMNS[:5]))
    frame[MEASURED_COLUMNS[5]] = frame["params per rank"] / frame["params unsplit"]
    frame[MEASURED_COLUMNS[6]] = frame["params per rank"] * 16 / 1e3
    return frame.set_index("method")


def bubble_error(result: PipelineResult) -> float:
    """Largest |measured - formula| bubble over the table's rows."""
    if not isinstance(result, PipelineResult):
        raise TypeError(f"result must be a PipelineResult, got {type(result).__name__}")
    t = result.table
    return float((t["bubble measured"] - t["bubble formula"]).abs().max())
