"""Running an ONNX model with ONNX Runtime on one CPU thread (no torch needed).

The server imports only this (and FastAPI), so it starts in about a second.

>>> import onnx
>>> from onnx import helper, TensorProto
>>> graph = helper.make_graph(
...     [helper.make_node("Identity", ["x"], ["logits"])], "id",
...     [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 3])],
...     [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 3])])
>>> blob = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)])
>>> blob.ir_version = 10
>>> session = make_session(blob.SerializeToString())
>>> n_inputs(session), run_logits(session, np.eye(3)).tolist()[0]
(3, [1.0, 0.0, 0.0])
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import onnxruntime as ort

from helpers.core.validation import check_array, check_int


class MissingFile(FileNotFoundError, ValueError):
    """A file a helper needs is not there. Both a ``FileNotFoundError`` (what it is)
    and a ``ValueError`` (a bad argument, as the workbook's checks raise)."""


def existing_file(path: object, *, what: str = "file") -> Path:
    """``path`` as a Path to an existing file; :class:`MissingFile` naming it if not."""
    if not isinstance(path, str | Path) or not str(path):
        raise TypeError(f"the {what} must be a path, got {path!r}")
    path = Path(path)
    if not path.is_file():
        raise MissingFile(f"no {what} at {path}")
    return path


INPUT, OUTPUT = "x", "logits"
"""Names of the model's input ``(batch, n_features)`` and output
``(batch, n_classes)``."""


def sha256_hex(blob: bytes) -> str:
    """The SHA-256 of a model file's bytes, as 64 hex digits."""
    if not isinstance(blob, bytes):
        raise TypeError(f"blob must be bytes, got {type(blob).__name__}")
    return hashlib.sha256(blob).hexdigest()


def make_session(
    model: bytes | str | Path, *, threads: int = 1
) -> ort.InferenceSession:
    """An ONNX Runtime CPU session for ONNX bytes or a file, on ``threads`` threads.

    Raises :class:`MissingFile` naming the file when a path does not exist.
    """
    threads = check_int("threads", threads, low=1, high=64)
    if isinstance(model, str | Path):
        model = existing_file(model, what="model file").read_bytes()
    if not isinstance(model, bytes) or not model:
        raise TypeError(
            f"model must be ONNX bytes or a path, got {type(model).__name__}"
        )
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.log_severity_level = 3  # errors only
    try:
        return ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # ORT raises its own types for a corrupt model
        raise ValueError(f"ONNX Runtime cannot load the model: {exc}") from None


def n_inputs(session: ort.InferenceSession) -> int:
    """The number of features the session's model reads per row."""
    if not isinstance(session, ort.InferenceSession):
        raise TypeError(f"session must be an InferenceSession, got {session!r:.60}")
    return int(session.get_inputs()[0].shape[1])


def run_logits(session: ort.InferenceSession, X: np.ndarray) -> np.ndarray:
    """The logits ``(n, n_classes)`` of rows ``X`` ``(n, n_features)``."""
    width = n_inputs(session)
    X = check_array("X", X, ndim=2).astype(np.float32)  # (n, n_features)
    if X.shape[1] != width:
        raise ValueError(f"X must have {width} columns, got {X.shape[1]}")
    name = session.get_inputs()[0].name
    return session.run(None, {name: X})[0]  # (n, n_classes)
