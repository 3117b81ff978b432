"""Lesson 13 plots: quantization error, the variants table, request latencies."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from helpers.core.validation import (
    check_array,
    check_choice,
    check_frame,
    check_int,
    check_real,
)
from helpers.deploy.client import LoadResult
from helpers.deploy.digits_models import BitsGrid
from helpers.deploy.quantize import dequantize, quantize_int8
from helpers.ui.plots import color_for, label_axes, new_ax


def error_counts(
    errors: Mapping[str, np.ndarray], *, half: float, n_bins: int = 45
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Histogram counts of each error array over ``[-1.1 half, 1.1 half]``, and the
    bin edges (precomputed once by the widget, drawn by
    :func:`plot_error_histograms`)."""
    if not isinstance(errors, Mapping) or not errors:
        raise TypeError("errors must map names to arrays of errors")
    half = check_real("half", half, low=0.0, open_low=True)
    n_bins = check_int("n_bins", n_bins, low=1, high=10_000)
    edges = np.linspace(-1.1 * half, 1.1 * half, n_bins + 1)
    return {k: np.histogram(v, bins=edges)[0] for k, v in errors.items()}, edges


def plot_quantization_error(
    w: np.ndarray, *, bits: int = 8, ax: Axes | None = None
) -> Axes:
    """Histograms of ``w - dequantize(quantize(w))``, per tensor and per channel,
    with the per-tensor bound ``±scale/2`` marked."""
    tensor = quantize_int8(w, bits=bits)
    errors = {
        "per tensor": np.ravel(w - dequantize(tensor)),
        "per channel": np.ravel(
            w - dequantize(quantize_int8(w, bits=bits, per_channel=True))
        ),
    }
    half = float(tensor.scale) / 2
    counts, edges = error_counts(errors, half=half)
    return plot_error_histograms(counts, edges, half=half, bits=bits, ax=ax)


def plot_error_histograms(
    counts: Mapping[str, np.ndarray],
    edges: np.ndarray,
    *,
    half: float,
    bits: int,
    ax: Axes | None = None,
) -> Axes:
    """Precomputed error histograms ``{"per tensor": counts, "per channel": counts}``
    over ``edges``, with ``±half`` (the per-tensor scale / 2) marked."""
    names = ("per tensor", "per channel")
    if not isinstance(counts, Mapping) or any(n not in counts for n in names):
        raise TypeError(f"counts must map {names} to histogram counts")
    edges = check_array("edges", edges, ndim=1, min_len=2)
    for name in names:
        if np.shape(counts[name]) != (len(edges) - 1,):
            raise ValueError(f"counts[{name!r}] must have len(edges) - 1 values")
    half = check_real("half", half, low=0.0, open_low=True)
    bits = check_int("bits", bits, low=2, high=8)
    ax = new_ax(ax)
    top = 1.0
    for name, colour in (("per tensor", "before"), ("per channel", "after")):
        ax.stairs(counts[name], edges, lw=1.8, color=color_for(colour), label=name)
        top = max(top, float(np.max(counts[name])))
    for x in (-half, half):
        ax.axvline(x, color=color_for("wrong"), ls="--", lw=1)
    ax.plot([], [], ls="--", color=color_for("wrong"), label="±scale/2")
    ax.set_ylim(0, 1.35 * top)  # head room for the legend above the bars
    ax.legend(loc="upper center", ncol=3, fontsize=8)
    return label_axes(
        ax,
        title=f"{bits}-bit rounding error of one weight matrix",
        xlabel="w − dequantized w (weight units)",
        ylabel="number of weights",
    )


def plot_variants(
    table: pd.DataFrame, *, column: str = "size KB", ax: Axes | None = None
) -> Axes:
    """One horizontal bar per variant (row of :func:`compare_variants`)."""
    table = check_frame(table, name="table")
    column = check_choice("column", column, list(table.columns))
    ax = new_ax(ax, figsize=(6, 2.8))
    names = [str(n) for n in table.index]
    values = table[column].to_numpy(dtype=float)
    ax.barh(names, values, color=[color_for(n) for n in names])
    for i, v in enumerate(values):
        ax.text(v, i, f" {v:,.3g}", va="center", fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, values.max() * 1.25)
    unit = column.split(" ", 1)[-1] if " " in column else column
    return label_axes(ax, title=f"{column} by variant", xlabel=unit, ylabel="variant")


def plot_latencies(
    results: Mapping[str, LoadResult], *, ax: Axes | None = None
) -> Axes:
    """The distribution (empirical CDF) of request latencies of each load test, with
    its median and p95 marked."""
    if not isinstance(results, Mapping) or not results:
        raise ValueError("results must map names to LoadResult")
    ax = new_ax(ax)
    for name, result in results.items():
        if not isinstance(result, LoadResult):
            raise TypeError(f"results[{name!r}] must be a LoadResult")
        ms = np.sort(1000 * result.latencies)
        share = np.arange(1, len(ms) + 1) / len(ms)
        colour = color_for(name)
        ax.step(ms, share, where="post", color=colour, label=name)
        for q, marker in ((50, "o"), (95, "^")):
            ax.plot(result.percentile(q), q / 100, marker, color=colour, ms=6)
    ax.set_xscale("log")
    ax.legend(loc="lower right", fontsize=8, title="o median, ▲ p95", title_fontsize=8)
    return label_axes(
        ax,
        title="Request latency under load",
        xlabel="latency per request (ms, log scale)",
        ylabel="share of requests at or below",
    )


def plot_accuracy_by_bits(
    grid: BitsGrid, *, selected: int | None = None, ax: Axes | None = None
) -> Axes:
    """Test accuracy against weight bits, per tensor and per channel, with the float
    model as a reference line and ``selected`` bits marked."""
    if not isinstance(grid, BitsGrid):
        raise TypeError(f"grid must be a BitsGrid, got {type(grid).__name__}")
    if selected is not None:
        selected = check_choice("selected bits", selected, grid.bits.tolist())
    ax = new_ax(ax)
    ax.axhline(
        grid.float_accuracy, color=color_for("baseline"), ls="--", lw=1, label="float32"
    )
    ax.plot(
        grid.bits,
        grid.accuracy_tensor,
        "o-",
        color=color_for("before"),
        label="per tensor",
    )
    ax.plot(
        grid.bits,
        grid.accuracy_channel,
        "s-",
        color=color_for("after"),
        label="per channel",
    )
    if selected is not None:
        ax.axvline(selected, color=color_for("wrong"), lw=1)
    ax.set_ylim(0, 1.02)
    ax.legend(loc="lower right", fontsize=8)
    return label_axes(
        ax,
        title="Accuracy after quantizing the weights",
        xlabel="bits per weight",
        ylabel="test accuracy (fraction)",
    )
