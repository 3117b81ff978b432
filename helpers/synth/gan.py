"""A tiny GAN on a 2-D toy distribution: watch generator and discriminator compete.

The data is a ring of Gaussian blobs (:func:`ring_of_gaussians`). A generator maps
noise to points; a discriminator scores points as real or fake; each step improves one
against the other. Snapshots of the generator's samples and of both losses are kept
so a lesson can replay the game. :func:`modes_covered` counts how many blobs the
generator reaches: a generator that hits only a few has **mode-collapsed**.
The figures are in :mod:`helpers.synth.gan_plots`.

>>> run = train_gan(GanConfig(steps=100, snapshot_every=50))
>>> run.snapshots.shape  # (n_snapshots, n_show, 2)
(3, 512, 2)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from helpers.core.validation import (
    check_array,
    check_int,
    check_real,
    check_same_length,
)

MAX_MODES = 1000
"""Caps, refused before any work: blobs on the ring, points drawn at once, training
steps, and batch and layer sizes."""
MAX_POINTS = 1_000_000
MAX_STEPS = 100_000
MAX_BATCH = 65_536
MAX_UNITS = 1024


def ring_centres(n_modes: int = 8, *, radius: float = 2.0) -> np.ndarray:
    """Centres of ``n_modes`` blobs evenly spaced on a circle, shape (n_modes, 2)."""
    n_modes = check_int("n_modes", n_modes, low=1, high=MAX_MODES)
    radius = check_real("radius", radius, low=0, open_low=True)
    angle = 2 * np.pi * np.arange(n_modes) / n_modes
    return radius * np.stack([np.cos(angle), np.sin(angle)], axis=1)


def ring_of_gaussians(
    n: int, *, n_modes: int = 8, radius: float = 2.0, std: float = 0.1, seed: int = 0
) -> np.ndarray:
    """``n`` points (at most :data:`MAX_POINTS`) from a ring of ``n_modes`` Gaussian
    blobs, shape (n, 2)."""
    n = check_int("n", n, low=1, high=MAX_POINTS)
    std = check_real("std", std, low=0, open_low=True)
    centres = ring_centres(n_modes, radius=radius)
    rng = np.random.default_rng(check_int("seed", seed, low=0))
    which = rng.integers(n_modes, size=n)
    return centres[which] + std * rng.standard_normal((n, 2))


def modes_covered(
    points: np.ndarray,
    centres: np.ndarray,
    *,
    std: float = 0.1,
    min_share: float = 0.02,
) -> int:
    """How many modes get at least ``min_share`` of the points within 3 ``std``.

    A point counts for its nearest centre only if it lies within three standard
    deviations of it (a "good" sample); a mode is covered when enough good samples
    land on it.
    """
    points = check_array("points", points, ndim=2)
    centres = check_array("centres", centres, ndim=2)
    if points.shape[1] != centres.shape[1]:
        raise ValueError(
            f"points must have shape (n, {centres.shape[1]}), got {points.shape}"
        )
    std = check_real("std", std, low=0, open_low=True)
    min_share = check_real("min_share", min_share, low=0, high=1)
    dist = np.linalg.norm(points[:, None, :] - centres[None], axis=2)  # (n, n_modes)
    nearest = dist.argmin(1)
    good = dist.min(1) <= 3 * std
    counts = np.bincount(nearest[good], minlength=len(centres))
    return int((counts >= min_share * len(points)).sum())


@dataclass(frozen=True)
class GanConfig:
    """Settings of a 2-D GAN run.

    A discriminator that learns much more slowly than the generator (``lr_d`` well
    below ``lr_g``) gives the generator no reason to spread out: it settles on one or
    two blobs, a classic mode collapse. ``g_steps`` (generator updates per
    discriminator update) is a second knob with the same effect.

    Checked on creation: ``steps`` and ``snapshot_every`` in 1..:data:`MAX_STEPS`,
    ``batch`` and ``n_show`` in 1..:data:`MAX_BATCH`, ``noise_dim`` and ``hidden``
    in 1..:data:`MAX_UNITS`, ``g_steps`` in 1..100, ``n_modes`` in
    1..:data:`MAX_MODES`; learning rates and ``std`` positive.
    """

    steps: int = 1000
    batch: int = 256
    noise_dim: int = 4
    hidden: int = 64
    lr_g: float = 2e-3
    lr_d: float = 2e-3
    g_steps: int = 1
    n_modes: int = 8
    std: float = 0.1
    snapshot_every: int = 50
    n_show: int = 512
    seed: int = 0

    def __post_init__(self) -> None:
        caps = {
            "steps": MAX_STEPS,
            "batch": MAX_BATCH,
            "noise_dim": MAX_UNITS,
            "hidden": MAX_UNITS,
            "g_steps": 100,
            "n_modes": MAX_MODES,
            "snapshot_every": MAX_STEPS,
            "n_show": MAX_BATCH,
        }
        for name, cap in caps.items():
            check_int(name, getattr(self, name), low=1, high=cap)
        for name in ("lr_g", "lr_d", "std"):
            check_real(name, getattr(self, name), low=0, open_low=True)
        check_int("seed", self.seed, low=0)


@dataclass
class GanRun:
    """What :func:`train_gan` recorded.

    ``snapshots`` (n_snapshots, n_show, 2) generator samples on fixed noise;
    ``snapshot_steps`` (n_snapshots,); ``d_loss`` and ``g_loss`` (steps,) per step;
    ``modes_covered`` (n_snapshots,).
    """

    config: GanConfig
    snapshots: np.ndarray
    snapshot_steps: np.ndarray
    d_loss: np.ndarray
    g_loss: np.ndarray
    modes_covered: np.ndarray
    real: np.ndarray = field(repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.config, GanConfig):
            raise TypeError(
                f"config must be a GanConfig, got {type(self.config).__name__}"
            )
        snaps = check_array("snapshots", self.snapshots, ndim=3)
        if snaps.shape[2] != 2:
            raise ValueError(
                f"snapshots must have shape (n_snapshots, n, 2), got {snaps.shape}"
            )
        check_array("snapshot_steps", self.snapshot_steps, ndim=1)
        check_array("modes_covered", self.modes_covered, ndim=1)
        check_same_length(
            snapshots=snaps,
            snapshot_steps=self.snapshot_steps,
            modes_covered=self.modes_covered,
        )
        check_array("d_loss", self.d_loss, ndim=1)
        check_array("g_loss", self.g_loss, ndim=1)
        check_same_length(d_loss=self.d_loss, g_loss=self.g_loss)
        check_array("real", self.real, ndim=2)


def _mlp(n_in: int, hidden: int, n_out: int) -> nn.Sequential:
    return nn.Sequential(
        nn.Linear(n_in, hidden),
        nn.ReLU(),
        nn.Linear(hidden, hidden),
        nn.ReLU(),
        nn.Linear(hidden, n_out),
    )


def train_gan(config: GanConfig | None = None) -> GanRun:
    """Train a GAN on the ring with the non-saturating loss; record the game."""
    cfg = config or GanConfig()
    if not isinstance(cfg, GanConfig):
        raise TypeError(f"config must be a GanConfig, got {type(cfg).__name__}")
    torch.manual_seed(cfg.seed)
    gen = torch.Generator().manual_seed(cfg.seed)
    centres = ring_centres(cfg.n_modes)
    centres_t = torch.tensor(centres, dtype=torch.float32)  # (n_modes, 2)
    G = _mlp(cfg.noise_dim, cfg.hidden, 2)
    D = _mlp(2, cfg.hidden, 1)
    opt_g = torch.optim.Adam(G.parameters(), lr=cfg.lr_g, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(D.parameters(), lr=cfg.lr_d, betas=(0.5, 0.999))
    z_show = torch.randn(cfg.n_show, cfg.noise_dim, generator=gen)  # (n_show, noise)
    ones = torch.ones(cfg.batch, 1)
    zeros = torch.zeros(cfg.batch, 1)

    def real_batch() -> torch.Tensor:
        which = torch.randint(cfg.n_modes, (cfg.batch,), generator=gen)
        noise = torch.randn(cfg.batch, 2, generator=gen)
        return centres_t[which] + cfg.std * noise  # (batch, 2)

    snaps, snap_steps, d_losses, g_losses = [], [], [], []

    def snapshot(step: int) -> None:
        with torch.no_grad():
            snaps.append(G(z_show).numpy())  # (n_show, 2)
        snap_steps.append(step)

    snapshot(0)
    for step in range(1, cfg.steps + 1):
        # Discriminator: real -> 1, fake -> 0.
        z = torch.randn(cfg.batch, cfg.noise_dim, generator=gen)  # (batch, noise)
        fake = G(z).detach()  # (batch, 2)
        d_loss = F.binary_cross_entropy_with_logits(
            D(real_batch()), ones
        ) + F.binary_cross_entropy_with_logits(D(fake), zeros)
        opt_d.zero_grad()
        d_loss.backward()
        opt_d.step()
        # Generator: make the discriminator call its samples real.
        for _ in range(cfg.g_steps):
            z = torch.randn(cfg.batch, cfg.noise_dim, generator=gen)
            g_loss = F.binary_cross_entropy_with_logits(D(G(z)), ones)
            opt_g.zero_grad()
            g_loss.backward()
            opt_g.step()
        d_losses.append(d_loss.item())
        g_losses.append(g_loss.item())
        if step % cfg.snapshot_every == 0 or step == cfg.steps:
            snapshot(step)

    snapshots = np.stack(snaps)  # (n_snapshots, n_show, 2)
    covered = np.array([modes_covered(s, centres, std=cfg.std) for s in snapshots])
    real = ring_of_gaussians(
        cfg.n_show, n_modes=cfg.n_modes, std=cfg.std, seed=cfg.seed
    )
    return GanRun(
        cfg,
        snapshots,
        np.array(snap_steps),
        np.array(d_losses),
        np.array(g_losses),
        covered,
        real,
    )


# ------------------------------------------------------------------------- plots
