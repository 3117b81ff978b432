"""Quantization written out in NumPy: symmetric INT8 (per tensor and per channel), FP16.

**Symmetric INT8** maps a float weight $w$ to an integer $q$ in $[-127, 127]$ with one
**scale** $s$ (per tensor) or one scale per output channel (per channel), and a
**zero point** $z = 0$ (symmetric: 0.0 maps to the integer 0)::

    s = max|w| / 127                     # the range [-max|w|, max|w|] fills the codes
    q = clip(round(w / s) + z, -127, 127)
    w_hat = s * (q - z)                  # dequantized

Inside the range, rounding moves a value by at most half a step, so
$|w - \\hat w| \\le s / 2$. A value outside the range (a scale chosen smaller than
``max|w| / 127``, e.g. to ignore outliers) is **clipped** to the end code and its error
is $|w| - 127 s$, larger than $s/2$. Per-channel scales follow each row's own range,
so rows of small weights get small steps: the bound $s/2$ can only shrink (one weight
may still round a little worse by chance).

>>> w = np.array([[0.5, -1.0], [0.01, 0.02]])
>>> qt = quantize_int8(w)
>>> qt.q.tolist(), round(float(qt.scale), 5)
([[64, -127], [1, 3]], 0.00787)
>>> float(np.abs(w - dequantize(qt)).max()) <= float(qt.scale) / 2
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.core.validation import check_array, check_int, check_real

QMAX = 127
"""The largest INT8 code used: symmetric codes are -127..127 (-128 is left out, so
that the range is the same on both sides)."""


@dataclass(frozen=True)
class QuantizedTensor:
    """INT8 codes ``q`` (the shape of the weights), the ``scale`` (a float, or one
    per row when ``per_channel``) and the zero point (0: symmetric)."""

    q: np.ndarray
    scale: np.ndarray
    zero_point: int
    per_channel: bool

    @property
    def nbytes(self) -> int:
        """Bytes to store it: one per code plus four per scale."""
        return int(self.q.size + 4 * np.size(self.scale))


def int8_scale(
    w: np.ndarray, *, per_channel: bool = False, bits: int = 8
) -> np.ndarray:
    """The symmetric scale ``max|w| / 127`` (``2**(bits-1) - 1`` for other widths):
    one number, or one per row (output channel) when ``per_channel``. An all-zero
    tensor or row gets scale 1."""
    w = _weights(w)
    qmax = _qmax(bits)
    _check_flag("per_channel", per_channel)
    flat = np.abs(w.reshape(len(w), -1)) if per_channel else np.abs(w.reshape(1, -1))
    scale = flat.max(axis=1) / qmax  # (rows,) or (1,)
    scale = np.where(scale > 0, scale, 1.0)
    return scale if per_channel else scale[0]


def quantize_int8(
    w: np.ndarray,
    *,
    per_channel: bool = False,
    scale: float | None = None,
    bits: int = 8,
) -> QuantizedTensor:
    """Symmetric INT8 codes of ``w``: ``clip(round(w / s), -127, 127)``.

    ``scale`` overrides the per-tensor scale (values beyond ``127 * scale`` are
    clipped); it cannot be combined with ``per_channel``. ``bits`` (2..8) uses the
    codes ``-(2**(bits-1) - 1) .. 2**(bits-1) - 1`` instead, still stored in int8.
    """
    w = _weights(w)
    qmax = _qmax(bits)
    _check_flag("per_channel", per_channel)
    if scale is not None:
        if per_channel:
            raise ValueError("scale must be None when per_channel is True")
        s = np.asarray(check_real("scale", scale, low=0.0, open_low=True))
    else:
        s = np.asarray(int8_scale(w, per_channel=per_channel, bits=bits))
    steps = s.reshape((-1,) + (1,) * (w.ndim - 1)) if per_channel else s
    q = np.clip(np.round(w / steps), -qmax, qmax).astype(np.int8)
    return QuantizedTensor(
        q=q, scale=s.astype(np.float64), zero_point=0, per_channel=per_channel
    )


def dequantize(qt: QuantizedTensor) -> np.ndarray:
    """The float weights ``s * (q - z)`` that INT8 codes stand for (float64, so the
    error bound is exact; a model would store them as float32)."""
    if not isinstance(qt, QuantizedTensor):
        raise TypeError(f"qt must be a QuantizedTensor, got {type(qt).__name__}")
    s = qt.scale.reshape((-1,) + (1,) * (qt.q.ndim - 1)) if qt.per_channel else qt.scale
    return s * (qt.q.astype(np.float64) - qt.zero_point)


def fp16_roundtrip(w: np.ndarray) -> np.ndarray:
    """``w`` stored as FP16 and read back (what FP16 weights hold)."""
    return _weights(w).astype(np.float16).astype(np.float64)


def max_error(w: np.ndarray, w_hat: np.ndarray) -> float:
    """The largest absolute difference between weights and their copy."""
    w = _weights(w)
    w_hat = check_array("w_hat", w_hat, ndim=w.ndim)
    if w_hat.shape != w.shape:
        raise ValueError(f"w_hat must have shape {w.shape}, got {w_hat.shape}")
    return float(np.abs(w - w_hat).max())


def weight_report(state: Mapping[str, np.ndarray]) -> pd.DataFrame:
    """One row per weight matrix (biases and other 1-D tensors left out; no
    convolution kernels: flatten them to ``(out, rest)`` first) of a state dict:
    its size in FP32, FP16 and INT8 bytes and the largest error each adds.

    Columns: ``params``, ``fp32 bytes``, ``fp16 bytes``, ``int8 bytes``,
    ``fp16 max error``, ``int8 per-tensor max error``, ``int8 per-channel max
    error``, ``per-tensor scale / 2``.
    """
    if not isinstance(state, Mapping) or not state:
        raise TypeError("state must be a non-empty mapping of names to weight arrays")
    rows = []
    for name, value in state.items():
        w = np.asarray(value.detach() if hasattr(value, "detach") else value)
        if w.ndim != 2:
            continue
        w = _weights(w, name=str(name))
        tensor = quantize_int8(w)
        channel = quantize_int8(w, per_channel=True)
        rows.append(
            {
                "layer": str(name),
                "params": int(w.size),
                "fp32 bytes": 4 * int(w.size),
                "fp16 bytes": 2 * int(w.size),
                "int8 bytes": channel.nbytes,
                "fp16 max error": max_error(w, fp16_roundtrip(w)),
                "int8 per-tensor max error": max_error(w, dequantize(tensor)),
                "int8 per-channel max error": max_error(w, dequantize(channel)),
                "per-tensor scale / 2": float(tensor.scale) / 2,
            }
        )
    if not rows:
        raise ValueError("state holds no weight matrix (no tensor with 2 or more dims)")
    return pd.DataFrame(rows).set_index("layer")


def _qmax(bits: int) -> int:
    return 2 ** (check_int("bits", bits, low=2, high=8) - 1) - 1


def _check_flag(name: str, value: object) -> None:
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, got {value!r}")


def _weights(w: object, *, name: str = "w") -> np.ndarray:
    return check_array(name, w, ndim=(1, 2)).astype(np.float64)
