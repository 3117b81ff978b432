"""Tests of deploy.solutions_13 against independent computations."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.deploy import solutions_13 as S
from helpers.deploy.client import LoadResult
from helpers.deploy.runtime import make_session, run_logits


def test_ex1_is_max_abs_over_127():
    w = np.array([[0.2, -0.635], [0.1, 0.0]])
    assert S.ex1({"net.6.weight": w}) == pytest.approx(0.635 / 127)


def load(n_clients, batch, median_s):
    return LoadResult(
        np.full(5, median_s), np.zeros(5 * batch, int), 1.0, n_clients, batch, 0
    )


def test_ex2_letter_follows_the_measured_latencies():
    assert S.ex2({"1": load(1, 1, 0.01), "4": load(4, 1, 0.03)}) == "b"
    assert S.ex2({"1": load(1, 1, 0.03), "4": load(4, 1, 0.01)}) == "c"
    assert set(S.CHOICES_13_2) == {"a", "b", "c"}


def test_ex3_matches_a_direct_static_quantization(tiny_onnx, weights, rows):
    from helpers.deploy.formats import quantize_static_int8

    W, b = weights
    y = (rows @ W.T + b).argmax(axis=1)
    labels = np.arange(20) % 2
    expected_model = quantize_static_int8(tiny_onnx, rows[labels == 0][:10])
    expected = np.mean(run_logits(make_session(expected_model), rows).argmax(1) == y)
    assert S.ex3(tiny_onnx, rows, labels, rows, y) == pytest.approx(expected)
