"""Tests of deploy.runtime against a hand-built Gemm model and NumPy."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from helpers.deploy import runtime as R


def test_logits_match_numpy(tiny_onnx, weights, rows):
    W, b = weights
    session = R.make_session(tiny_onnx)
    np.testing.assert_allclose(R.run_logits(session, rows), rows @ W.T + b, atol=1e-4)
    assert R.n_inputs(session) == 64


def test_a_session_runs_on_one_thread(tiny_onnx):
    session = R.make_session(tiny_onnx)
    assert session.get_session_options().intra_op_num_threads == 1


def test_a_file_path_works_and_a_missing_file_is_named(model_file, tmp_path):
    assert R.n_inputs(R.make_session(model_file)) == 64
    with pytest.raises(FileNotFoundError, match="no model file at .*missing.onnx"):
        R.make_session(tmp_path / "missing.onnx")


def test_corrupt_bytes_give_a_clear_message():
    with pytest.raises(ValueError, match="cannot load the model"):
        R.make_session(b"\x00garbage")


def test_wrong_columns_are_refused(tiny_onnx):
    with pytest.raises(ValueError, match="64 columns, got 3"):
        R.run_logits(R.make_session(tiny_onnx), np.ones((2, 3)))


def test_sha256_matches_hashlib():
    assert R.sha256_hex(b"abc") == hashlib.sha256(b"abc").hexdigest()
