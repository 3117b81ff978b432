"""Shapes as a batch flows through a model: one row per layer.

>>> from helpers.train.models import build_model
>>> table = layer_shapes(build_model("cnn", width=8), np.zeros((4, 64)))
>>> table.iloc[0]["output shape"]
'(4, 8, 8, 8)'
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import torch
from torch import nn

from helpers.core.validation import check_array


def _leaf_modules(model: nn.Module) -> list[tuple[str, nn.Module]]:
    leaves = []
    for name, module in model.named_modules():
        if isinstance(module, nn.TransformerEncoderLayer):
            leaves.append((name, module))  # one row per encoder layer
        elif not list(module.children()) and not _inside_encoder(name, model):
            leaves.append((name, module))
    return leaves


def _inside_encoder(name: str, model: nn.Module) -> bool:
    parts = name.split(".")
    for i in range(1, len(parts)):
        parent = model.get_submodule(".".join(parts[:i]))
        if isinstance(parent, nn.TransformerEncoderLayer):
            return True
    return False


def layer_shapes(model: nn.Module, X: np.ndarray) -> pd.DataFrame:
    """Run ``X`` (one batch) through ``model`` in evaluation mode and list every layer
    with its output shape and parameter count, in the order the layers ran."""
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch nn.Module, got {type(model).__name__}")
    X = check_array("X", X, ndim=2)
    if len(X) > 10_000:
        raise ValueError(f"X must be one batch of at most 10000 rows, got {len(X)}")
    rows: list[dict] = []

    def hook(name: str):
        def record(module, _inputs, output):
            out = output[0] if isinstance(output, tuple) else output
            rows.append(
                {
                    "layer": name,
                    "type": type(module).__name__,
                    "output shape": str(tuple(out.shape)),
                    "parameters": sum(p.numel() for p in module.parameters()),
                }
            )

        return record

    handles = [m.register_forward_hook(hook(n)) for n, m in _leaf_modules(model)]
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            out = model(torch.as_tensor(X, dtype=torch.float32))
    finally:
        for handle in handles:
            handle.remove()
        model.train(was_training)
    table = pd.DataFrame(rows)
    table.attrs["input shape"] = str(tuple(X.shape))
    table.attrs["output shape"] = str(tuple(out.shape))
    return table
