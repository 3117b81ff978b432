"""The train tests run torch on one thread: the models are tiny, and on a shared
2-core machine a pool of threads spends more time waiting than working."""

from __future__ import annotations

import pytest
import torch


@pytest.fixture(autouse=True, scope="module")
def _one_torch_thread():
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="session")
def tiny_grid():
    """The hyperparameter grid with 2 epochs on at most 40 images (14 tiny runs)."""
    from helpers.train.grid import compute_grid

    torch.set_num_threads(1)
    return compute_grid(epochs=2, max_train=40)
