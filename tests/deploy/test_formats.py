"""Tests of deploy.formats: ONNX parity with torch (the real exporter, once per
module), FP16, and ONNX Runtime's dynamic and static INT8 quantization."""

from __future__ import annotations

import warnings

import numpy as np
import onnx
import pytest
import torch

from helpers.deploy import formats as F
from helpers.deploy.runtime import make_session, run_logits


@pytest.fixture(scope="module")
def mlp():
    torch.manual_seed(0)
    return torch.nn.Sequential(
        torch.nn.Linear(64, 32), torch.nn.ReLU(), torch.nn.Linear(32, 10)
    ).eval()


@pytest.fixture(scope="module")
def exported(mlp):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        blob = F.export_onnx(mlp)
    return blob, caught


@pytest.fixture(scope="module")
def X():
    return np.random.default_rng(0).random((50, 64)).astype(np.float32)


def test_onnx_runtime_matches_torch_within_the_stated_tolerance(mlp, exported, X):
    blob, _ = exported
    ours = run_logits(make_session(blob), X)
    with torch.no_grad():
        reference = mlp(torch.from_numpy(X)).numpy()
    assert np.abs(ours - reference).max() <= F.PARITY_ATOL


def test_the_batch_axis_is_dynamic(exported, X):
    blob, _ = exported
    session = make_session(blob)
    dims = session.get_inputs()[0].shape
    assert isinstance(dims[0], str) and dims[1] == 64
    for n in (1, 7, 50):
        assert run_logits(session, X[:n]).shape == (n, 10)


def test_the_export_raises_no_deprecation_warning(exported):
    _, caught = exported
    deprecated = [
        w for w in caught if issubclass(w.category, DeprecationWarning | FutureWarning)
    ]
    assert not deprecated, [str(w.message) for w in deprecated]


def test_fp16_halves_the_weights_and_keeps_float32_io(exported, X):
    blob, _ = exported
    half = F.to_fp16(blob)
    proto = onnx.load_from_string(half)
    kinds = {init.data_type for init in proto.graph.initializer}
    assert kinds == {onnx.TensorProto.FLOAT16}
    assert proto.graph.input[0].type.tensor_type.elem_type == onnx.TensorProto.FLOAT
    weight_bytes = [
        sum(len(i.raw_data) for i in onnx.load_from_string(b).graph.initializer)
        for b in (blob, half)
    ]
    assert weight_bytes[1] * 2 == weight_bytes[0]
    full, reduced = run_logits(make_session(blob), X), run_logits(make_session(half), X)
    assert np.abs(full - reduced).max() < 1e-2


def test_dynamic_int8_stores_int8_weights_and_keeps_the_predictions(exported, X):
    blob, _ = exported
    small = F.quantize_dynamic_int8(blob)
    proto = onnx.load_from_string(small)
    assert any(i.data_type == onnx.TensorProto.INT8 for i in proto.graph.initializer)
    assert "MatMulInteger" in {n.op_type for n in proto.graph.node}
    assert len(small) < len(blob)
    full, quant = run_logits(make_session(blob), X), run_logits(make_session(small), X)
    assert np.mean(full.argmax(1) == quant.argmax(1)) >= 0.9


def test_static_int8_uses_qdq_nodes_and_the_calibration_data(exported, X):
    blob, _ = exported
    small = F.quantize_static_int8(blob, X[:20])
    ops = {n.op_type for n in onnx.load_from_string(small).graph.node}
    assert {"QuantizeLinear", "DequantizeLinear"} <= ops
    full, quant = run_logits(make_session(blob), X), run_logits(make_session(small), X)
    assert np.mean(full.argmax(1) == quant.argmax(1)) >= 0.9


def test_the_calibration_reader_yields_every_row_once():
    X = np.arange(10 * 3, dtype=float).reshape(10, 3)
    reader = F.ArrayReader(X, batch_size=4)
    batches = []
    while (batch := reader.get_next()) is not None:
        batches.append(batch["x"])
    np.testing.assert_array_equal(np.concatenate(batches), X.astype(np.float32))
    assert [len(b) for b in batches] == [4, 4, 2]
    reader.rewind()
    assert reader.get_next() is not None


def test_bad_models_are_refused():
    with pytest.raises(ValueError, match="not a readable ONNX"):
        F.to_fp16(b"not a model")
    with pytest.raises(TypeError, match="ONNX bytes"):
        F.quantize_dynamic_int8("model.onnx")
    with pytest.raises(TypeError, match="torch.nn.Module"):
        F.export_onnx("model")


@pytest.mark.parametrize("bad", [None, 3, "f", [1, 2]])
def test_export_refuses_bad_models(bad):
    with pytest.raises(TypeError, match="torch.nn.Module"):
        F.export_onnx(bad)


@pytest.mark.parametrize("bad", [0, -1, 2.5, float("nan"), True, "3", None, 10**12])
def test_export_refuses_bad_widths(mlp, bad):
    with pytest.raises((TypeError, ValueError), match="n_features"):
        F.export_onnx(mlp, n_features=bad)
