"""The lesson's two digits classifiers, trained once and cached.

* ``"small"`` -- multinomial logistic regression (``build_model("linear")``): 650
  parameters;
* ``"large"`` -- an MLP with two hidden layers of 256 units: about 85,000 parameters.

Both train with :func:`helpers.train.trainer.fit` on the digits pool (1,000 rows to
train, the rest to validate) and are scored on the shared test set. The large model is
the one the lesson exports, quantizes and serves; the small one answers "what if the
hardware is tight". :func:`quantized_copy` puts fake-quantized weights (quantize, then
dequantize) into a copy of a model, to see what INT8 (or fewer bits) does to accuracy.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np
import torch

from helpers.core import config
from helpers.core.artefacts import shipped
from helpers.core.data import DigitsSplit, load_digits_split
from helpers.core.validation import check_choice, check_int
from helpers.deploy.quantize import dequantize, quantize_int8
from helpers.train.models import build_model
from helpers.train.trainer import TrainConfig, accuracy, fit

SPECS: dict[str, tuple[str, dict[str, int]]] = {
    "small": ("linear", {}),
    "large": ("mlp", {"width": 256, "depth": 2}),
}
"""``{name: (family, build_model options)}`` of the lesson's models."""

N_TRAIN = 1000
"""Rows of the digits pool to train on; the rest of the pool validates."""


@dataclass(frozen=True)
class TrainedModels:
    """State dicts, test accuracy and training seconds of the :data:`SPECS` models."""

    states: dict[str, dict[str, torch.Tensor]]
    test_accuracy: dict[str, float]
    seconds: dict[str, float]
    epochs: int


def train_config() -> TrainConfig:
    """The training settings (fewer epochs in fast mode)."""
    return TrainConfig(
        epochs=config.pick(15, 4), lr=3e-3, batch_size=32, optimizer="adam", seed=0
    )


def _train_all() -> TrainedModels:
    split = load_digits_split()
    order = np.random.default_rng(0).permutation(len(split.y_pool))
    train, val = order[:N_TRAIN], order[N_TRAIN:]
    X, y = split.X_pool.astype(np.float32), split.y_pool
    cfg = train_config()
    states, scores, seconds = {}, {}, {}
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # small models: one thread is fastest (and repeatable)
    try:
        for name, (family, options) in SPECS.items():
            model = build_model(family, seed=0, **options)
            history = fit(
                model, X[train], y[train], X[val], y[val], config=cfg, progress=False
            )
            states[name] = {
                k: v.detach().clone() for k, v in model.state_dict().items()
            }
            scores[name] = accuracy(model, split.X_test, split.y_test)
            seconds[name] = history.seconds
    finally:
        torch.set_num_threads(threads)
    return TrainedModels(states, scores, seconds, cfg.epochs)


def train_digits_models() -> TrainedModels:
    """Both models: shipped in ``data/artefacts`` (normal mode), else trained (about
    10 s on one thread) and cached."""
    cfg = train_config()
    params = {"specs": SPECS, "n_train": N_TRAIN, "config": cfg}
    return shipped("deploy_digits_models", _train_all, params=params)


def load_model(trained: TrainedModels, name: str) -> torch.nn.Module:
    """The torch model ``name`` ("small" or "large") with its trained weights, in
    evaluation mode."""
    if not isinstance(trained, TrainedModels):
        raise TypeError(f"trained must be TrainedModels, got {type(trained).__name__}")
    family, options = SPECS[check_choice("model name", name, tuple(SPECS))]
    model = build_model(family, seed=0, **options)
    model.load_state_dict(trained.states[name])
    return model.eval()


def quantized_copy(
    model: torch.nn.Module, *, bits: int = 8, per_channel: bool = False
) -> torch.nn.Module:
    """A copy of ``model`` whose weight matrices are replaced by their symmetric
    ``bits``-bit quantize-dequantize round trip (biases stay float)."""
    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    clone = copy.deepcopy(model).eval()
    with torch.no_grad():
        for param in clone.parameters():
            if param.ndim >= 2:
                w = param.detach().numpy()
                qt = quantize_int8(w, bits=bits, per_channel=per_channel)
                param.copy_(torch.from_numpy(dequantize(qt)).to(param.dtype))
    return clone


def digits_test(split: DigitsSplit | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The shared digits test set as float32 rows and labels."""
    split = load_digits_split() if split is None else split
    if not isinstance(split, DigitsSplit):
        raise TypeError(f"split must be a DigitsSplit, got {type(split).__name__}")
    return split.X_test.astype(np.float32), split.y_test


@dataclass(frozen=True)
class BitsGrid:
    """Test accuracy of a model whose weight matrices are fake-quantized to each of
    ``bits`` (per tensor and per channel), and of the float model."""

    bits: np.ndarray
    accuracy_tensor: np.ndarray
    accuracy_channel: np.ndarray
    float_accuracy: float

    def fewest_bits(self, *, per_channel: bool, max_drop: float = 0.01) -> int:
        """The fewest bits whose accuracy is within ``max_drop`` of the float model."""
        acc = self.accuracy_channel if per_channel else self.accuracy_tensor
        ok = self.bits[acc >= self.float_accuracy - max_drop]
        if not ok.size:
            raise ValueError(f"no bit width stays within {max_drop} of float")
        return int(ok.min())


def accuracy_by_bits(
    model: torch.nn.Module,
    X: np.ndarray,
    y: np.ndarray,
    *,
    bits: tuple[int, ...] = (2, 3, 4, 5, 6, 8),
) -> BitsGrid:
    """:class:`BitsGrid` of ``model`` on ``(X, y)`` for every width in ``bits``."""
    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    widths = sorted({check_int("bits", b, low=2, high=8) for b in bits})
    if not widths:
        raise ValueError("bits must name at least one width")
    tensor = [accuracy(quantized_copy(model, bits=b), X, y) for b in widths]
    channel = [
        accuracy(quantized_copy(model, bits=b, per_channel=True), X, y) for b in widths
    ]
    return BitsGrid(
        np.array(widths), np.array(tensor), np.array(channel), accuracy(model, X, y)
    )
