"""Diffusion in two dimensions: noise the data step by step, learn to undo it.

The **forward process** blends a data point with Gaussian noise,

    x_t = sqrt(abar_t) * x_0 + sqrt(1 - abar_t) * eps,   eps ~ N(0, I),

until at ``t = T`` nothing of ``x_0`` is left. A small network learns to predict
``eps`` from ``(x_t, t)``; run backwards from pure noise, its predictions walk the
points back onto the data (DDPM sampling). Everything here is 2-D so each step can be
drawn, and training takes seconds on a CPU.

>>> from helpers.synth.gan import ring_of_gaussians
>>> model = train_denoiser(ring_of_gaussians(256), DiffusionConfig(steps=50))
>>> sample(model, n=64, seed=0).shape  # (T + 1, n, 2); path[-1] are the samples
(41, 64, 2)

The figures are in :mod:`helpers.synth.diffusion_plots`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from helpers.core.validation import check_array, check_int, check_real

MAX_T = 1000
"""Caps, refused before any work: noise steps, training steps, batch and layer
sizes, and samples drawn at once (a 2-D toy needs far less)."""
MAX_STEPS = 100_000
MAX_BATCH = 65_536
MAX_HIDDEN = 1024
MAX_SAMPLES = 100_000


@dataclass(frozen=True)
class DiffusionConfig:
    """Noise schedule and training settings of the 2-D denoiser.

    Checked on creation: ``T`` in 1..:data:`MAX_T`, ``steps`` in 1..:data:`MAX_STEPS`,
    ``batch`` in 1..:data:`MAX_BATCH`, ``hidden`` in 1..:data:`MAX_HIDDEN`,
    ``0 < beta_min < beta_max < 1``, ``lr > 0``, ``seed >= 0``.
    """

    T: int = 40
    beta_min: float = 1e-3
    beta_max: float = 0.3
    steps: int = 800
    batch: int = 512
    hidden: int = 64
    lr: float = 1e-2
    seed: int = 0

    def __post_init__(self) -> None:
        check_int("T", self.T, low=1, high=MAX_T)
        check_int("steps", self.steps, low=1, high=MAX_STEPS)
        check_int("batch", self.batch, low=1, high=MAX_BATCH)
        check_int("hidden", self.hidden, low=1, high=MAX_HIDDEN)
        check_real("beta_min", self.beta_min)
        check_real("beta_max", self.beta_max)
        if not 0 < self.beta_min < self.beta_max < 1:
            raise ValueError(
                "need 0 < beta_min < beta_max < 1, got "
                f"beta_min={self.beta_min}, beta_max={self.beta_max}"
            )
        check_real("lr", self.lr, low=0, open_low=True)
        check_int("seed", self.seed, low=0)

    def schedule(self) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """``(beta, alpha, alpha_bar)``, each shape (T,), for steps t = 1..T."""
        beta = torch.linspace(self.beta_min, self.beta_max, self.T)  # (T,)
        alpha = 1.0 - beta
        return beta, alpha, torch.cumprod(alpha, 0)


def forward_noise(
    x0: np.ndarray, t: int, *, config: DiffusionConfig | None = None, seed: int = 0
) -> np.ndarray:
    """Points ``x0`` (n, 2) noised to step ``t`` in 0..T (0 returns a copy)."""
    cfg = _check_config(config)
    t = check_int("t", t, low=0, high=cfg.T)
    x0 = check_array("x0", x0, ndim=2).astype(np.float32)
    seed = check_int("seed", seed, low=0)
    if t == 0:
        return x0.copy()
    abar = float(cfg.schedule()[2][t - 1])
    rng = np.random.default_rng(seed)
    eps = rng.standard_normal(x0.shape).astype(np.float32)
    return np.sqrt(abar) * x0 + np.sqrt(1 - abar) * eps


class Denoiser(nn.Module):
    """Predicts the noise in ``x_t`` given the step: (n, 2), (n,) -> (n, 2)."""

    def __init__(self, config: DiffusionConfig) -> None:
        super().__init__()
        if not isinstance(config, DiffusionConfig):
            raise TypeError(
                f"config must be a DiffusionConfig, got {type(config).__name__}"
            )
        self.config = config
        h = config.hidden
        self.register_buffer("freqs", torch.arange(1, 5) * math.pi / 2)  # (4,)
        self.net = nn.Sequential(
            nn.Linear(2 + 8, h),
            nn.SiLU(),
            nn.Linear(h, h),
            nn.SiLU(),
            nn.Linear(h, h),
            nn.SiLU(),
            nn.Linear(h, 2),
        )

    def forward(self, x: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        phase = (t.float() / self.config.T).unsqueeze(1) * self.freqs  # (n, 4)
        time_code = torch.cat([phase.sin(), phase.cos()], 1)  # (n, 8)
        return self.net(torch.cat([x, time_code], 1))  # (n, 2)


class MixtureDenoiser(nn.Module):
    """The exact noise predictor when the data are equal Gaussian blobs.

    For blobs with centres ``c_k`` and spread ``std``, ``x_t`` given blob ``k`` is
    Gaussian, so ``E[x_0 | x_t]`` has a closed form; the best possible prediction of
    the noise follows from it. A reference for what the network should learn.
    """

    def __init__(
        self, centres: np.ndarray, std: float, config: DiffusionConfig
    ) -> None:
        super().__init__()
        self.config = _check_config(config)
        centres = check_array("centres", centres, ndim=2)
        if centres.shape[1] != 2:
            raise ValueError(f"centres must have shape (k, 2), got {centres.shape}")
        self.register_buffer("centres", torch.as_tensor(centres, dtype=torch.float32))
        self.std = check_real("std", std, low=0, open_low=True)

    def forward(self, x: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        abar = self.config.schedule()[2][t - 1].unsqueeze(1)  # (n, 1)
        var = abar * self.std**2 + (1 - abar)  # (n, 1) variance of x_t given a blob
        means = abar.sqrt().unsqueeze(2) * self.centres.T  # (n, 2, k)
        sq = ((x.unsqueeze(2) - means) ** 2).sum(1)  # (n, k)
        weights = torch.softmax(-sq / (2 * var), 1)  # (n, k) posterior over blobs
        gain = abar.sqrt() * self.std**2 / var  # (n, 1)
        x0_k = self.centres.T + gain.unsqueeze(2) * (
            x.unsqueeze(2) - means
        )  # (n, 2, k)
        x0_hat = (x0_k * weights.unsqueeze(1)).sum(2)  # (n, 2)
        return (x - abar.sqrt() * x0_hat) / (1 - abar).sqrt()  # (n, 2)


def _check_config(config: DiffusionConfig | None) -> DiffusionConfig:
    cfg = config or DiffusionConfig()
    if not isinstance(cfg, DiffusionConfig):
        raise TypeError(f"config must be a DiffusionConfig, got {type(cfg).__name__}")
    return cfg


@dataclass
class TrainedDenoiser:
    """A trained :class:`Denoiser` and its loss per training step."""

    model: Denoiser
    losses: np.ndarray

    def __post_init__(self) -> None:
        if not isinstance(self.model, Denoiser):
            kind = type(self.model).__name__
            raise TypeError(f"model must be a Denoiser, got {kind}")
        check_array("losses", self.losses, ndim=1)


def train_denoiser(
    data: np.ndarray, config: DiffusionConfig | None = None
) -> TrainedDenoiser:
    """Fit the noise predictor with the DDPM loss ``|eps - eps_hat(x_t, t)|^2``."""
    cfg = _check_config(config)
    data = check_array("data", data, ndim=2).astype(np.float32)
    if data.shape[1] != 2 or len(data) < 2:
        raise ValueError(f"data must have shape (n >= 2, 2), got {data.shape}")
    torch.manual_seed(cfg.seed)
    gen = torch.Generator().manual_seed(cfg.seed)
    x_all = torch.from_numpy(data)  # (n, 2)
    _, _, abar = cfg.schedule()
    model = Denoiser(cfg)
    opt = torch.optim.Adam(model.parameters(), lr=cfg.lr)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, cfg.steps)
    losses = np.empty(cfg.steps)
    for step in range(cfg.steps):
        x0 = x_all[torch.randint(len(x_all), (cfg.batch,), generator=gen)]  # (b, 2)
        t = torch.randint(1, cfg.T + 1, (cfg.batch,), generator=gen)  # (b,)
        eps = torch.randn(cfg.batch, 2, generator=gen)  # (b, 2)
        a = abar[t - 1].unsqueeze(1)  # (b, 1)
        xt = a.sqrt() * x0 + (1 - a).sqrt() * eps  # (b, 2)
        loss = F.mse_loss(model(xt, t), eps)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        losses[step] = loss.item()
    return TrainedDenoiser(model, losses)


@torch.no_grad()
def sample(
    denoiser: TrainedDenoiser | MixtureDenoiser, *, n: int, seed: int = 0
) -> np.ndarray:
    """DDPM ancestral sampling; returns the whole path, shape (T + 1, n, 2).

    ``path[0]`` is pure noise (step T) and ``path[-1]`` the generated points (step 0).
    ``n`` is at most :data:`MAX_SAMPLES`.
    """
    n = check_int("n", n, low=1, high=MAX_SAMPLES)
    seed = check_int("seed", seed, low=0)
    if not isinstance(denoiser, TrainedDenoiser | MixtureDenoiser):
        raise TypeError(
            "denoiser must be a TrainedDenoiser or a MixtureDenoiser, got "
            f"{type(denoiser).__name__}"
        )
    model = denoiser.model if isinstance(denoiser, TrainedDenoiser) else denoiser
    cfg = model.config
    beta, alpha, abar = cfg.schedule()
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 2, generator=gen)  # (n, 2)
    path = [x.numpy().copy()]
    for t in range(cfg.T, 0, -1):
        i = t - 1
        eps_hat = model(x, torch.full((n,), t))  # (n, 2)
        mean = (x - beta[i] / (1 - abar[i]).sqrt() * eps_hat) / alpha[i].sqrt()
        noise = torch.randn(n, 2, generator=gen) if t > 1 else torch.zeros(n, 2)
        x = mean + beta[i].sqrt() * noise  # (n, 2)
        path.append(x.numpy().copy())
    return np.stack(path)
