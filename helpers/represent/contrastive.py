"""Contrastive self-supervised learning (SimCLR) on digits, and how to evaluate it.

* :func:`info_nce` -- the NT-Xent / InfoNCE loss with a temperature, in plain torch.
* :class:`Encoder`, :class:`ProjectionHead` -- a tiny CNN (or MLP) and the head the
  loss sees; the encoder's output is the *representation* a downstream task uses.
* :func:`train_simclr` -- the SimCLR loop: two augmented views per image, InfoNCE,
  Adam; keeps snapshots of the representation at chosen epochs.
* :func:`two_views`, :func:`positive_pairs` -- the augmented views a batch contrasts.
* :func:`alignment`, :func:`uniformity` -- Wang & Isola's two properties of a good
  embedding on the unit sphere.

The linear probe that scores a representation lives in :mod:`helpers.represent.probe`.

Trained runs are plain data (state dicts, NumPy arrays), so
``helpers.core.cache.cached`` can store them.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from helpers.core.validation import check_array, check_choice, check_int, check_real
from helpers.synth.augment import DigitAugmenter

ENCODERS = ("cnn", "mlp")
N_METRIC = 512
"""Snapshots measure alignment and uniformity on this many evaluation images."""
MAX_EPOCHS = 10_000
"""Caps on a run's size: far beyond what 8x8 digits need, refused before any work."""
MAX_BATCH = 65_536
MAX_WIDTH = 1024
"""Largest encoder width and representation or projection size."""


def _check_embeddings(name: str, z: object, *, min_len: int = 1) -> torch.Tensor:
    """``z`` as a 2-D float tensor of finite numbers, at least ``min_len`` rows.

    Tensors are kept as they are (gradients flow); arrays are converted.
    """
    if not isinstance(z, torch.Tensor):
        z = torch.as_tensor(check_array(name, z, ndim=2), dtype=torch.float32)
    if z.ndim != 2 or len(z) < min_len:
        raise ValueError(
            f"{name} must have shape (n, d) with n >= {min_len}, got {tuple(z.shape)}"
        )
    if not z.is_floating_point():
        z = z.float()
    if not bool(torch.isfinite(z).all()):
        raise ValueError(f"{name} must hold finite numbers; found NaN or inf")
    return z


# --------------------------------------------------------------------- the loss


def info_nce(z1: torch.Tensor, z2: torch.Tensor, *, temperature: float) -> torch.Tensor:
    """NT-Xent (InfoNCE) loss of SimCLR for a batch of positive pairs.

    Row ``i`` of ``z1`` and row ``i`` of ``z2`` are two views of the same image; the
    other ``2n - 2`` rows are the negatives. With ``s`` the cosine similarity,

    ``loss_i = -log( exp(s(z_i, z_i+) / T) / sum_{k != i} exp(s(z_i, z_k) / T) )``,

    averaged over all ``2n`` rows (each view is an anchor once).

    Parameters
    ----------
    z1, z2 : shape ``(n, d)`` with ``n >= 2``; need not be normalised.
    temperature : ``T > 0``; small values sharpen the softmax over negatives.
    """
    temperature = check_real("temperature", temperature, low=0, open_low=True)
    z1 = _check_embeddings("z1", z1, min_len=2)
    z2 = _check_embeddings("z2", z2, min_len=2)
    if z1.shape != z2.shape:
        raise ValueError(
            "z1 and z2 must both have shape (n, d) with n >= 2, got "
            f"{tuple(z1.shape)} and {tuple(z2.shape)}"
        )
    n = z1.shape[0]
    z = F.normalize(torch.cat([z1, z2]), dim=1)  # (2n, d) on the unit sphere
    logits = z @ z.T / temperature  # (2n, 2n) cosine similarity / T
    self_mask = torch.eye(2 * n, dtype=torch.bool, device=z.device)
    logits = logits.masked_fill(self_mask, float("-inf"))  # never contrast with self
    positive = torch.cat([torch.arange(n, 2 * n), torch.arange(0, n)])  # (2n,)
    return F.cross_entropy(logits, positive.to(z.device))


# ------------------------------------------------------------- the two metrics


def alignment(z1: torch.Tensor, z2: torch.Tensor, *, alpha: float = 2.0) -> float:
    """Mean ``||f(x) - f(x+)||^alpha`` over positive pairs, on the unit sphere.

    Lower is better: two views of one image land close together (Wang & Isola, 2020).
    """
    z1, z2 = _check_embeddings("z1", z1), _check_embeddings("z2", z2)
    if z1.shape != z2.shape:
        raise ValueError(
            f"z1 and z2 must have the same shape (n, d), got {tuple(z1.shape)} and "
            f"{tuple(z2.shape)}"
        )
    check_real("alpha", alpha, low=0, open_low=True)
    a, b = F.normalize(z1, dim=1), F.normalize(z2, dim=1)  # (n, d)
    return float((a - b).norm(dim=1).pow(alpha).mean())


def uniformity(z: torch.Tensor, *, t: float = 2.0) -> float:
    """``log mean exp(-t ||f(x) - f(y)||^2)`` over distinct pairs, on the unit sphere.

    Lower is better: the embeddings spread over the sphere instead of collapsing. The
    minimum for points spread evenly on a high-dimensional sphere is about ``-2t``.
    """
    z = _check_embeddings("z", z, min_len=2)
    check_real("t", t, low=0, open_low=True)
    u = F.normalize(z, dim=1)  # (n, d)
    sq_dist = torch.pdist(u).pow(2)  # (n (n - 1) / 2,) distinct pairs
    return float(torch.logsumexp(-t * sq_dist, dim=0) - math.log(sq_dist.numel()))


# ------------------------------------------------------------------ the models


class Encoder(nn.Module):
    """Digits ``(batch, 8, 8)`` -> representation ``(batch, dim)``.

    ``kind="cnn"``: two 3x3 convolutions (the second with stride 2) and a linear
    layer; ``kind="mlp"``: one hidden layer on the 64 pixels.
    """

    def __init__(self, *, kind: str = "cnn", width: int = 16, dim: int = 128) -> None:
        super().__init__()
        check_choice("kind", kind, ENCODERS)
        check_int("width", width, low=1, high=MAX_WIDTH)
        check_int("dim", dim, low=1, high=MAX_WIDTH)
        self.kind = kind
        if kind == "cnn":
            self.body = nn.Sequential(
                nn.Unflatten(1, (1, 8, 8)),  # (batch, 1, 8, 8)
                nn.Conv2d(1, width, 3, padding=1),  # (batch, width, 8, 8)
                nn.BatchNorm2d(width),
                nn.ReLU(),
                nn.Conv2d(width, 2 * width, 3, padding=1, stride=2),  # (b, 2w, 4, 4)
                nn.BatchNorm2d(2 * width),
                nn.ReLU(),
                nn.Flatten(),  # (batch, 2 * width * 16)
            )
            n_hidden = 2 * width * 16
        else:
            self.body = nn.Sequential(
                nn.Linear(64, width), nn.BatchNorm1d(width), nn.ReLU()
            )  # (batch, width)
            n_hidden = width
        self.out = nn.Linear(n_hidden, dim)  # (batch, dim)

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        return self.out(self.body(images.reshape(-1, 64)))  # (batch, dim)


class ProjectionHead(nn.Module):
    """The small MLP between representation and loss; thrown away after training."""

    def __init__(self, *, dim: int = 128, proj_dim: int = 64) -> None:
        super().__init__()
        check_int("dim", dim, low=1, high=MAX_WIDTH)
        check_int("proj_dim", proj_dim, low=1, high=MAX_WIDTH)
        self.net = nn.Sequential(
            nn.Linear(dim, dim), nn.ReLU(), nn.Linear(dim, proj_dim)
        )

    def forward(self, h: torch.Tensor) -> torch.Tensor:
        return self.net(h)  # (batch, proj_dim)


# ----------------------------------------------------------------- training


@dataclass(frozen=True)
class SimCLRConfig:
    """Everything a SimCLR run depends on (also the key of its cache entry).

    Checked on creation: ``epochs`` in 1..:data:`MAX_EPOCHS`, ``batch_size`` in
    2..:data:`MAX_BATCH`, ``width``, ``dim`` and ``proj_dim`` in 1..:data:`MAX_WIDTH`,
    ``temperature`` and ``lr`` positive, ``strength`` in [0, 2].
    """

    temperature: float = 0.2
    strength: float = 1.0
    epochs: int = 100
    batch_size: int = 256
    lr: float = 1e-3
    weight_decay: float = 1e-4
    encoder: str = "cnn"
    width: int = 16
    dim: int = 128
    proj_dim: int = 64
    seed: int = 0

    def __post_init__(self) -> None:
        check_real("temperature", self.temperature, low=0, open_low=True)
        DigitAugmenter(strength=self.strength)  # validates the strength
        check_choice("encoder", self.encoder, ENCODERS)
        check_int("epochs", self.epochs, low=1, high=MAX_EPOCHS)
        for name in ("width", "dim", "proj_dim"):
            check_int(name, getattr(self, name), low=1, high=MAX_WIDTH)
        check_int("batch_size", self.batch_size, low=2, high=MAX_BATCH)
        check_real("lr", self.lr, low=0, open_low=True)
        check_real("weight_decay", self.weight_decay, low=0)
        check_int("seed", self.seed, low=0)

    def as_params(self) -> dict:
        """A plain dict for :func:`helpers.core.cache.cached`."""
        return dict(self.__dict__)


@dataclass
class Snapshot:
    """The representation of the evaluation images after ``epoch`` epochs."""

    epoch: int
    features: np.ndarray  # (n_eval, dim) float32
    alignment: float
    uniformity: float

    def __post_init__(self) -> None:
        check_int("epoch", self.epoch, low=0, high=MAX_EPOCHS)
        check_array("features", self.features, ndim=2)
        check_real("alignment", self.alignment)
        check_real("uniformity", self.uniformity)


@dataclass
class SimCLRRun:
    """A finished run: config, final weights, loss per epoch and snapshots."""

    config: SimCLRConfig
    encoder_state: dict[str, torch.Tensor]
    losses: np.ndarray  # (epochs,) mean training loss per epoch
    snapshots: dict[int, Snapshot] = field(default_factory=dict)
    seconds: float = 0.0

    def __post_init__(self) -> None:
        if not isinstance(self.config, SimCLRConfig):
            raise TypeError(
                f"config must be a SimCLRConfig, got {type(self.config).__name__}"
            )
        check_array("losses", self.losses, ndim=1)
        check_real("seconds", self.seconds, low=0)

    def encoder(self) -> Encoder:
        """A fresh encoder with the trained weights, in eval mode."""
        c = self.config
        model = Encoder(kind=c.encoder, width=c.width, dim=c.dim)
        model.load_state_dict(self.encoder_state)
        return model.eval()

    @property
    def final(self) -> Snapshot:
        return self.snapshots[max(self.snapshots)]


def two_views(
    images: torch.Tensor, augmenter: DigitAugmenter, generator: torch.Generator
) -> tuple[torch.Tensor, torch.Tensor]:
    """Two independent augmentations of each image: the positive pairs."""
    if not isinstance(augmenter, DigitAugmenter):
        raise TypeError(
            f"augmenter must be a DigitAugmenter, got {type(augmenter).__name__}"
        )
    if not isinstance(generator, torch.Generator):
        raise TypeError(
            f"generator must be a torch.Generator, got {type(generator).__name__}"
        )
    return augmenter(images, generator=generator), augmenter(
        images, generator=generator
    )


def positive_pairs(
    images: np.ndarray, *, strength: float = 1.0, n: int = 10, seed: int = 0
) -> dict[str, np.ndarray]:
    """The first ``n`` images and two augmented views of each, as NumPy rows
    ``{"original", "view 1", "view 2"}``, each shape (n, 8, 8)."""
    images = check_array("images", images, ndim=3)
    n = check_int("n", n, low=1, high=len(images))
    x = torch.as_tensor(images[:n], dtype=torch.float32)  # (n, 8, 8)
    gen = torch.Generator().manual_seed(check_int("seed", seed, low=0))
    v1, v2 = two_views(x, DigitAugmenter(strength=strength), gen)  # (n, 8, 8) each
    return {"original": x.numpy(), "view 1": v1.numpy(), "view 2": v2.numpy()}


def train_simclr(
    images: np.ndarray | torch.Tensor,
    *,
    config: SimCLRConfig = SimCLRConfig(),
    eval_images: np.ndarray | torch.Tensor | None = None,
    snapshot_epochs: tuple[int, ...] = (),
) -> SimCLRRun:
    """Train an encoder with SimCLR on unlabelled ``images`` (n, 8, 8) in [0, 1].

    Parameters
    ----------
    config : temperature, augmentation strength, epochs, model size, seed.
    eval_images : images whose representation is snapshotted (defaults to
        ``images``); alignment and uniformity are measured on up to
        :data:`N_METRIC` of them, evenly spaced, with two fixed-seed views.
    snapshot_epochs : epochs after which to snapshot (0 = before training); the
        last epoch is always included.
    """
    if not isinstance(config, SimCLRConfig):
        raise TypeError(f"config must be a SimCLRConfig, got {type(config).__name__}")
    images = check_array("images", images, ndim=3)
    x = torch.as_tensor(images, dtype=torch.float32)  # (n, 8, 8)
    if x.shape[1:] != (8, 8) or len(x) < config.batch_size // 2:
        raise ValueError(
            f"images must have shape (n, 8, 8) with n >= batch_size / 2, got "
            f"{tuple(x.shape)}"
        )
    x_eval = (
        x
        if eval_images is None
        else torch.as_tensor(
            check_array("eval_images", eval_images, ndim=3), dtype=torch.float32
        )
    )
    wanted = {
        check_int("snapshot_epochs", e, low=0, high=config.epochs)
        for e in snapshot_epochs
    } | {config.epochs}

    torch.manual_seed(config.seed)
    gen = torch.Generator().manual_seed(config.seed)
    augmenter = DigitAugmenter(strength=config.strength)
    encoder = Encoder(kind=config.encoder, width=config.width, dim=config.dim)
    head = ProjectionHead(dim=config.dim, proj_dim=config.proj_dim)
    params = list(encoder.parameters()) + list(head.parameters())
    opt = torch.optim.Adam(params, lr=config.lr, weight_decay=config.weight_decay)

    start = time.perf_counter()
    snapshots: dict[int, Snapshot] = {}
    if 0 in wanted:
        snapshots[0] = _snapshot(0, encoder, head, x_eval, augmenter)
    losses = np.zeros(config.epochs)
    for epoch in range(1, config.epochs + 1):
        encoder.train()
        head.train()
        order = torch.randperm(len(x), generator=gen)
        total, batches = 0.0, 0
        for i in range(0, len(x), config.batch_size):
            batch = x[order[i : i + config.batch_size]]  # (batch, 8, 8)
            if len(batch) < config.batch_size // 2:
                continue  # a tiny last batch has too few negatives; skip it
            v1, v2 = two_views(batch, augmenter, gen)  # (batch, 8, 8) each
            z1, z2 = head(encoder(v1)), head(encoder(v2))  # (batch, proj_dim) each
            loss = info_nce(z1, z2, temperature=config.temperature)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item()
            batches += 1
        losses[epoch - 1] = total / batches
        if epoch in wanted:
            snapshots[epoch] = _snapshot(epoch, encoder, head, x_eval, augmenter)
    state = {k: v.detach().clone() for k, v in encoder.state_dict().items()}
    return SimCLRRun(config, state, losses, snapshots, time.perf_counter() - start)


@torch.no_grad()
def _snapshot(
    epoch: int,
    encoder: Encoder,
    head: ProjectionHead,
    x_eval: torch.Tensor,
    augmenter: DigitAugmenter,
) -> Snapshot:
    encoder.eval()
    head.eval()
    gen = torch.Generator().manual_seed(12345)  # the same views at every snapshot
    # Alignment and uniformity on an evenly spaced subset keep snapshots cheap.
    pick = np.linspace(0, len(x_eval) - 1, min(len(x_eval), N_METRIC)).astype(int)
    v1, v2 = two_views(x_eval[pick], augmenter, gen)  # (n_metric, 8, 8) each
    z1, z2 = head(encoder(v1)), head(encoder(v2))  # (n_metric, proj_dim) each
    return Snapshot(
        epoch=epoch,
        features=encoder(x_eval).numpy().astype(np.float32),  # (n_eval, dim)
        alignment=alignment(z1, z2),
        uniformity=uniformity(torch.cat([z1, z2])),
    )


@torch.no_grad()
def encode(encoder: Encoder, images: np.ndarray | torch.Tensor) -> np.ndarray:
    """The frozen representation of ``images`` (n, 8, 8): shape (n, dim)."""
    if not isinstance(encoder, Encoder):
        raise TypeError(f"encoder must be an Encoder, got {type(encoder).__name__}")
    images = check_array("images", np.asarray(images), ndim=3)
    if images.shape[1:] != (8, 8):
        raise ValueError(f"images must have shape (n, 8, 8), got {images.shape}")
    encoder.eval()
    x = torch.as_tensor(images, dtype=torch.float32)  # (n, 8, 8)
    return encoder(x).numpy()
