"""Lesson 13 widget: how many bits can the weights lose before accuracy does?"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes

from helpers.core.validation import check_choice
from helpers.deploy.deploy_plots import (
    error_counts,
    plot_accuracy_by_bits,
    plot_error_histograms,
)
from helpers.deploy.digits_models import (
    accuracy_by_bits,
    digits_test,
    load_model,
    train_digits_models,
)
from helpers.deploy.quantize import dequantize, quantize_int8
from helpers.ui.widgets import InteractiveFigure, dropdown, steps

BITS = (2, 3, 4, 5, 6, 8)


def build_quantize_widget(*, bits: int = 8) -> InteractiveFigure:
    """Bits per weight and a layer: the rounding errors and the test accuracy."""
    bits = check_choice("bits", bits, BITS)
    model = load_model(train_digits_models(), "large")
    X, y = digits_test()
    grid = accuracy_by_bits(model, X, y, bits=BITS)  # the heavy part, once
    layers = {
        name: p.detach().numpy().astype(np.float64)
        for name, p in model.named_parameters()
        if p.ndim >= 2
    }
    errors: dict[tuple[str, int], dict[str, Any]] = {}
    for name, w in layers.items():
        for b in BITS:
            tensor = quantize_int8(w, bits=b)
            channel = quantize_int8(w, bits=b, per_channel=True)
            parts = {
                "per tensor": np.ravel(w - dequantize(tensor)),
                "per channel": np.ravel(w - dequantize(channel)),
            }
            half = float(tensor.scale) / 2
            counts, edges = error_counts(parts, half=half)
            largest = {k: float(np.abs(v).max()) for k, v in parts.items()}
            errors[name, b] = {
                "counts": counts,
                "edges": edges,
                "half": half,
                "largest": largest,
            }
    state = {"grid": grid, "errors": errors}

    live: dict[str, Any] = {}  # artists the first draw made; later draws move them

    def draw(axes: np.ndarray, p: dict[str, Any]) -> str:
        e = errors[p["layer"], p["bits"]]
        if live:
            _move_error_histograms(axes[0, 0], live, e, bits=p["bits"])
            live["selected"].set_xdata([p["bits"]] * 2)
        else:
            plot_error_histograms(
                e["counts"], e["edges"], half=e["half"], bits=p["bits"], ax=axes[0, 0]
            )
            plot_accuracy_by_bits(grid, selected=p["bits"], ax=axes[0, 1])
            live.update(
                stairs=list(axes[0, 0].patches),  # per tensor, per channel
                bounds=axes[0, 0].lines[:2],  # -scale/2, +scale/2
                selected=axes[0, 1].lines[-1],
            )
        i = int(np.flatnonzero(grid.bits == p["bits"])[0])
        return (
            f"{p['bits']} bits: test accuracy <b>{grid.accuracy_tensor[i]:.3f}</b> "
            f"per tensor, <b>{grid.accuracy_channel[i]:.3f}</b> per channel "
            f"(float32: {grid.float_accuracy:.3f}); largest error in "
            f"{p['layer']}: {e['largest']['per tensor']:.4f} per tensor, "
            f"{e['largest']['per channel']:.4f} per channel"
        )

    controls = {
        "bits": steps("bits per weight", BITS, value=bits, fmt="{:d}"),
        "layer": dropdown("weight matrix", list(layers), value=next(iter(layers))),
    }
    return InteractiveFigure(
        controls, draw, ncols=2, figsize=(10, 3.6), state=state, clear=False
    )


def _move_error_histograms(
    ax: Axes, live: dict[str, Any], e: dict[str, Any], *, bits: int
) -> None:
    """Redraw :func:`plot_error_histograms` in place for other errors ``e``."""
    top = 1.0
    for stairs, name in zip(live["stairs"], ("per tensor", "per channel"), strict=True):
        stairs.set_data(e["counts"][name], e["edges"])
        top = max(top, float(np.max(e["counts"][name])))
    for line, x in zip(live["bounds"], (-e["half"], e["half"]), strict=True):
        line.set_xdata([x, x])
    ax.relim()
    ax.autoscale_view(scaley=False)
    ax.set_ylim(0, 1.35 * top)
    ax.set_title(f"{bits}-bit rounding error of one weight matrix")
