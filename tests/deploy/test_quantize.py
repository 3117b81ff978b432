"""Tests of deploy.quantize: the symmetric INT8 maths against hand-worked values and
its error bounds (property-based), FP16 and the weight report."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from helpers.deploy import quantize as Q

FINITE = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False, width=64)
MATRICES = arrays(
    np.float64, st.tuples(st.integers(1, 6), st.integers(1, 6)), elements=FINITE
)


def test_a_hand_worked_example():
    w = np.array([[0.5, -1.0], [0.01, 0.02]])
    qt = Q.quantize_int8(w)
    s = 1.0 / 127
    assert float(qt.scale) == pytest.approx(s)
    assert qt.q.tolist() == [
        [64, -127],
        [1, 3],
    ]  # 0.5 / s = 63.5 -> 64 (half to even: 64)
    assert qt.zero_point == 0 and qt.q.dtype == np.int8
    np.testing.assert_allclose(Q.dequantize(qt), s * qt.q)


def test_per_channel_uses_one_scale_per_row():
    w = np.array([[0.5, -1.0], [0.01, 0.02]])
    qt = Q.quantize_int8(w, per_channel=True)
    np.testing.assert_allclose(qt.scale, [1.0 / 127, 0.02 / 127])
    assert qt.q.tolist() == [[64, -127], [64, 127]]
    assert qt.nbytes == 4 + 2 * 4


@settings(max_examples=60, deadline=None, derandomize=True)
@given(w=MATRICES, per_channel=st.booleans())
def test_error_is_at_most_half_a_step_inside_the_range(w, per_channel):
    qt = Q.quantize_int8(w, per_channel=per_channel)
    step = qt.scale.reshape(-1, 1) if per_channel else qt.scale
    error = np.abs(w - Q.dequantize(qt))
    assert np.all(error <= step / 2 * (1 + 1e-12) + 1e-300)
    assert np.all(np.abs(qt.q.astype(int)) <= 127)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(w=MATRICES)
def test_per_channel_bounds_are_never_looser_than_per_tensor(w):
    """Each row's step is at most the tensor's, so its bound s/2 is too (a single
    weight may still round a little worse by chance)."""
    tensor = Q.int8_scale(w)
    channel = Q.int8_scale(w, per_channel=True)
    nonzero = np.abs(w).max(axis=1) > 0
    assert np.all(channel[nonzero] <= tensor * (1 + 1e-12))


def test_clipping_breaks_the_bound_by_exactly_the_overshoot():
    w = np.array([0.1, 0.5, 2.0])
    s = 0.5 / 127  # 2.0 lies beyond 127 * s = 0.5
    qt = Q.quantize_int8(w, scale=s)
    error = np.abs(w - Q.dequantize(qt))
    assert qt.q.tolist() == [25, 127, 127]
    assert error[2] == pytest.approx(2.0 - 127 * s)
    assert np.all(error[:2] <= s / 2)


def test_fewer_bits_use_fewer_codes_and_larger_steps():
    w = np.linspace(-1, 1, 101)
    q4 = Q.quantize_int8(w, bits=4)
    assert float(q4.scale) == pytest.approx(1 / 7)
    assert q4.q.min() == -7 and q4.q.max() == 7
    assert np.abs(w - Q.dequantize(q4)).max() <= float(q4.scale) / 2 + 1e-12


def test_an_all_zero_row_gets_scale_one():
    w = np.array([[0.0, 0.0], [1.0, -2.0]])
    np.testing.assert_allclose(Q.int8_scale(w, per_channel=True), [1.0, 2 / 127])
    np.testing.assert_array_equal(
        Q.dequantize(Q.quantize_int8(w, per_channel=True))[0], 0
    )


def test_fp16_matches_numpy_and_its_relative_precision():
    w = np.random.default_rng(0).normal(size=1000)
    back = Q.fp16_roundtrip(w)
    np.testing.assert_array_equal(back, w.astype(np.float16).astype(np.float64))
    assert np.all(np.abs(back - w) <= np.abs(w) * 2**-11 + 2**-25)


def test_weight_report_skips_biases_and_reports_sizes():
    state = {"a.weight": np.ones((4, 3)) * 0.5, "a.bias": np.ones(4)}
    report = Q.weight_report(state)
    assert list(report.index) == ["a.weight"]
    row = report.loc["a.weight"]
    assert (row["params"], row["fp32 bytes"], row["fp16 bytes"]) == (12, 48, 24)
    assert row["int8 bytes"] == 12 + 4 * 4
    assert row["int8 per-tensor max error"] == pytest.approx(0.0, abs=1e-12)


def test_max_error_checks_shapes():
    with pytest.raises(ValueError, match="shape"):
        Q.max_error(np.ones((2, 2)), np.ones((2, 3)))
    assert Q.max_error(np.zeros(3), np.array([0.0, -0.5, 0.25])) == 0.5


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"bits": 9}, ValueError, "bits"),
        ({"bits": 1}, ValueError, "bits"),
        ({"per_channel": "yes"}, TypeError, "per_channel"),
        ({"scale": 0.0}, ValueError, "scale"),
        ({"scale": 0.1, "per_channel": True}, ValueError, "per_channel"),
    ],
)
def test_bad_options_are_refused(kwargs, error, match):
    with pytest.raises(error, match=match):
        Q.quantize_int8(np.ones((2, 2)), **kwargs)
