"""Tests of labels.active_timing: the large pool and the timing of one query."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.labels import active_timing as T


def test_big_pool_tiles_the_digits_with_noise():
    X = T.big_pool(3000, seed=0)
    assert X.shape == (3000, 64) and X.dtype == np.float32
    assert X.min() >= 0 and X.max() <= 1
    np.testing.assert_array_equal(X, T.big_pool(3000, seed=0))  # reproducible
    with pytest.raises(ValueError, match="n must be an integer in"):
        T.big_pool(0)
    with pytest.raises(ValueError, match=r"n must be an integer in \[1, 1000000\]"):
        T.big_pool(10**12)  # refused, not allocated


def test_selection_seconds_times_each_strategy():
    seconds = T.selection_seconds(["random", "margin"], n_pool=200, repeat=2)
    assert set(seconds) == {"random", "margin"}
    assert all(s >= 0 and np.isfinite(s) for s in seconds.values())
    with pytest.raises(ValueError, match=r"repeat must be an integer in \[1, 1000\]"):
        T.selection_seconds(["random"], repeat=10**12)  # refused, not timed forever
    with pytest.raises(ValueError, match=r"batch_size must be .* in \[1, 200\]"):
        T.selection_seconds(["random"], n_pool=200, batch_size=201)
