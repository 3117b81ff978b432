"""The capstone's first five stages (lesson 15): formulate, acquire, label, train,
export. Each stage is a function that takes the previous stages' results and returns
its own (a frozen dataclass with what it cost: labels, seconds, bytes).

The stages orchestrate the other phases' helpers and reimplement none of them:
lesson 01's local API (:class:`helpers.acquire.server.AcquisitionServer`, read with
:class:`helpers.acquire.client.ApiClient`) and captcha generator, lesson 07's
active-learning loop, lesson 11's models and trainer, lesson 12's metrics and lesson
13's ONNX export and INT8 quantization. The unit the reader classifies is one digit
cell of a captcha; a captcha passes when all its digits are read right.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

import numpy as np
import torch
from scipy import ndimage

from helpers.acquire.captcha import CaptchaStyle, render_captchas, split_cells
from helpers.acquire.client import ApiClient
from helpers.acquire.server import API_PATH, AcquisitionServer, ServerConfig
from helpers.core.cache import cached
from helpers.core.config import pick
from helpers.core.data import labelled_subset
from helpers.core.validation import check_array, check_choice, check_int, check_real
from helpers.deploy.formats import export_onnx, quantize_dynamic_int8
from helpers.deploy.runtime import make_session, run_logits
from helpers.evaluate.metrics import accuracy, precision_recall_f1
from helpers.labels.active_loop import run_active_learning
from helpers.train.models import build_model, count_parameters
from helpers.train.trainer import TrainConfig, fit

N_DIGITS = 4
"""Digits per captcha (lesson 01's site)."""
POOL = 2
"""Side of the pixel blocks a cell is averaged over: a 28 x 22 cell becomes 14 x 11."""
N_FEATURES = (28 // POOL) * (22 // POOL)
STRATEGIES = ("margin", "least_confidence", "entropy", "hybrid")
"""Lesson 07's uncertainty strategies the label stage may use (random is the
baseline it is compared with)."""


@dataclass(frozen=True)
class CapstoneConfig:
    """Sizes of the capstone (the defaults are the lesson's normal mode).

    ``budget`` and ``relabel_budget`` count hand-labelled digit cells (the seed set
    of ``per_class`` cells per digit included in ``budget``); ``n_traffic`` captchas
    are served before the site's change and as many after; ``window`` is the
    monitor's window in served cells (at least 50: the chi-squared test needs
    them); ``target`` the captcha accuracy to reach.
    """

    n_api: int = 240
    n_val: int = 100
    n_test: int = 300
    budget: int = 200
    per_class: int = 2
    batch_size: int = 10
    strategy: str = "margin"
    hidden: int = 128
    epochs: int = 60
    n_traffic: int = 100
    window: int = 100
    n_new_pool: int = 300
    relabel_budget: int = 400
    target: float = 0.5
    seed: int = 0

    def __post_init__(self) -> None:
        for name in ("n_api", "n_val", "n_test", "n_traffic", "n_new_pool"):
            check_int(name, getattr(self, name), low=10, high=5000)
        check_int("per_class", self.per_class, low=1, high=10)
        check_int("budget", self.budget, low=10 * self.per_class + 1, high=5000)
        check_int("relabel_budget", self.relabel_budget, low=1, high=5000)
        check_int("batch_size", self.batch_size, low=1, high=self.budget)
        check_choice("strategy", self.strategy, STRATEGIES)
        check_int("hidden", self.hidden, low=1, high=1024)
        check_int("epochs", self.epochs, low=1, high=1000)
        check_int("window", self.window, low=50, high=N_DIGITS * self.n_traffic)
        check_real("target", self.target, low=0, high=1)
        check_int("seed", self.seed, low=0, high=2**31)


FAST_CONFIG = CapstoneConfig(n_test=150, n_traffic=50)
"""The capstone in fast mode (tests, ``WORKBOOK_FAST=1``)."""


def lesson_config() -> CapstoneConfig:
    """The lesson's configuration: the defaults, or :data:`FAST_CONFIG` in fast mode."""
    return pick(CapstoneConfig(), FAST_CONFIG)


def _check_config(config: object) -> CapstoneConfig:
    if not isinstance(config, CapstoneConfig):
        raise TypeError(f"config must be a CapstoneConfig, got {config!r:.60}")
    return config


def _check(name: str, value: object, kind: type) -> None:
    if not isinstance(value, kind):
        raise TypeError(f"{name} must be a {kind.__name__}, got {value!r:.60}")


def cell_features(images: object) -> np.ndarray:
    """Captchas ``(n, 28, 88)`` in [0, 1] -> one row per digit cell,
    ``(n * 4, 154)``: lesson 01's blur, its cell split, then 2 x 2 block means."""
    images = check_array("images", images, ndim=3, dtype=np.float32)  # (n, h, w)
    if images.shape[1:] != CaptchaStyle().shape:
        raise ValueError(f"images must be (n, 28, 88) captchas, got {images.shape}")
    smooth = ndimage.gaussian_filter(images, sigma=(0, 1.0, 1.0))
    cells = split_cells(smooth, N_DIGITS).reshape(-1, 28, 22)  # (n * 4, 28, 22)
    blocks = cells.reshape(-1, 28 // POOL, POOL, 22 // POOL, POOL)
    return blocks.mean(axis=(2, 4)).reshape(len(cells), N_FEATURES)  # (n * 4, 154)


def captcha_accuracy(y_true: object, y_pred: object) -> float:
    """The share of captchas whose ``N_DIGITS`` consecutive cells are all right."""
    y_true = check_array("y_true", y_true, ndim=1)
    y_pred = check_array("y_pred", y_pred, ndim=1)
    if len(y_true) != len(y_pred) or len(y_true) % N_DIGITS:
        raise ValueError(
            f"y_true and y_pred must have the same length, a multiple of {N_DIGITS}; "
            f"got {len(y_true)} and {len(y_pred)}"
        )
    return float((y_true == y_pred).reshape(-1, N_DIGITS).all(axis=1).mean())


def scores(y_true: object, y_pred: object) -> dict[str, float]:
    """Digit accuracy and macro F1 (lesson 12's metrics) and captcha accuracy."""
    return {
        "digit accuracy": accuracy(y_true, y_pred),
        "macro F1": precision_recall_f1(y_true, y_pred, average="macro").f1,
        "captcha accuracy": captcha_accuracy(y_true, y_pred),
    }


# ------------------------------------------------------------------ 1. formulate


@dataclass(frozen=True)
class Problem:
    """What the system must do, how it is measured, and the target."""

    task: str
    unit: str
    metric: str
    target: float
    label_budget: int


def formulate(config: CapstoneConfig) -> Problem:
    """Stage 1: the problem, its metric and its target, from ``config``."""
    config = _check_config(config)
    return Problem(
        task="read the 4-digit captcha of the course-registration site",
        unit="one digit cell (28 x 22 pixels, 154 features after 2 x 2 pooling)",
        metric="captcha accuracy: the share of captchas with all 4 digits right",
        target=config.target,
        label_budget=config.budget + config.relabel_budget,
    )


# ------------------------------------------------------------------ 2. acquire


@dataclass(frozen=True)
class Acquired:
    """The unlabelled pool of cells from the API (``y_pool``: the answers the
    oracle gives when a label is bought), and generated validation and test cells."""

    X_pool: np.ndarray  # (n_pool, 154)
    y_pool: np.ndarray  # (n_pool,)
    X_val: np.ndarray
    y_val: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    n_records: int
    n_rejected: int
    seconds: float


def _cells(n: int, style: CaptchaStyle, seed: int) -> tuple[np.ndarray, np.ndarray]:
    batch = render_captchas(n, style=style, seed=seed)
    return cell_features(batch.images), batch.digits.ravel()


def acquire(config: CapstoneConfig) -> Acquired:
    """Stage 2: start lesson 01's API on 127.0.0.1, page through its captchas
    (validated; malformed records set aside), stop it; generate validation and
    test captchas of the same style."""
    config = _check_config(config)
    start = time.perf_counter()
    site = ServerConfig(n_records=config.n_api, seed=config.seed)
    with AcquisitionServer(site) as server:
        client = ApiClient(server.url, api_key=site.api_key, seed=config.seed)
        fetched = client.fetch_all(API_PATH, per_page=100)
    images = np.stack([r.image for r in fetched.records]).astype(np.float32) / 255
    X_pool = cell_features(images)
    y_pool = np.array([int(c) for r in fetched.records for c in r.text])
    X_val, y_val = _cells(config.n_val, CaptchaStyle(), config.seed + 1)
    X_test, y_test = _cells(config.n_test, CaptchaStyle(), config.seed + 2)
    return Acquired(
        X_pool,
        y_pool,
        X_val,
        y_val,
        X_test,
        y_test,
        len(fetched.records),
        len(fetched.rejected),
        time.perf_counter() - start,
    )


# ------------------------------------------------------------------ 3. label


@dataclass(frozen=True)
class Labelled:
    """The pool cells bought with ``strategy`` (seed set first) and, for it and for
    random on the same budget and seed set, validation accuracy after each round."""

    indices: np.ndarray
    strategy: str
    n_labels: np.ndarray  # (n_rounds + 1,)
    curves: dict[str, np.ndarray]  # name -> (n_rounds + 1,) validation accuracy
    seconds: float

    @property
    def final(self) -> dict[str, float]:
        """Validation accuracy of each strategy at the full budget."""
        return {name: float(acc[-1]) for name, acc in self.curves.items()}


def label(acquired: Acquired, config: CapstoneConfig) -> Labelled:
    """Stage 3: spend ``config.budget`` labels with lesson 07's loop and
    ``config.strategy``, and with random on the same seed set (the baseline)."""
    _check("acquired", acquired, Acquired)
    config = _check_config(config)
    budget = check_int("budget", config.budget, high=len(acquired.y_pool))
    start = time.perf_counter()
    seed_set = labelled_subset(
        acquired.y_pool, per_class=config.per_class, seed=config.seed
    )
    runs = {
        name: run_active_learning(
            acquired.X_pool,
            acquired.y_pool,
            acquired.X_val,
            acquired.y_val,
            strategy=name,
            start=seed_set,
            batch_size=config.batch_size,
            budget=budget,
            seed=config.seed,
        )
        for name in (config.strategy, "random")
    }
    chosen = runs[config.strategy]
    return Labelled(
        chosen.labeled,
        config.strategy,
        chosen.n_labels,
        {name: run.accuracy for name, run in runs.items()},
        time.perf_counter() - start,
    )


# ------------------------------------------------------------------ 4. train


@dataclass(frozen=True)
class Trained:
    """The trained reader (a torch MLP in eval mode), its size and its test scores."""

    model: torch.nn.Module
    n_labels: int
    n_parameters: int
    test_scores: dict[str, float]
    seconds: float


def train_reader(
    X: object, y: object, X_val: object, y_val: object, *, config: CapstoneConfig
) -> tuple[torch.nn.Module, float]:
    """Lesson 11: a one-hidden-layer MLP trained with its trainer; returns the model
    and the training seconds."""
    config = _check_config(config)
    X = check_array("X", X, ndim=2).astype(np.float32)  # (n, 154)
    model = build_model(
        "mlp", n_features=X.shape[1], width=config.hidden, seed=config.seed
    )
    settings = TrainConfig(
        epochs=config.epochs, lr=3e-3, weight_decay=1e-4, seed=config.seed
    )
    history = fit(model, X, y, X_val, y_val, config=settings, progress=False)
    return model, history.seconds


def predict(model: torch.nn.Module, X: object) -> np.ndarray:
    """The classes the torch model predicts for rows ``X``."""
    _check("model", model, torch.nn.Module)
    X = check_array("X", X, ndim=2)
    with torch.no_grad():
        return model(torch.as_tensor(X, dtype=torch.float32)).argmax(1).numpy()


def train(acquired: Acquired, labelled: Labelled, config: CapstoneConfig) -> Trained:
    """Stage 4: train on the bought labels, evaluate on the held-out test cells."""
    _check("acquired", acquired, Acquired)
    _check("labelled", labelled, Labelled)
    a, idx = acquired, labelled.indices
    model, seconds = train_reader(
        a.X_pool[idx], a.y_pool[idx], a.X_val, a.y_val, config=config
    )
    return Trained(
        model,
        len(idx),
        count_parameters(model),
        scores(a.y_test, predict(model, a.X_test)),
        seconds,
    )


# ------------------------------------------------------------------ 5. export


@dataclass(frozen=True)
class Exported:
    """The reader as ONNX (FP32) and INT8 (ONNX Runtime dynamic quantization), with
    each file's size and test scores."""

    fp32: bytes
    int8: bytes
    test_scores: dict[str, dict[str, float]]  # "fp32"/"int8" -> scores
    seconds: float

    @property
    def sizes(self) -> dict[str, int]:
        """File size in bytes of each precision."""
        return {"fp32": len(self.fp32), "int8": len(self.int8)}


def onnx_predict(model: bytes, X: object) -> np.ndarray:
    """The classes an ONNX model (bytes) predicts for rows ``X``, one thread."""
    return run_logits(make_session(model), X).argmax(1)


def onnx_copies(model: torch.nn.Module, *, n_features: int) -> tuple[bytes, bytes]:
    """``model`` exported to ONNX (FP32) and its dynamic INT8 copy, through the cache
    keyed by a digest of the weights: torch's exporter costs seconds per call, and a
    rerun of the lesson exports the very same weights again."""
    _check("model", model, torch.nn.Module)
    n_features = check_int("n_features", n_features, low=1, high=100_000)
    weights = hashlib.sha256()
    for name, value in model.state_dict().items():
        weights.update(name.encode() + value.detach().numpy().tobytes())
    params = {
        "weights": weights.hexdigest(),
        "architecture": repr(model),
        "n_features": n_features,
    }

    def compute() -> tuple[bytes, bytes]:
        fp32 = export_onnx(model, n_features=n_features)
        return fp32, quantize_dynamic_int8(fp32)

    return cached("capstone_onnx", compute, params=params, verbose=False)


def export(trained: Trained, acquired: Acquired) -> Exported:
    """Stage 5: export to ONNX, quantize to INT8 (:func:`onnx_copies`), score both
    on the test cells."""
    _check("trained", trained, Trained)
    _check("acquired", acquired, Acquired)
    start = time.perf_counter()
    fp32, int8 = onnx_copies(trained.model, n_features=acquired.X_test.shape[1])
    test_scores = {
        name: scores(acquired.y_test, onnx_predict(blob, acquired.X_test))
        for name, blob in (("fp32", fp32), ("int8", int8))
    }
    return Exported(fp32, int8, test_scores, time.perf_counter() - start)
