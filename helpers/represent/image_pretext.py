"""Two more label-free ways to train lesson 09's digit encoder, for the same probe.

* **rotation prediction** (Gidaris et al., 2018): every image is turned by 0, 90, 180
  and 270 degrees and the encoder, with a linear head, learns which turn it sees; to
  tell a 6 turned upside down from a 9 it must learn what digits look like;
* the classic **pairwise contrastive loss** (Hadsell, Chopra & LeCun, 2006) on the
  same augmented positive pairs as SimCLR: pull the two views of an image together,
  push views of different images apart until they are ``margin`` away
  (:func:`pairwise_contrastive`). Unlike InfoNCE, a negative already past the margin
  gets no gradient at all.

:func:`train_image_pretext` trains the :class:`~helpers.represent.contrastive.Encoder`
of SimCLR on either task; :func:`image_pretext_run` does it on the digits pool
through the cache. Runs are plain data (a state dict, arrays), scored by the linear
probe of :mod:`helpers.represent.probe`.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from helpers.core.validation import check_array, check_choice, check_int, check_real
from helpers.represent.contrastive import (
    MAX_BATCH,
    MAX_EPOCHS,
    MAX_WIDTH,
    Encoder,
    ProjectionHead,
    _check_embeddings,
    encode,
    two_views,
)
from helpers.synth.augment import MAX_STRENGTH, DigitAugmenter

TASKS = ("rotation", "pairwise")
ROTATIONS = (2, 4)
"""How many turns rotation prediction tells apart: 2 (0 and 180 degrees) or 4."""


def rotate_batch(
    images: torch.Tensor, *, n_rotations: int = 4
) -> tuple[torch.Tensor, torch.Tensor]:
    """Every image of ``images`` (n, 8, 8) under each turn, and the turn's index.

    Returns ``(rotated, labels)`` of shapes ``(n * n_rotations, 8, 8)`` and
    ``(n * n_rotations,)``; label ``k`` means ``k * 360 / n_rotations`` degrees
    counter-clockwise.
    """
    x = torch.as_tensor(check_array("images", np.asarray(images), ndim=3))
    check_choice("n_rotations", n_rotations, ROTATIONS)
    step = 4 // n_rotations  # quarter turns per class
    rotated = [torch.rot90(x, k * step, dims=(1, 2)) for k in range(n_rotations)]
    labels = torch.arange(n_rotations).repeat_interleave(len(x))  # (n * R,)
    return torch.cat(rotated).float(), labels  # (n * R, 8, 8), (n * R,)


def random_turns(
    images: torch.Tensor, turns: torch.Tensor, *, n_rotations: int = 4
) -> torch.Tensor:
    """Image ``i`` of ``images`` (n, 8, 8) turned by ``turns[i]`` steps of
    ``360 / n_rotations`` degrees: shape (n, 8, 8)."""
    x = torch.as_tensor(check_array("images", np.asarray(images), ndim=3)).float()
    k = torch.as_tensor(check_array("turns", np.asarray(turns), ndim=1)).long()
    check_choice("n_rotations", n_rotations, ROTATIONS)
    if len(k) != len(x) or ((k < 0) | (k >= n_rotations)).any():
        raise ValueError(
            f"turns must hold one turn in 0..{n_rotations - 1} per image, got "
            f"{len(k)} for {len(x)} images"
        )
    every, _ = rotate_batch(x, n_rotations=n_rotations)  # (R * n, 8, 8)
    return every[k * len(x) + torch.arange(len(x))]  # (n, 8, 8)


def pairwise_contrastive(
    z1: torch.Tensor, z2: torch.Tensor, *, margin: float = 1.0
) -> torch.Tensor:
    """Hadsell et al.'s contrastive loss on positive pairs ``(z1[i], z2[i])``.

    Rows are first scaled to unit length, so distances lie in [0, 2]. With
    ``d_ij = ||z1_i - z2_j||``, positives are the pairs ``i = j`` and negatives all
    ``i != j``; each group is averaged on its own, so both weigh the same:

    .. math:: \\mathcal{L} = \\tfrac12 \\operatorname{mean}_i d_{ii}^2
              + \\tfrac12 \\operatorname{mean}_{i \\ne j} \\max(0, m - d_{ij})^2 .
    """
    a = _check_embeddings("z1", z1, min_len=2)
    b = _check_embeddings("z2", z2, min_len=2)
    if a.shape != b.shape:
        raise ValueError(
            f"z1 and z2 must have the same shape, got {tuple(a.shape)} and "
            f"{tuple(b.shape)}"
        )
    margin = check_real("margin", margin, low=0, high=2, open_low=True)
    a, b = F.normalize(a, dim=1), F.normalize(b, dim=1)  # (n, d) each
    d = torch.cdist(a, b)  # (n, n) Euclidean distances
    negative = ~torch.eye(len(a), dtype=torch.bool)  # (n, n) off the diagonal
    pull = d.diagonal().pow(2).mean()
    push = F.relu(margin - d[negative]).pow(2).mean()
    return 0.5 * pull + 0.5 * push


@dataclass(frozen=True)
class ImagePretextConfig:
    """One run of :func:`train_image_pretext`.

    ``task`` is ``"rotation"`` or ``"pairwise"``; ``strength`` is the augmentation of
    the pairwise task's two views (rotation prediction uses the images as they are);
    ``margin`` (in (0, 2]) is the pairwise loss's; ``n_rotations`` (2 or 4) the
    rotation task's. The encoder is SimCLR's CNN (``width``, ``dim``).
    """

    task: str = "rotation"
    epochs: int = 10
    batch_size: int = 256
    lr: float = 2e-3
    weight_decay: float = 1e-4
    strength: float = 1.0
    margin: float = 1.0
    n_rotations: int = 4
    width: int = 16
    dim: int = 128
    seed: int = 0

    def __post_init__(self) -> None:
        check_choice("task", self.task, TASKS)
        check_int("epochs", self.epochs, low=1, high=MAX_EPOCHS)
        check_int("batch_size", self.batch_size, low=2, high=MAX_BATCH)
        check_real("lr", self.lr, low=0, open_low=True)
        check_real("weight_decay", self.weight_decay, low=0)
        check_real("strength", self.strength, low=0, high=MAX_STRENGTH)
        check_real("margin", self.margin, low=0, high=2, open_low=True)
        check_choice("n_rotations", self.n_rotations, ROTATIONS)
        check_int("width", self.width, low=1, high=MAX_WIDTH)
        check_int("dim", self.dim, low=1, high=MAX_WIDTH)
        check_int("seed", self.seed, low=0)


@dataclass
class ImagePretextRun:
    """A trained encoder (``state``), the mean loss per epoch and the time taken."""

    config: ImagePretextConfig
    state: dict[str, torch.Tensor]
    losses: np.ndarray
    seconds: float = 0.0

    def __post_init__(self) -> None:
        if not isinstance(self.config, ImagePretextConfig):
            raise TypeError(
                f"config must be an ImagePretextConfig, got "
                f"{type(self.config).__name__}"
            )
        if not isinstance(self.state, dict):
            raise TypeError(f"state must be a state dict, got {type(self.state)}")
        self.losses = check_array("losses", self.losses, ndim=1)
        self.seconds = check_real("seconds", self.seconds, low=0)

    def features(self, images: np.ndarray) -> np.ndarray:
        """The frozen representation of ``images`` (n, 8, 8): shape (n, dim)."""
        encoder = Encoder(width=self.config.width, dim=self.config.dim)
        encoder.load_state_dict(self.state)
        return encode(encoder, images)


def train_image_pretext(
    images: np.ndarray, config: ImagePretextConfig | None = None
) -> ImagePretextRun:
    """Train SimCLR's encoder on unlabelled ``images`` (n, 8, 8) with ``config.task``.

    ``rotation``: each image of a batch gets one random turn and a linear head on the
    representation predicts it (cross-entropy); ``pairwise``: a projection head, as
    in SimCLR, feeds :func:`pairwise_contrastive`. Only the encoder is kept.
    """
    config = config or ImagePretextConfig()
    if not isinstance(config, ImagePretextConfig):
        raise TypeError(
            f"config must be an ImagePretextConfig, got {type(config).__name__}"
        )
    x = torch.as_tensor(check_array("images", images, ndim=3), dtype=torch.float32)
    if x.shape[1:] != (8, 8) or len(x) < 2:
        raise ValueError(f"images must have shape (n >= 2, 8, 8), got {tuple(x.shape)}")
    torch.manual_seed(config.seed)
    gen = torch.Generator().manual_seed(config.seed)
    encoder = Encoder(width=config.width, dim=config.dim)
    if config.task == "rotation":
        head: nn.Module = nn.Linear(config.dim, config.n_rotations)
    else:
        head = ProjectionHead(dim=config.dim)
    augmenter = DigitAugmenter(strength=config.strength)
    params = [*encoder.parameters(), *head.parameters()]
    opt = torch.optim.Adam(params, lr=config.lr, weight_decay=config.weight_decay)
    start = time.perf_counter()
    losses = np.zeros(config.epochs)
    for epoch in range(config.epochs):
        encoder.train()
        head.train()
        order = torch.randperm(len(x), generator=gen)
        total, batches = 0.0, 0
        for i in range(0, len(x), config.batch_size):
            batch = x[order[i : i + config.batch_size]]  # (batch, 8, 8)
            if len(batch) < 2:
                continue
            if config.task == "rotation":  # one random turn per image
                turns = torch.randint(config.n_rotations, (len(batch),), generator=gen)
                turned = random_turns(batch, turns, n_rotations=config.n_rotations)
                loss = F.cross_entropy(head(encoder(turned)), turns)  # (batch, R)
            else:
                v1, v2 = two_views(batch, augmenter, gen)  # (batch, 8, 8) each
                loss = pairwise_contrastive(
                    head(encoder(v1)), head(encoder(v2)), margin=config.margin
                )
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item()
            batches += 1
        losses[epoch] = total / batches
    state = {k: v.detach().clone() for k, v in encoder.state_dict().items()}
    return ImagePretextRun(config, state, losses, time.perf_counter() - start)


SHIPPED: dict[str, ImagePretextConfig] = {
    "image_pretext_pairwise": ImagePretextConfig(task="pairwise"),
    "image_pretext_rotation": ImagePretextConfig(task="rotation"),
    "image_pretext_rotation2": ImagePretextConfig(task="rotation", n_rotations=2),
}
"""The lesson's runs (10 epochs in both modes), shipped in ``data/artefacts``."""


def image_pretext_run(
    config: ImagePretextConfig | None = None, *, verbose: bool = True
) -> ImagePretextRun:
    """:func:`train_image_pretext` on the digits pool (no labels): one of
    :data:`SHIPPED` from ``data/artefacts`` (in fast mode too: the runs are the
    same in both modes), any other config through the cache."""
    from helpers.core.artefacts import shipped
    from helpers.core.cache import cached
    from helpers.core.data import load_digits_split
    from helpers.train.shipped_fast import reuse

    config = config or ImagePretextConfig()
    if not isinstance(config, ImagePretextConfig):
        raise TypeError(
            f"config must be an ImagePretextConfig, got {type(config).__name__}"
        )
    pool = load_digits_split().images_pool  # (1257, 8, 8)
    params = asdict(config)

    def compute() -> ImagePretextRun:
        return train_image_pretext(pool, config)

    name = next((n for n, c in SHIPPED.items() if c == config), None)
    if name is None:
        return cached(
            f"image_pretext_{config.task}", compute, params=params, verbose=verbose
        )
    return reuse(
        name,
        lambda: shipped(name, compute, params=params, verbose=verbose),
        normal_params=params,
        module=__name__,
        verbose=verbose,
    )


def pairwise_run() -> ImagePretextRun:
    """The lesson's pairwise-loss run (``make artefacts``)."""
    return image_pretext_run(SHIPPED["image_pretext_pairwise"])


def rotation_run() -> ImagePretextRun:
    """The lesson's rotation-prediction run, 4 turns (``make artefacts``)."""
    return image_pretext_run(SHIPPED["image_pretext_rotation"])


def two_turn_run() -> ImagePretextRun:
    """Exercise 09.4's rotation-prediction run, 2 turns (``make artefacts``)."""
    return image_pretext_run(SHIPPED["image_pretext_rotation2"])
