"""Support for the deploy tests (not a test module): a tiny ONNX model built by hand."""

from __future__ import annotations

import numpy as np
from onnx import TensorProto, helper, numpy_helper


def gemm_model(W: np.ndarray, b: np.ndarray) -> bytes:
    """ONNX bytes computing ``x @ W.T + b`` with a dynamic batch axis."""
    n_classes, n_features = W.shape
    graph = helper.make_graph(
        [helper.make_node("Gemm", ["x", "W", "b"], ["logits"], transB=1)],
        "gemm",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", n_features])],
        [
            helper.make_tensor_value_info(
                "logits", TensorProto.FLOAT, ["batch", n_classes]
            )
        ],
        initializer=[
            numpy_helper.from_array(W.astype(np.float32), "W"),
            numpy_helper.from_array(b.astype(np.float32), "b"),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)])
    model.ir_version = 10
    return model.SerializeToString()
