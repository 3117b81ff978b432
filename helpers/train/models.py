"""Model families as small torch modules, one builder for all of them.

Vector families take ``(batch, n_features)`` float rows:

* ``"linear"`` -- one linear layer (multinomial logistic regression);
* ``"mlp"``    -- ``depth`` hidden layers of ``width`` units with ReLU and dropout;
* ``"cnn"``    -- flat square images (8x8 digits: ``n_features=64``) reshaped inside to
  ``(batch, 1, side, side)``; ``depth`` blocks of convolution, batch normalisation,
  ReLU and 2x2 max pooling, then a linear head.

Sequence families take ``(batch, seq_len)`` token ids (floats or ints holding
whole numbers in ``0..n_features-1``; ``0`` is padding and ``n_features`` is the
vocabulary size):

* ``"rnn"``, ``"gru"``, ``"lstm"`` -- an embedding, ``depth`` recurrent layers of
  ``width`` units, the mean of the outputs over the real (non-padding) tokens, a
  linear head;
* ``"transformer"`` -- an embedding plus sinusoidal positions, ``depth`` encoder
  layers (self-attention, BERT-style: every token sees every other), mean pooling,
  a linear head.

>>> model = build_model("cnn", width=8)
>>> tuple(model(torch.zeros(5, 64)).shape)
(5, 10)
"""

from __future__ import annotations

import math

import torch
from torch import nn

from helpers.core.validation import check_choice, check_int, check_real

FAMILIES = ("linear", "mlp", "cnn", "rnn", "gru", "lstm", "transformer")
"""Every family :func:`build_model` knows."""

SEQUENCE_FAMILIES = ("rnn", "gru", "lstm", "transformer")
"""The families that read token ids rather than feature vectors."""

MAX_FEATURES = 200_000
MAX_WIDTH = 4096
MAX_DEPTH = 16
MAX_CLASSES = 10_000


class MLP(nn.Module):
    """``depth`` hidden layers (Linear, ReLU, Dropout), then a linear output."""

    def __init__(
        self, n_features: int, n_classes: int, width: int, depth: int, dropout: float
    ) -> None:
        super().__init__()
        layers: list[nn.Module] = []
        size = n_features
        for _ in range(depth):
            layers += [nn.Linear(size, width), nn.ReLU(), nn.Dropout(dropout)]
            size = width
        layers.append(nn.Linear(size, n_classes))
        self.net = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # x: (batch, n_features)
        return self.net(x)  # (batch, n_classes)


class CNN(nn.Module):
    """Flat square images -> ``depth`` conv blocks -> dropout -> linear head."""

    def __init__(
        self, side: int, n_classes: int, width: int, depth: int, dropout: float
    ) -> None:
        super().__init__()
        self.side = side
        blocks: list[nn.Module] = []
        channels = 1
        for _ in range(depth):
            blocks += [
                nn.Conv2d(channels, width, kernel_size=3, padding=1),
                nn.BatchNorm2d(width),
                nn.ReLU(),
                nn.MaxPool2d(2),
            ]
            channels = width
        self.features = nn.Sequential(*blocks)
        out_side = side // 2**depth
        self.head = nn.Sequential(
            nn.Flatten(),
            nn.Dropout(dropout),
            nn.Linear(width * out_side * out_side, n_classes),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # x: (batch, side*side)
        images = x.reshape(-1, 1, self.side, self.side)  # (batch, 1, side, side)
        maps = self.features(images)  # (batch, width, side/2^depth, side/2^depth)
        return self.head(maps)  # (batch, n_classes)


def _masked_mean(outputs: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Mean of ``outputs`` (batch, seq, dim) over positions where ``mask`` (batch, seq)
    is True."""
    weights = mask.unsqueeze(-1).to(outputs.dtype)  # (batch, seq, 1)
    total = (outputs * weights).sum(dim=1)  # (batch, dim)
    return total / weights.sum(dim=1).clamp(min=1.0)  # (batch, dim)


def _token_ids(x: torch.Tensor, vocab: int) -> torch.Tensor:
    ids = x.long()  # (batch, seq)
    if ids.numel() and (int(ids.min()) < 0 or int(ids.max()) >= vocab):
        raise ValueError(
            f"token ids must be in 0..{vocab - 1}, got values from "
            f"{int(ids.min())} to {int(ids.max())}"
        )
    return ids


class Recurrent(nn.Module):
    """Embedding -> RNN/GRU/LSTM -> mean over real tokens -> linear head."""

    CELLS = {"rnn": nn.RNN, "gru": nn.GRU, "lstm": nn.LSTM}

    def __init__(
        self,
        cell: str,
        vocab: int,
        n_classes: int,
        width: int,
        depth: int,
        dropout: float,
    ) -> None:
        super().__init__()
        self.vocab = vocab
        self.embed = nn.Embedding(vocab, width, padding_idx=0)
        self.rnn = self.CELLS[cell](
            width,
            width,
            num_layers=depth,
            batch_first=True,
            dropout=dropout if depth > 1 else 0.0,
        )
        self.drop = nn.Dropout(dropout)
        self.head = nn.Linear(width, n_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # x: (batch, seq) token ids
        ids = _token_ids(x, self.vocab)  # (batch, seq)
        outputs, _ = self.rnn(self.embed(ids))  # (batch, seq, width)
        pooled = _masked_mean(outputs, ids != 0)  # (batch, width)
        return self.head(self.drop(pooled))  # (batch, n_classes)


def sinusoidal_positions(length: int, dim: int) -> torch.Tensor:
    """The Transformer's fixed position codes, shape (length, dim): sines and cosines
    of the position at geometrically spaced frequencies.

    >>> tuple(sinusoidal_positions(5, 4).shape)
    (5, 4)
    """
    length = check_int("length", length, low=1, high=MAX_FEATURES)
    dim = check_int("dim", dim, low=2, high=MAX_WIDTH)
    position = torch.arange(length, dtype=torch.float32).unsqueeze(1)  # (length, 1)
    freq = torch.exp(torch.arange(0, dim, 2) * (-math.log(10_000.0) / dim))  # (dim/2,)
    codes = torch.zeros(length, dim)
    codes[:, 0::2] = torch.sin(position * freq)
    codes[:, 1::2] = torch.cos(position * freq[: dim // 2])
    return codes  # (length, dim)


class TransformerClassifier(nn.Module):
    """Embedding + positions -> ``depth`` self-attention encoder layers -> mean over
    real tokens -> linear head (an encoder, as in BERT)."""

    def __init__(
        self, vocab: int, n_classes: int, width: int, depth: int, dropout: float
    ) -> None:
        super().__init__()
        self.vocab = vocab
        self.width = width
        heads = next(h for h in (4, 2, 1) if width % h == 0)
        self.embed = nn.Embedding(vocab, width, padding_idx=0)
        layer = nn.TransformerEncoderLayer(
            d_model=width,
            nhead=heads,
            dim_feedforward=2 * width,
            dropout=dropout,
            batch_first=True,
        )
        self.encoder = nn.TransformerEncoder(
            layer, num_layers=depth, enable_nested_tensor=False
        )
        self.head = nn.Linear(width, n_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # x: (batch, seq) token ids
        ids = _token_ids(x, self.vocab)  # (batch, seq)
        real = ids != 0  # (batch, seq)
        real[:, 0] |= ~real.any(dim=1)  # an all-padding row attends to its first slot
        codes = sinusoidal_positions(ids.shape[1], self.width).to(x.device)
        h = self.embed(ids) + codes  # (batch, seq, width)
        h = self.encoder(h, src_key_padding_mask=~real)  # (batch, seq, width)
        return self.head(_masked_mean(h, real))  # (batch, n_classes)


def build_model(
    family: str,
    *,
    n_features: int = 64,
    n_classes: int = 10,
    width: int = 64,
    depth: int = 1,
    dropout: float = 0.0,
    seed: int = 0,
) -> nn.Module:
    """A fresh model of ``family`` (one of :data:`FAMILIES`), initialised from ``seed``.

    ``n_features`` is the input size of the vector families (a square number for
    ``"cnn"``) and the vocabulary size of the sequence families. ``width`` is the
    hidden units, channels or embedding size; ``depth`` the number of hidden, conv,
    recurrent or encoder layers (``"linear"`` has none and ignores both). The global
    torch random state is left as it was.

    >>> sum(p.numel() for p in build_model("linear").parameters())
    650
    """
    family = check_choice("family", family, FAMILIES)
    n_features = check_int("n_features", n_features, low=1, high=MAX_FEATURES)
    n_classes = check_int("n_classes", n_classes, low=2, high=MAX_CLASSES)
    width = check_int("width", width, low=1, high=MAX_WIDTH)
    depth = check_int("depth", depth, low=1, high=MAX_DEPTH)
    dropout = check_real("dropout", dropout, low=0, high=1, open_high=True)
    seed = check_int("seed", seed, low=0, high=2**32 - 1)
    if family == "cnn":
        side = math.isqrt(n_features)
        if side * side != n_features:
            raise ValueError(
                f"n_features must be a square number for 'cnn' (flat square "
                f"images), got {n_features}"
            )
        if side < 2**depth:
            raise ValueError(
                f"depth must leave at least one pixel after {depth} 2x2 poolings of "
                f"a {side}x{side} image: use depth <= {int(math.log2(side))}"
            )
    if family == "transformer" and width % 2:
        raise ValueError(f"width must be even for 'transformer', got {width}")
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        if family == "linear":
            return nn.Sequential(nn.Linear(n_features, n_classes))
        if family == "mlp":
            return MLP(n_features, n_classes, width, depth, dropout)
        if family == "cnn":
            return CNN(math.isqrt(n_features), n_classes, width, depth, dropout)
        if family == "transformer":
            return TransformerClassifier(n_features, n_classes, width, depth, dropout)
        return Recurrent(family, n_features, n_classes, width, depth, dropout)


def count_parameters(model: nn.Module) -> int:
    """The number of trainable numbers in ``model``.

    >>> count_parameters(build_model("mlp", width=8))
    610
    """
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch nn.Module, got {type(model).__name__}")
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
