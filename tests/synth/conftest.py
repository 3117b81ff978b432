"""Shared fixtures of the lesson 10 tests: one small digits grid for every module."""

from __future__ import annotations

import pytest

from helpers.synth.synthetic_digits import DigitsGrid, compute_digits_grid


@pytest.fixture(scope="session")
def small_grid() -> DigitsGrid:
    """2 seeds x 2 strengths x 3 ratios, with a briefly trained VAE."""
    return compute_digits_grid(
        seeds=(0, 1), ratios=(0, 8, 32), strengths=(0.5, 2.0), vae_steps=50
    )
