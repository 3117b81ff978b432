"""The textbook table of parallelism methods (the seed's view), for lesson 16."""

from __future__ import annotations

TEXTBOOK: tuple[dict[str, str], ...] = (
    {
        "method": "data parallel (DDP)",
        "splits": "the batch; every rank holds the whole model",
        "communicates": "gradients (all-reduce), once per step",
        "memory per rank": "whole model + gradients + optimiser state",
        "fits when": "the model fits on one device; scale the batch",
    },
    {
        "method": "tensor parallel (Megatron)",
        "splits": "each weight matrix, by rows or columns",
        "communicates": "activations (all-reduce / all-gather) in every layer",
        "memory per rank": "1/p of the split layers",
        "fits when": "one layer is too big; fast links inside a node",
    },
    {
        "method": "pipeline parallel (GPipe, 1F1B)",
        "splits": "the layers into stages",
        "communicates": "activations forward, their gradients back, point to point",
        "memory per rank": "1/p of the layers + activations in flight",
        "fits when": "the model is deep; slower links between nodes",
    },
)
"""What each method splits, communicates and keeps per rank, in words."""
