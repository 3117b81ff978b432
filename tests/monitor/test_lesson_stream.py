"""Tests of helpers.monitor.lesson_stream: the shipped stream is deployed_stream's."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.monitor import lesson_stream as ls
from helpers.monitor.streams import captcha_stream, train_reader


def test_compute_stream_is_deployed_streams_computation():
    sizes = {"n_train": 40, "n_before": 10, "n_after": 12, "n_reference": 8}
    got = ls.compute_stream(sizes, 3)
    reader = train_reader(40, seed=3)
    want = captcha_stream(reader, n_before=10, n_after=12, n_reference=8, seed=3)
    assert got.change_at == 10 and len(got) == 22
    np.testing.assert_array_equal(got.correct, want.correct)
    np.testing.assert_allclose(got.confidence, want.confidence)


def test_sizes_are_checked():
    with pytest.raises(ValueError, match="sizes must have the keys"):
        ls.compute_stream({"n_train": 40}, 0)
    assert ls.FAST_SIZES.keys() == ls.NORMAL_SIZES.keys()
