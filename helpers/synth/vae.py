"""A generator for digits: a small conditional VAE, and a check of what it makes.

A **variational autoencoder** (变分自编码器) squeezes each 8x8 digit into a few latent
numbers and learns to rebuild it; conditioned on the class, its decoder turns random
latent codes into new digits of a chosen class. :func:`quality_check` lets a classifier
trained on *real* digits label the generated ones: if it agrees with the requested
class, confidently, for every class, the generator makes recognisable digits.

The GAN and diffusion demos on 2-D toy data live in :mod:`helpers.synth.gan` and
:mod:`helpers.synth.diffusion`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F
from sklearn.linear_model import LogisticRegression
from torch import nn

from helpers.core.validation import (
    check_array,
    check_frame,
    check_int,
    check_labels,
    check_real,
    check_same_length,
)

MAX_STEPS = 100_000
"""Caps, refused before any work: training steps, batch, layer sizes and classes."""
MAX_BATCH = 65_536
MAX_UNITS = 4096
MAX_CLASSES = 1000
MAX_TEMPERATURE = 5.0
"""Largest latent temperature :func:`generate` accepts."""


def _check_tensor(name: str, value: object, *, ndim: int) -> torch.Tensor:
    """``value`` as a float tensor with ``ndim`` dimensions and finite entries
    (arrays are converted; a tensor keeps its gradient)."""
    if not isinstance(value, torch.Tensor):
        value = torch.as_tensor(check_array(name, value, ndim=ndim))
    if value.ndim != ndim or len(value) == 0:
        raise ValueError(
            f"{name} must be a non-empty {ndim}-D tensor, got shape "
            f"{tuple(value.shape)}"
        )
    if not bool(torch.isfinite(value).all()):
        raise ValueError(f"{name} must hold finite numbers; found NaN or inf")
    return value.float()


@dataclass(frozen=True)
class VaeConfig:
    """Size and training of :class:`DigitVAE` (defaults: about a second on a CPU).

    Checked on creation: ``steps`` in 1..:data:`MAX_STEPS`, ``batch`` in
    1..:data:`MAX_BATCH`, ``latent`` and ``hidden`` in 1..:data:`MAX_UNITS`,
    ``n_classes`` in 1..:data:`MAX_CLASSES`, ``lr > 0``, ``seed >= 0``.
    """

    latent: int = 4
    hidden: int = 128
    steps: int = 600
    batch: int = 128
    lr: float = 3e-3
    n_classes: int = 10
    seed: int = 0

    def __post_init__(self) -> None:
        caps = {
            "latent": MAX_UNITS,
            "hidden": MAX_UNITS,
            "steps": MAX_STEPS,
            "batch": MAX_BATCH,
            "n_classes": MAX_CLASSES,
        }
        for name, cap in caps.items():
            check_int(name, getattr(self, name), low=1, high=cap)
        check_real("lr", self.lr, low=0, open_low=True)
        check_int("seed", self.seed, low=0)


class DigitVAE(nn.Module):
    """Conditional VAE on flat digits: x (n, 64) and class one-hot (n, k)."""

    def __init__(self, config: VaeConfig, n_pixels: int = 64) -> None:
        super().__init__()
        _check_config(config)
        check_int("n_pixels", n_pixels, low=1, high=MAX_UNITS)
        self.config = config
        k, h, z = config.n_classes, config.hidden, config.latent
        self.encoder = nn.Sequential(
            nn.Linear(n_pixels + k, h), nn.ReLU(), nn.Linear(h, 2 * z)
        )
        self.decoder = nn.Sequential(
            nn.Linear(z + k, h), nn.ReLU(), nn.Linear(h, n_pixels)
        )

    def forward(
        self, x: torch.Tensor, onehot: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """Pixel logits (n, 64), latent mean and log-variance (n, latent)."""
        mu, logvar = self.encoder(torch.cat([x, onehot], 1)).chunk(2, 1)  # (n, z) x2
        z = mu + torch.randn_like(mu) * (0.5 * logvar).exp()  # reparameterisation
        return self.decoder(torch.cat([z, onehot], 1)), mu, logvar


@dataclass
class TrainedVAE:
    """A trained :class:`DigitVAE` with its loss (per image, nats) per step."""

    model: DigitVAE
    losses: np.ndarray

    def __post_init__(self) -> None:
        if not isinstance(self.model, DigitVAE):
            kind = type(self.model).__name__
            raise TypeError(f"model must be a DigitVAE, got {kind}")
        check_array("losses", self.losses, ndim=1)


def vae_loss(
    logits: torch.Tensor, mu: torch.Tensor, logvar: torch.Tensor, x: torch.Tensor
) -> torch.Tensor:
    """Negative ELBO per image: reconstruction (Bernoulli) + KL to N(0, I).

    ``logits`` and ``x`` have shape (n, n_pixels), ``mu`` and ``logvar`` (n, latent).
    """
    logits = _check_tensor("logits", logits, ndim=2)
    x = _check_tensor("x", x, ndim=2)
    mu = _check_tensor("mu", mu, ndim=2)
    logvar = _check_tensor("logvar", logvar, ndim=2)
    if logits.shape != x.shape or mu.shape != logvar.shape or len(mu) != len(x):
        raise ValueError(
            "logits and x must have one shape, mu and logvar another, with one row "
            f"per image; got {tuple(logits.shape)}, {tuple(x.shape)}, "
            f"{tuple(mu.shape)} and {tuple(logvar.shape)}"
        )
    rec = F.binary_cross_entropy_with_logits(logits, x, reduction="sum")
    kl = -0.5 * (1 + logvar - mu.pow(2) - logvar.exp()).sum()
    return (rec + kl) / len(x)


def _check_digits(X: np.ndarray, y: np.ndarray, n_classes: int) -> None:
    X = check_array("X", X, ndim=2)
    y = check_labels("y", y, n_classes=n_classes)
    check_same_length(X=X, y=y)
    if X.min() < 0 or X.max() > 1:
        raise ValueError("X must hold pixel values in [0, 1]")


def train_vae(
    X: np.ndarray, y: np.ndarray, config: VaeConfig | None = None
) -> TrainedVAE:
    """Fit a conditional VAE to digits ``X`` (n, 64) in [0, 1] with labels ``y``."""
    cfg = _check_config(config or VaeConfig())
    _check_digits(X, y, cfg.n_classes)
    torch.manual_seed(cfg.seed)
    gen = torch.Generator().manual_seed(cfg.seed)
    x_all = torch.as_tensor(np.asarray(X), dtype=torch.float32)  # (n, 64)
    c_all = F.one_hot(torch.as_tensor(np.asarray(y)), cfg.n_classes).float()  # (n, k)
    model = DigitVAE(cfg, n_pixels=x_all.shape[1])
    opt = torch.optim.Adam(model.parameters(), lr=cfg.lr)
    batch = min(cfg.batch, len(x_all))
    losses = np.empty(cfg.steps)
    for step in range(cfg.steps):
        idx = torch.randint(len(x_all), (batch,), generator=gen)  # (batch,)
        loss = vae_loss(*model(x_all[idx], c_all[idx]), x_all[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses[step] = loss.item()
    return TrainedVAE(model, losses)


@torch.no_grad()
def generate(
    vae: TrainedVAE, labels: np.ndarray, *, temperature: float = 1.0, seed: int = 0
) -> np.ndarray:
    """New digits of the given classes, shape (len(labels), 64), values in [0, 1].

    ``temperature`` scales the latent noise: 0 gives each class's "average" digit,
    1 samples the prior, larger values stray further from the training data.
    """
    temperature = check_real("temperature", temperature, low=0, high=MAX_TEMPERATURE)
    if not isinstance(vae, TrainedVAE):
        raise TypeError(f"vae must be a TrainedVAE, got {type(vae).__name__}")
    seed = check_int("seed", seed, low=0)
    model = vae.model
    k = model.config.n_classes
    labels = check_labels("labels", labels, n_classes=k)
    gen = torch.Generator().manual_seed(seed)
    z = temperature * torch.randn(len(labels), model.config.latent, generator=gen)
    onehot = F.one_hot(torch.as_tensor(labels), k).float()  # (n, k)
    return torch.sigmoid(model.decoder(torch.cat([z, onehot], 1))).numpy()  # (n, 64)


@dataclass
class QualityReport:
    """How a classifier trained on real digits sees generated ones.

    ``per_class`` has one row per requested class: ``agreement`` (share the
    classifier labels as that class) and ``confidence`` (its mean top probability).
    """

    agreement: float
    confidence: float
    classes_covered: int
    per_class: pd.DataFrame

    def __post_init__(self) -> None:
        check_real("agreement", self.agreement, low=0, high=1)
        check_real("confidence", self.confidence, low=0, high=1)
        check_int("classes_covered", self.classes_covered, low=0)
        check_frame(self.per_class, ("agreement", "confidence"), name="per_class")

    def summary(self) -> str:
        return (
            f"classifier agrees with the requested class on {self.agreement:.0%} of "
            f"generated digits (mean confidence {self.confidence:.2f}); "
            f"{self.classes_covered}/{len(self.per_class)} classes recognised"
        )


def quality_check(
    generated: np.ndarray,
    requested: np.ndarray,
    *,
    X_real: np.ndarray,
    y_real: np.ndarray,
    min_agreement: float = 0.5,
) -> QualityReport:
    """Score generated digits with a logistic regression trained on real ones.

    A class counts as covered when at least ``min_agreement`` of its generated
    digits are recognised as that class.
    """
    generated = check_array("generated", generated, ndim=2)
    requested = check_labels("requested", requested)
    min_agreement = check_real("min_agreement", min_agreement, low=0, high=1)
    if generated.shape[0] != len(requested):
        raise ValueError(
            f"need one requested label per generated digit, got {generated.shape[0]} "
            f"digits and {len(requested)} labels"
        )
    X_real = check_array("X_real", X_real, ndim=2)
    y_real = check_labels("y_real", y_real)
    check_same_length(X_real=X_real, y_real=y_real)
    if X_real.shape[1] != generated.shape[1]:
        raise ValueError(
            f"X_real and generated must have the same width, got {X_real.shape} and "
            f"{generated.shape}"
        )
    clf = LogisticRegression(C=1.0, max_iter=1000).fit(X_real, y_real)
    proba = clf.predict_proba(generated)  # (n, k)
    pred = clf.classes_[proba.argmax(1)]
    frame = pd.DataFrame({"requested": requested, "hit": pred == requested})
    frame["confidence"] = proba.max(1)
    per_class = frame.groupby("requested").agg(
        agreement=("hit", "mean"), confidence=("confidence", "mean")
    )
    return QualityReport(
        agreement=float(frame["hit"].mean()),
        confidence=float(frame["confidence"].mean()),
        classes_covered=int((per_class["agreement"] >= min_agreement).sum()),
        per_class=per_class,
    )


def _check_config(config: object) -> VaeConfig:
    if not isinstance(config, VaeConfig):
        raise TypeError(f"config must be a VaeConfig, got {type(config).__name__}")
    return config
