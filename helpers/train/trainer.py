"""The workbook's trainer: mini-batch training with a history and early stopping.

:func:`fit` trains a torch classifier in place on NumPy arrays and returns a
:class:`History` (train and validation loss and accuracy per epoch). With
``patience`` it stops once the validation loss has not improved for that many
epochs and puts back the weights of the best epoch. A loss that turns NaN or
infinite stops training with a ``ValueError`` naming the epoch and step.

>>> import numpy as np
>>> from helpers.train.models import build_model
>>> rng = np.random.default_rng(0)
>>> X = rng.normal(size=(40, 2)); y = (X[:, 0] > 0).astype(int)
>>> model = build_model("linear", n_features=2, n_classes=2)
>>> h = fit(model, X, y, X, y, config=TrainConfig(epochs=40, lr=0.1), progress=False)
>>> h.val_loss[-1] < h.val_loss[0], accuracy(model, X, y) > 0.9
(True, True)
"""

from __future__ import annotations

import copy
import math
import time
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from helpers.core.progress import progress as progress_bar
from helpers.core.validation import (
    check_array,
    check_choice,
    check_int,
    check_labels,
    check_real,
    check_same_length,
)

OPTIMIZERS = ("sgd", "momentum", "adam")
"""Plain SGD, SGD with momentum 0.9, Adam."""

LOSSES = ("cross_entropy", "mse")
"""Cross-entropy on the logits; squared error between softmax and the one-hot label."""

MOMENTUM = 0.9
MAX_EPOCHS = 100_000
MAX_BATCH = 10_000_000


@dataclass(frozen=True)
class TrainConfig:
    """How :func:`fit` trains: epochs, learning rate, batch size, optimiser
    (``"sgd"``, ``"momentum"`` or ``"adam"``), L2 weight decay, early-stopping
    patience in epochs (``None``: train all epochs) and the seed of the shuffling,
    dropout and any other random draw during training."""

    epochs: int = 30
    lr: float = 1e-3
    batch_size: int = 32
    optimizer: str = "adam"
    weight_decay: float = 0.0
    patience: int | None = None
    seed: int = 0

    def __post_init__(self) -> None:
        check_int("epochs", self.epochs, low=1, high=MAX_EPOCHS)
        check_real("lr", self.lr, low=0, open_low=True, high=100)
        check_int("batch_size", self.batch_size, low=1, high=MAX_BATCH)
        check_choice("optimizer", self.optimizer, OPTIMIZERS)
        check_real("weight_decay", self.weight_decay, low=0, high=100)
        if self.patience is not None:
            check_int("patience", self.patience, low=1, high=MAX_EPOCHS)
        check_int("seed", self.seed, low=0, high=2**32 - 1)


@dataclass(frozen=True)
class History:
    """What happened in :func:`fit`, one entry per epoch trained.

    ``train_loss`` and ``train_acc`` average the mini-batches of the epoch (in
    training mode, dropout on); ``val_*`` are measured after the epoch in evaluation
    mode. ``best_epoch`` is the 0-based index of the lowest validation loss (the
    weights kept when ``patience`` is set); ``seconds`` the wall time of the fit.
    """

    train_loss: list[float]
    val_loss: list[float]
    train_acc: list[float]
    val_acc: list[float]
    best_epoch: int
    stopped_early: bool
    seconds: float

    def __post_init__(self) -> None:
        n = check_same_length(
            train_loss=self.train_loss,
            val_loss=self.val_loss,
            train_acc=self.train_acc,
            val_acc=self.val_acc,
        )
        if n < 1:
            raise ValueError("a History needs at least one epoch")
        check_int("best_epoch", self.best_epoch, low=0, high=n - 1)
        check_real("seconds", self.seconds, low=0)

    @property
    def epochs(self) -> int:
        """The number of epochs trained."""
        return len(self.train_loss)


def _check_model(model: object) -> nn.Module:
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch nn.Module, got {type(model).__name__}")
    return model


def _tensor(X: np.ndarray) -> torch.Tensor:
    return torch.as_tensor(X, dtype=torch.float32)


def _n_outputs(model: nn.Module, X: np.ndarray) -> int:
    """The number of classes ``model`` predicts, from one row of ``X``."""
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            out = model(_tensor(X[:1]))  # (1, n_classes)
    except (RuntimeError, IndexError) as exc:
        raise ValueError(
            f"the model cannot read rows of shape {X.shape[1:]}: {exc}"
        ) from None
    finally:
        model.train(was_training)
    if out.ndim != 2 or out.shape[1] < 2:
        raise ValueError(
            f"the model must output (batch, n_classes) scores with n_classes >= 2, "
            f"got shape {tuple(out.shape)}"
        )
    return int(out.shape[1])


def _check_xy(name: str, X: object, y: object, n_classes: int | None) -> tuple:
    X = check_array(f"X_{name}", X, ndim=2)
    y = check_labels(f"y_{name}", y, n_classes=n_classes)
    check_same_length(**{f"X_{name}": X, f"y_{name}": y})
    return X, y


def batch_loss(logits: torch.Tensor, y: torch.Tensor, loss: str) -> torch.Tensor:
    """The mean ``loss`` (one of :data:`LOSSES`) of ``logits`` (batch, n_classes)
    against integer labels ``y`` (batch,).

    ``"mse"`` sums the squared differences between the softmax probabilities and the
    one-hot label over the classes (the Brier score), then averages over the batch.

    >>> z = torch.tensor([[2.0, 0.0]]); t = torch.tensor([0])
    >>> round(float(batch_loss(z, t, "cross_entropy")), 4)
    0.1269
    """
    check_choice("loss", loss, LOSSES)
    if loss == "cross_entropy":
        return nn.functional.cross_entropy(logits, y)
    probs = torch.softmax(logits, dim=1)  # (batch, n_classes)
    onehot = nn.functional.one_hot(y, logits.shape[1]).to(probs.dtype)
    return ((probs - onehot) ** 2).sum(dim=1).mean()


def _optimizer(model: nn.Module, config: TrainConfig) -> torch.optim.Optimizer:
    params = [p for p in model.parameters() if p.requires_grad]
    if not params:
        raise ValueError("the model has no trainable parameters")
    if config.optimizer == "adam":
        return torch.optim.Adam(params, lr=config.lr, weight_decay=config.weight_decay)
    momentum = MOMENTUM if config.optimizer == "momentum" else 0.0
    return torch.optim.SGD(
        params, lr=config.lr, momentum=momentum, weight_decay=config.weight_decay
    )


def _evaluate(
    model: nn.Module, X: torch.Tensor, y: torch.Tensor, loss: str
) -> tuple[float, float]:
    model.eval()
    with torch.no_grad():
        logits = model(X)  # (n, n_classes)
        value = float(batch_loss(logits, y, loss))
        acc = float((logits.argmax(dim=1) == y).float().mean())
    return value, acc


def fit(
    model: nn.Module,
    X_train: np.ndarray,
    y_train: np.ndarray,
    X_val: np.ndarray,
    y_val: np.ndarray,
    *,
    config: TrainConfig = TrainConfig(),  # noqa: B008 - frozen, so a safe default
    loss: str = "cross_entropy",
    progress: bool | None = None,
) -> History:
    """Train ``model`` in place on ``(X_train, y_train)``, watching ``(X_val, y_val)``.

    Mini-batches of ``config.batch_size`` rows, reshuffled every epoch from
    ``config.seed`` (the same seed gives the same run). ``progress`` shows a bar over
    the epochs (``None``: except in fast mode). Returns the :class:`History`; the
    model is left in evaluation mode, with the best validation weights restored when
    ``config.patience`` is set.

    Raises ``ValueError`` if the loss becomes NaN or infinite, naming the epoch and
    the step and suggesting a smaller learning rate.
    """
    model = _check_model(model)
    if not isinstance(config, TrainConfig):
        raise TypeError(f"config must be a TrainConfig, got {type(config).__name__}")
    loss = check_choice("loss", loss, LOSSES)
    if progress is not None and not isinstance(progress, bool):
        raise TypeError(f"progress must be True, False or None, got {progress!r}")
    X_train = check_array("X_train", X_train, ndim=2)
    X_val = check_array("X_val", X_val, ndim=2)
    if X_val.shape[1] != X_train.shape[1]:
        raise ValueError(
            f"X_val must have the {X_train.shape[1]} columns of X_train, "
            f"got {X_val.shape[1]}"
        )
    n_classes = _n_outputs(model, X_train)
    X_train, y_train = _check_xy("train", X_train, y_train, n_classes)
    X_val, y_val = _check_xy("val", X_val, y_val, n_classes)

    Xt, yt = _tensor(X_train), torch.as_tensor(y_train, dtype=torch.long)
    Xv, yv = _tensor(X_val), torch.as_tensor(y_val, dtype=torch.long)
    n = len(Xt)
    size = config.batch_size
    history: dict[str, list[float]] = {
        k: [] for k in ("train_loss", "val_loss", "train_acc", "val_acc")
    }
    best_loss, best_epoch, best_state = math.inf, 0, None
    stopped_early = False
    start = time.perf_counter()
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(config.seed)
        shuffler = torch.Generator().manual_seed(config.seed)
        optimizer = _optimizer(model, config)
        epochs = progress_bar(range(config.epochs), desc="epochs", enabled=progress)
        for epoch in epochs:
            model.train()
            order = torch.randperm(n, generator=shuffler)  # (n,)
            total, correct = 0.0, 0
            for step, first in enumerate(range(0, n, size)):
                idx = order[first : first + size]  # (batch,)
                logits = model(Xt[idx])  # (batch, n_classes)
                value = batch_loss(logits, yt[idx], loss)
                if not torch.isfinite(value):
                    raise ValueError(
                        f"the training loss became {value.item()} at epoch "
                        f"{epoch + 1}, step {step + 1}: the learning rate "
                        f"{config.lr:g} is probably too large; try a smaller one "
                        f"(e.g. {config.lr / 10:g})"
                    )
                optimizer.zero_grad()
                value.backward()
                optimizer.step()
                total += value.item() * len(idx)
                correct += int((logits.argmax(dim=1) == yt[idx]).sum())
            val_loss, val_acc = _evaluate(model, Xv, yv, loss)
            if not math.isfinite(val_loss):
                raise ValueError(
                    f"the validation loss became {val_loss} after epoch {epoch + 1}: "
                    f"the learning rate {config.lr:g} is probably too large; try a "
                    f"smaller one (e.g. {config.lr / 10:g})"
                )
            history["train_loss"].append(total / n)
            history["train_acc"].append(correct / n)
            history["val_loss"].append(val_loss)
            history["val_acc"].append(val_acc)
            if val_loss < best_loss:
                best_loss, best_epoch = val_loss, epoch
                if config.patience is not None:
                    best_state = copy.deepcopy(model.state_dict())
            elif config.patience is not None and epoch - best_epoch >= config.patience:
                stopped_early = epoch + 1 < config.epochs
                break
    if best_state is not None:
        model.load_state_dict(best_state)
    model.eval()
    return History(
        **history,
        best_epoch=best_epoch,
        stopped_early=stopped_early,
        seconds=time.perf_counter() - start,
    )


def predict_proba(
    model: nn.Module, X: np.ndarray, *, batch_size: int = 1024
) -> np.ndarray:
    """Class probabilities, shape ``(n, n_classes)``: softmax of the model's scores,
    in evaluation mode, without gradients, ``batch_size`` rows at a time."""
    model = _check_model(model)
    X = check_array("X", X, ndim=2)
    batch_size = check_int("batch_size", batch_size, low=1, high=MAX_BATCH)
    _n_outputs(model, X)
    model.eval()
    parts = []
    with torch.no_grad():
        for first in range(0, len(X), batch_size):
            logits = model(_tensor(X[first : first + batch_size]))  # (b, n_classes)
            parts.append(torch.softmax(logits.double(), dim=1).numpy())
    return np.concatenate(parts)  # (n, n_classes)


def accuracy(model: nn.Module, X: np.ndarray, y: np.ndarray) -> float:
    """The fraction of rows of ``X`` whose most probable class is ``y``."""
    model = _check_model(model)
    X = check_array("X", X, ndim=2)
    y = check_labels("y", y)
    check_same_length(X=X, y=y)
    return float(np.mean(predict_proba(model, X).argmax(axis=1) == y))
