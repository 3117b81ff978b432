"""A small decoder-only transformer (GPT), written plainly.

The API lessons 17 and 18 build on:

* :class:`GPTConfig` -- the sizes (a dataclass with defaults); :data:`SIZES` names
  the three the workbook trains and ships;
* ``GPT(config).forward(idx, targets=None) -> (logits, loss)``;
* ``GPT.generate(idx, max_new_tokens, temperature=1.0, top_k=None, generator=None)``.

>>> import torch
>>> model = GPT(GPTConfig(n_layer=1, n_head=2, n_embd=16, block_size=8))
>>> logits, loss = model(torch.zeros(2, 5, dtype=torch.long))
>>> tuple(logits.shape), loss is None
((2, 5, 97), True)
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import torch
from torch import nn
from torch.nn import functional as F  # noqa: N812 - the usual name

from helpers.core.validation import check_choice, check_int, check_real
from helpers.llm.tokenizer import VOCAB_SIZE


@dataclass(frozen=True)
class GPTConfig:
    """Sizes of a :class:`GPT`. ``n_embd`` must be divisible by ``n_head``."""

    n_layer: int = 4
    n_head: int = 4
    n_embd: int = 64
    block_size: int = 64  # longest context, in tokens
    vocab_size: int = VOCAB_SIZE
    dropout: float = 0.0

    def __post_init__(self) -> None:
        check_int("n_layer", self.n_layer, low=1, high=64)
        check_int("n_head", self.n_head, low=1, high=64)
        check_int("n_embd", self.n_embd, low=1, high=4096)
        check_int("block_size", self.block_size, low=1, high=8192)
        check_int("vocab_size", self.vocab_size, low=2, high=1_000_000)
        check_real("dropout", self.dropout, low=0, high=1, open_high=True)
        if self.n_embd % self.n_head:
            raise ValueError(
                f"n_embd ({self.n_embd}) must be divisible by n_head ({self.n_head})"
            )

    def as_dict(self) -> dict:
        return asdict(self)


SIZES: dict[str, GPTConfig] = {
    "tiny": GPTConfig(n_layer=2, n_head=2, n_embd=32),
    "small": GPTConfig(n_layer=2, n_head=4, n_embd=64),
    "base": GPTConfig(n_layer=4, n_head=4, n_embd=64),
}
"""The model sizes the workbook trains (and ships as checkpoints)."""


def config_for(size: str) -> GPTConfig:
    """The :class:`GPTConfig` of a named size (one of :data:`SIZES`)."""
    return SIZES[check_choice("size", size, list(SIZES))]


class CausalSelfAttention(nn.Module):
    """Multi-head self-attention where position t sees positions <= t only."""

    def __init__(self, config: GPTConfig) -> None:
        super().__init__()
        _check_config(config)
        self.n_head, self.n_embd = config.n_head, config.n_embd
        self.qkv = nn.Linear(config.n_embd, 3 * config.n_embd)
        self.proj = nn.Linear(config.n_embd, config.n_embd)
        self.dropout = nn.Dropout(config.dropout)
        mask = torch.tril(torch.ones(config.block_size, config.block_size, dtype=bool))
        self.register_buffer("mask", mask, persistent=False)  # (block, block)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        B, T, C = x.shape  # (batch, time, channels)  # noqa: N806
        hs = C // self.n_head
        q, k, v = self.qkv(x).split(C, dim=2)  # 3 x (B, T, C)
        q = q.view(B, T, self.n_head, hs).transpose(1, 2)  # (B, heads, T, hs)
        k = k.view(B, T, self.n_head, hs).transpose(1, 2)  # (B, heads, T, hs)
        v = v.view(B, T, self.n_head, hs).transpose(1, 2)  # (B, heads, T, hs)
        att = (q @ k.transpose(-2, -1)) / math.sqrt(hs)  # (B, heads, T, T)
        att = att.masked_fill(~self.mask[:T, :T], float("-inf"))  # (B, heads, T, T)
        att = self.dropout(F.softmax(att, dim=-1))  # (B, heads, T, T)
        y = att @ v  # (B, heads, T, hs)
        y = y.transpose(1, 2).reshape(B, T, C)  # (B, T, C)
        return self.dropout(self.proj(y))  # (B, T, C)


class MLP(nn.Module):
    """Position-wise feed-forward block: C -> 4C -> GELU -> C."""

    def __init__(self, config: GPTConfig) -> None:
        super().__init__()
        _check_config(config)
        self.fc = nn.Linear(config.n_embd, 4 * config.n_embd)
        self.proj = nn.Linear(4 * config.n_embd, config.n_embd)
        self.dropout = nn.Dropout(config.dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = F.gelu(self.fc(x))  # (B, T, 4C)
        return self.dropout(self.proj(h))  # (B, T, C)


class Block(nn.Module):
    """Pre-norm transformer block: x + attn(ln(x)), then x + mlp(ln(x))."""

    def __init__(self, config: GPTConfig) -> None:
        super().__init__()
        _check_config(config)
        self.ln1 = nn.LayerNorm(config.n_embd)
        self.attn = CausalSelfAttention(config)
        self.ln2 = nn.LayerNorm(config.n_embd)
        self.mlp = MLP(config)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.attn(self.ln1(x))  # (B, T, C)
        return x + self.mlp(self.ln2(x))  # (B, T, C)


class GPT(nn.Module):
    """Token and position embeddings, ``n_layer`` blocks, a final layer norm and a
    language-model head whose weight is tied to the token embedding."""

    def __init__(self, config: GPTConfig) -> None:
        super().__init__()
        _check_config(config)
        self.config = config
        self.tok_emb = nn.Embedding(config.vocab_size, config.n_embd)
        self.pos_emb = nn.Embedding(config.block_size, config.n_embd)
        self.drop = nn.Dropout(config.dropout)
        self.blocks = nn.ModuleList(Block(config) for _ in range(config.n_layer))
        self.ln_f = nn.LayerNorm(config.n_embd)
        self.head = nn.Linear(config.n_embd, config.vocab_size, bias=False)
        self.head.weight = self.tok_emb.weight  # weight tying
        self.apply(_init_weights)
        for name, p in self.named_parameters():  # GPT-2: scale residual projections
            if name.endswith("proj.weight"):
                nn.init.normal_(p, std=0.02 / math.sqrt(2 * config.n_layer))

    def n_params(self, *, non_embedding: bool = True) -> int:
        """Parameters (tied weights once); without position embeddings by default."""
        n = sum(p.numel() for p in self.parameters())
        return n - self.pos_emb.weight.numel() if non_embedding else n

    def embed(self, idx: torch.Tensor) -> torch.Tensor:
        """Token plus position embeddings of ``idx`` (B, T) -> (B, T, C)."""
        check_context(idx, self.config)
        T = idx.shape[1]  # noqa: N806
        pos = torch.arange(T, device=idx.device)  # (T,)
        return self.drop(self.tok_emb(idx) + self.pos_emb(pos))  # (B, T, C)

    def logits_and_loss(
        self, x: torch.Tensor, targets: torch.Tensor | None
    ) -> tuple[torch.Tensor, torch.Tensor | None]:
        """Final norm, head and (with ``targets``) mean cross-entropy in nats."""
        logits = self.head(self.ln_f(x))  # (B, T, vocab)
        if targets is None:
            return logits, None
        loss = F.cross_entropy(
            logits.reshape(-1, logits.size(-1)),  # (B*T, vocab)
            targets.reshape(-1),  # (B*T,)
        )
        return logits, loss

    def forward(
        self, idx: torch.Tensor, targets: torch.Tensor | None = None
    ) -> tuple[torch.Tensor, torch.Tensor | None]:
        """``idx`` (B, T) token ids -> (logits (B, T, vocab), mean loss or None)."""
        x = self.embed(idx)  # (B, T, C)
        for block in self.blocks:
            x = block(x)  # (B, T, C)
        return self.logits_and_loss(x, targets)

    @torch.no_grad()
    def generate(
        self,
        idx: torch.Tensor,
        max_new_tokens: int,
        *,
        temperature: float = 1.0,
        top_k: int | None = None,
        generator: torch.Generator | None = None,
    ) -> torch.Tensor:
        """Append ``max_new_tokens`` sampled tokens to ``idx`` (B, T); the context is
        cropped to the last ``block_size`` tokens. ``temperature`` 0 is greedy."""
        check_context(idx, None)
        max_new_tokens = check_int("max_new_tokens", max_new_tokens, low=0, high=10**5)
        temperature = check_real("temperature", temperature, low=0, high=100)
        if top_k is not None:
            top_k = check_int("top_k", top_k, low=1, high=self.config.vocab_size)
        was_training = self.training
        self.eval()
        for _ in range(max_new_tokens):
            ctx = idx[:, -self.config.block_size :]  # (B, <=block)
            logits, _ = self(ctx)  # (B, t, vocab)
            logits = logits[:, -1, :]  # (B, vocab)
            if temperature == 0:
                nxt = logits.argmax(dim=-1, keepdim=True)  # (B, 1)
            else:
                logits = logits / temperature  # (B, vocab)
                if top_k is not None:
                    kth = torch.topk(logits, top_k).values[:, -1:]  # (B, 1)
                    logits = logits.masked_fill(logits < kth, float("-inf"))
                probs = F.softmax(logits, dim=-1)  # (B, vocab)
                nxt = torch.multinomial(probs, 1, generator=generator)  # (B, 1)
            idx = torch.cat([idx, nxt], dim=1)  # (B, T+1)
        self.train(was_training)
        return idx


def check_context(idx: object, config: GPTConfig | None) -> None:
    """Refuse token ids that are not a (batch, time) integer tensor, or (with a
    ``config``) a context longer than the model's ``block_size``."""
    if not isinstance(idx, torch.Tensor):
        raise TypeError(f"idx must be a torch tensor, got {type(idx).__name__}")
    if idx.dim() != 2 or idx.shape[1] == 0 or idx.shape[0] == 0:
        raise ValueError(
            f"idx must be (batch, time) with both > 0, got {tuple(idx.shape)}"
        )
    if idx.dtype not in (torch.int64, torch.int32):
        raise TypeError(f"idx must hold integer token ids, got {idx.dtype}")
    if config is not None and idx.shape[1] > config.block_size:
        raise ValueError(
            f"context of {idx.shape[1]} tokens is longer than the model's "
            f"block_size {config.block_size}"
        )
    vocab = VOCAB_SIZE if config is None else config.vocab_size
    if int(idx.min()) < 0 or int(idx.max()) >= vocab:
        raise ValueError(f"idx must hold token ids in [0, {vocab - 1}]")


def _check_config(config: object) -> None:
    if not isinstance(config, GPTConfig):
        raise TypeError(f"config must be a GPTConfig, got {type(config).__name__}")


def _init_weights(module: nn.Module) -> None:
    if isinstance(module, nn.Linear):
        nn.init.normal_(module.weight, std=0.02)
        if module.bias is not None:
            nn.init.zeros_(module.bias)
    elif isinstance(module, nn.Embedding):
        nn.init.normal_(module.weight, std=0.02)
