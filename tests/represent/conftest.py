"""Shared fixtures of the lesson 09 tests: one tiny explorer grid for every module."""

from __future__ import annotations

import pytest

from helpers.represent.contrastive import SimCLRConfig
from helpers.represent.explorer import ExplorerGrid, ExplorerSpec, compute_explorer_grid

TINY_BASE = SimCLRConfig(
    batch_size=128, encoder="mlp", width=32, dim=16, proj_dim=8, lr=3e-3
)
TINY_SPEC = ExplorerSpec(
    temperatures=(0.2, 1.0),
    strengths=(0.5, 1.0),
    snapshot_epochs=(0, 1, 2),
    n_points=6,
    probe_seeds=1,
    base=TINY_BASE,
)


@pytest.fixture(scope="session")
def tiny_grid() -> ExplorerGrid:
    """A 2 x 2 grid of 2-epoch MLP runs, 6 test digits per class (a few seconds)."""
    return compute_explorer_grid(TINY_SPEC)
