"""Tests of deploy.solutions_13 against independent computations."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.deploy import solutions_13 as S
from helpers.deploy.client import LoadResult
from helpers.deploy.runtime import make_session, run_logits


def test_ex1_is_the_row_max_abs_over_127():
    w = np.array([[0.9, -0.1], [0.1, 0.0], [0.3, 0.2], [0.2, -0.635]])
    assert S.ex1({"net.6.weight": w}) == pytest.approx(0.635 / 127)
    assert S.ex1({"net.6.weight": w}, row=2) == pytest.approx(0.3 / 127)
    with pytest.raises(ValueError):
        S.ex1({"net.6.weight": w}, row=4)


def load(n_clients, n_requests, seconds):
    return LoadResult(
        np.full(n_requests, 0.01), np.zeros(n_requests, int), seconds, n_clients, 1, 0
    )


def test_ex2_letter_follows_the_requests_per_second():
    # 1 client: 10 requests/s; 4 clients: 40 (4x) or 15 (1.5x) requests/s
    assert S.ex2({"1": load(1, 10, 1.0), "4": load(4, 40, 1.0)}) == "a"
    assert S.ex2({"1": load(1, 10, 1.0), "4": load(4, 15, 1.0)}) == "b"
    assert S.ex2({"4": load(4, 20, 2.0), "1": load(1, 10, 1.0)}) == "b"
    assert set(S.CHOICES_13_2) == {"a", "b"}
    with pytest.raises(ValueError):
        S.ex2({"1": load(1, 10, 1.0), "also 1": load(1, 10, 1.0)})


def test_ex3_matches_a_direct_static_quantization(tiny_onnx, weights, rows):
    from helpers.deploy.formats import quantize_static_int8

    W, b = weights
    y = (rows @ W.T + b).argmax(axis=1)
    labels = np.arange(20) % 2
    expected_model = quantize_static_int8(tiny_onnx, rows[labels == 0][:10])
    expected = np.mean(run_logits(make_session(expected_model), rows).argmax(1) == y)
    assert S.ex3(tiny_onnx, rows, labels, rows, y) == pytest.approx(expected)
