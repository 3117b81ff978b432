"""Model formats: torch -> ONNX, run with ONNX Runtime, FP16 and INT8 copies.

* :func:`export_onnx` -- torch's current exporter (``torch.onnx.export(...,
  dynamo=True)``, which builds on ``torch.export`` and onnxscript), with a dynamic
  batch axis: input ``x`` of shape ``(batch, n_features)``, output ``logits`` of shape
  ``(batch, n_classes)``. Returns the model as bytes, weights inside.
* running it: :mod:`helpers.deploy.runtime` (ONNX Runtime only, no torch, so the
  server starts fast).
* :func:`to_fp16` -- every float weight stored as FP16 (inputs and outputs stay FP32).
* :func:`quantize_dynamic_int8` and :func:`quantize_static_int8` -- ONNX Runtime's
  maintained quantization (``onnxruntime.quantization``): dynamic (INT8 weights,
  activations quantized on the fly from each batch's own range) and static (INT8
  weights and activations, the activation ranges measured once on calibration data
  read by an :class:`ArrayReader`).

The exporter emits one ``FutureWarning`` from inside torch itself
(``torch.export`` deep-copies a pytree spec whose ``LeafSpec`` check is deprecated);
no API we call is deprecated, so that one message, and only it, is silenced.

>>> from helpers.deploy.runtime import make_session, run_logits
>>> model = torch.nn.Sequential(torch.nn.Linear(4, 3)).eval()
>>> blob = export_onnx(model, n_features=4)
>>> logits = run_logits(make_session(blob), np.ones((5, 4)))
>>> logits.shape, bool(np.allclose(logits, model(torch.ones(5, 4)).detach(), atol=1e-5))
((5, 3), True)
"""

from __future__ import annotations

import logging
import tempfile
import warnings
from pathlib import Path

import numpy as np
import onnx
import torch
from onnxruntime.quantization import (
    CalibrationDataReader,
    QuantFormat,
    QuantType,
    quant_pre_process,
    quantize_dynamic,
    quantize_static,
)

from helpers.core.validation import check_array, check_int
from helpers.deploy.runtime import INPUT, OUTPUT

MAX_FEATURES = 100_000
PARITY_ATOL = 1e-4
"""ONNX Runtime's FP32 logits match torch's within this absolute tolerance (both
compute in float32; only the order of the sums differs)."""


def export_onnx(model: torch.nn.Module, *, n_features: int = 64) -> bytes:
    """``model`` (in eval mode) as ONNX bytes with a dynamic batch axis."""
    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    n_features = check_int("n_features", n_features, low=1, high=MAX_FEATURES)
    model.eval()
    example = (torch.zeros(2, n_features),)  # (batch, n_features); 2: not specialised
    registration = logging.getLogger("torch.onnx._internal.exporter._registration")
    level = registration.level
    registration.setLevel(logging.ERROR)  # "torchvision is not installed": not needed
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message=r"`isinstance\(treespec, LeafSpec\)` is deprecated"
        )
        try:
            program = torch.onnx.export(
                model,
                example,
                dynamo=True,
                dynamic_shapes=({0: torch.export.Dim("batch")},),
                input_names=[INPUT],
                output_names=[OUTPUT],
                verbose=False,
            )
        finally:
            registration.setLevel(level)
    return program.model_proto.SerializeToString()


def to_fp16(model: bytes) -> bytes:
    """The model with its float weights stored as FP16; inputs and outputs stay FP32
    (a Cast at each end)."""
    from onnxruntime.transformers.float16 import convert_float_to_float16

    proto = _proto(model)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # notes on values clipped to the FP16 range
        half = convert_float_to_float16(proto, keep_io_types=True)
    return half.SerializeToString()


class ArrayReader(CalibrationDataReader):
    """Feeds rows of ``X`` to ONNX Runtime's calibrator, ``batch_size`` at a time."""

    def __init__(self, X: np.ndarray, *, batch_size: int = 32, name: str = INPUT):
        X = check_array("X", X, ndim=2).astype(np.float32)  # (n, n_features)
        batch_size = check_int("batch_size", batch_size, low=1, high=len(X))
        if not isinstance(name, str) or not name:
            raise TypeError(f"name must be the model's input name, got {name!r}")
        self.batches = [
            {name: X[i : i + batch_size]} for i in range(0, len(X), batch_size)
        ]
        self.position = 0

    def get_next(self) -> dict[str, np.ndarray] | None:
        """The next batch, or None when all were read."""
        if self.position >= len(self.batches):
            return None
        self.position += 1
        return self.batches[self.position - 1]

    def rewind(self) -> None:
        self.position = 0


def quantize_dynamic_int8(model: bytes) -> bytes:
    """ONNX Runtime dynamic quantization: INT8 weights (per tensor), activations
    quantized at run time from each batch's own range."""
    with _workdir(model) as (folder, source):
        target = folder / "dynamic.onnx"
        quantize_dynamic(source, target, weight_type=QuantType.QInt8)
        return target.read_bytes()


def quantize_static_int8(
    model: bytes, X_calibration: np.ndarray, *, per_channel: bool = True
) -> bytes:
    """ONNX Runtime static quantization (QDQ format): INT8 weights (per output
    channel when ``per_channel``) and INT8 activations whose ranges come from running
    ``X_calibration`` through the model (min-max calibration)."""
    reader = ArrayReader(X_calibration, batch_size=min(32, len(X_calibration)))
    if not isinstance(per_channel, bool):
        raise TypeError(f"per_channel must be True or False, got {per_channel!r}")
    with _workdir(model) as (folder, source):
        target = folder / "static.onnx"
        quantize_static(
            source,
            target,
            reader,
            quant_format=QuantFormat.QDQ,
            per_channel=per_channel,
            weight_type=QuantType.QInt8,
            activation_type=QuantType.QInt8,
        )
        return target.read_bytes()


class _workdir:
    """A temp folder holding ``model`` pre-processed for quantization (shape
    inference and graph optimisation, as ONNX Runtime recommends)."""

    def __init__(self, model: bytes) -> None:
        self.proto = _proto(model)

    def __enter__(self) -> tuple[Path, Path]:
        self.tmp = tempfile.TemporaryDirectory(prefix="workbook-onnx-")
        folder = Path(self.tmp.name)
        raw, source = folder / "model.onnx", folder / "prepared.onnx"
        onnx.save(self.proto, raw)
        root = logging.getLogger()
        self.level = root.level
        root.setLevel(logging.ERROR)  # the quantizer logs advice at WARNING on root
        quant_pre_process(raw, source)
        return folder, source

    def __exit__(self, *exc: object) -> None:
        logging.getLogger().setLevel(self.level)
        self.tmp.cleanup()


def _proto(model: bytes) -> onnx.ModelProto:
    if not isinstance(model, bytes) or not model:
        raise TypeError(f"model must be ONNX bytes, got {type(model).__name__}")
    try:
        return onnx.load_model_from_string(model)
    except Exception as exc:  # protobuf's DecodeError and friends
        raise ValueError(f"model is not a readable ONNX file: {exc}") from None
