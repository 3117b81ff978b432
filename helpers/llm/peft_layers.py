"""The four parameter-efficient methods of lesson 17, each a few dozen lines of torch.

* :class:`LoRALinear` -- a frozen ``nn.Linear`` W plus a low-rank update
  ``(alpha / r) B A`` with ``B`` initialised to zero; :meth:`LoRALinear.merge` folds
  ``B A`` into W for serving.
* :class:`Adapter` -- a bottleneck ``C -> m -> C`` added to a sublayer's output (the
  up-projection starts at zero, so an adapter starts as the identity).
* :class:`PrefixTuning` -- learned key/value prefixes for every attention layer,
  either a free table or produced by a small MLP (the reparameterisation);
  :func:`prefix_attention` is causal self-attention that also attends to them.
* :class:`PromptTuning` -- learned input embeddings put in front of the text.

>>> import torch
>>> lin = torch.nn.Linear(4, 3)
>>> lora = LoRALinear(lin, rank=2, alpha=4.0)
>>> x = torch.randn(5, 4)
>>> bool(torch.equal(lora(x), lin(x)))  # B = 0: exactly the base layer
True
"""

from __future__ import annotations

import math

import torch
from torch import nn
from torch.nn import functional as F  # noqa: N812 - the usual name

from helpers.core.validation import check_int, check_real
from helpers.llm.model import CausalSelfAttention


class LoRALinear(nn.Module):
    """``y = x W^T + b + (alpha / r) x A^T B^T``: W and b frozen, A (r, in) and
    B (out, r) trained."""

    def __init__(self, base: nn.Linear, *, rank: int, alpha: float = 1.0) -> None:
        super().__init__()
        if not isinstance(base, nn.Linear):
            raise TypeError(f"base must be an nn.Linear, got {type(base).__name__}")
        limit = min(base.in_features, base.out_features)
        self.rank = check_int("rank", rank, low=1, high=limit)
        self.alpha = check_real("alpha", alpha, low=0, high=1e6, open_low=True)
        self.scaling = self.alpha / self.rank
        self.base = base
        for p in self.base.parameters():
            p.requires_grad_(False)
        self.A = nn.Parameter(torch.empty(self.rank, base.in_features))  # (r, in)
        self.B = nn.Parameter(torch.zeros(base.out_features, self.rank))  # (out, r)
        nn.init.kaiming_uniform_(self.A, a=math.sqrt(5))  # as nn.Linear does
        self.merged = False

    def delta(self) -> torch.Tensor:
        """The update ``(alpha / r) B A`` of the weight, (out, in)."""
        return self.scaling * (self.B @ self.A)  # (out, in)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.base(x)  # (..., out)
        if self.merged:
            return y
        return y + self.scaling * (x @ self.A.T) @ self.B.T  # (..., out)

    @torch.no_grad()
    def merge(self) -> None:
        """Fold ``B A`` into W (serving costs nothing extra); idempotent."""
        if not self.merged:
            self.base.weight += self.delta()
            self.merged = True

    @torch.no_grad()
    def unmerge(self) -> None:
        """Take ``B A`` out of W again (to keep training or swap adapters)."""
        if self.merged:
            self.base.weight -= self.delta()
            self.merged = False


class Adapter(nn.Module):
    """``y = sub(x)``, then ``y + W_up gelu(W_down y)``: a bottleneck of width ``m``
    after a frozen sublayer (attention or MLP). ``W_up`` starts at zero."""

    def __init__(self, sublayer: nn.Module, *, n_embd: int, bottleneck: int) -> None:
        super().__init__()
        if not isinstance(sublayer, nn.Module):
            raise TypeError(f"sublayer must be an nn.Module, got {sublayer!r}")
        n_embd = check_int("n_embd", n_embd, low=1, high=65_536)
        self.bottleneck = check_int("bottleneck", bottleneck, low=1, high=n_embd)
        self.sublayer = sublayer
        self.down = nn.Linear(n_embd, self.bottleneck)  # C -> m
        self.up = nn.Linear(self.bottleneck, n_embd)  # m -> C
        nn.init.zeros_(self.up.weight)
        nn.init.zeros_(self.up.bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.sublayer(x)  # (B, T, C)
        return y + self.up(F.gelu(self.down(y)))  # (B, T, C)


class PrefixTuning(nn.Module):
    """Learned key and value prefixes of ``length`` positions for each of
    ``n_layer`` attention layers.

    Without ``reparam`` the prefixes are a free table (n_layer, 2, length, C).
    With it they come from an MLP over a small embedding table,
    ``emb (length, C) -> Linear(C, hidden) -> tanh -> Linear(hidden, 2 n_layer C)``,
    which trains more stably; after training the MLP can be dropped and only its
    output kept (:meth:`freeze_table`).
    """

    def __init__(
        self,
        *,
        n_layer: int,
        n_embd: int,
        length: int,
        reparam: bool = False,
        hidden: int = 64,
    ) -> None:
        super().__init__()
        self.n_layer = check_int("n_layer", n_layer, low=1, high=1024)
        self.n_embd = check_int("n_embd", n_embd, low=1, high=65_536)
        self.length = check_int("length", length, low=1, high=8192)
        if not isinstance(reparam, bool):
            raise TypeError(f"reparam must be True or False, got {reparam!r}")
        self.reparam = reparam
        shape = (self.n_layer, 2, self.length, self.n_embd)
        if reparam:
            hidden = check_int("hidden", hidden, low=1, high=65_536)
            self.emb = nn.Parameter(0.02 * torch.randn(self.length, self.n_embd))
            self.mlp = nn.Sequential(
                nn.Linear(self.n_embd, hidden),
                nn.Tanh(),
                nn.Linear(hidden, 2 * self.n_layer * self.n_embd),
            )
            self.table = None
        else:
            self.table = nn.Parameter(0.02 * torch.randn(shape))  # (L, 2, P, C)

    def forward(self) -> torch.Tensor:
        """All prefixes, (n_layer, 2, length, C): [layer, 0] keys, [layer, 1] values."""
        if self.table is not None:
            return self.table
        out = self.mlp(self.emb)  # (P, 2 L C)
        out = out.view(self.length, self.n_layer, 2, self.n_embd)  # (P, L, 2, C)
        return out.permute(1, 2, 0, 3)  # (L, 2, P, C)

    @torch.no_grad()
    def freeze_table(self) -> None:
        """Replace the MLP by the table it produces (what ships after training)."""
        if self.table is None:
            self.table = nn.Parameter(self().detach().clone())
            self.reparam, self.emb, self.mlp = False, None, None


def prefix_attention(
    attn: CausalSelfAttention, x: torch.Tensor, keys: torch.Tensor, values: torch.Tensor
) -> torch.Tensor:
    """Causal self-attention of ``attn`` on ``x`` (B, T, C) where every position also
    sees ``P`` extra key/value positions ``keys``, ``values`` (P, C) placed before
    the text. Uses the layer's own (frozen) projections."""
    if not isinstance(attn, CausalSelfAttention):
        raise TypeError(f"attn must be a CausalSelfAttention, got {type(attn)}")
    B, T, C = x.shape  # noqa: N806
    P, H = keys.shape[0], attn.n_head  # noqa: N806
    hs = C // H
    q, k, v = attn.qkv(x).split(C, dim=2)  # 3 x (B, T, C)
    k = torch.cat([keys.expand(B, P, C), k], dim=1)  # (B, P+T, C)
    v = torch.cat([values.expand(B, P, C), v], dim=1)  # (B, P+T, C)
    q = q.view(B, T, H, hs).transpose(1, 2)  # (B, H, T, hs)
    k = k.view(B, P + T, H, hs).transpose(1, 2)  # (B, H, P+T, hs)
    v = v.view(B, P + T, H, hs).transpose(1, 2)  # (B, H, P+T, hs)
    att = (q @ k.transpose(-2, -1)) / math.sqrt(hs)  # (B, H, T, P+T)
    causal = torch.tril(torch.ones(T, T, dtype=torch.bool))  # (T, T)
    seen = torch.cat([torch.ones(T, P, dtype=torch.bool), causal], dim=1)  # (T, P+T)
    att = att.masked_fill(~seen, float("-inf"))  # (B, H, T, P+T)
    att = attn.dropout(F.softmax(att, dim=-1))  # (B, H, T, P+T)
    y = (att @ v).transpose(1, 2).reshape(B, T, C)  # (B, T, C)
    return attn.dropout(attn.proj(y))  # (B, T, C)


class PromptTuning(nn.Module):
    """``length`` learned input embeddings (soft prompt), (length, C), put before
    the embedded text; nothing else of the model changes."""

    def __init__(self, *, n_embd: int, length: int, init: torch.Tensor | None = None):
        super().__init__()
        n_embd = check_int("n_embd", n_embd, low=1, high=65_536)
        self.length = check_int("length", length, low=1, high=8192)
        if init is None:
            init = 0.02 * torch.randn(self.length, n_embd)
        if not isinstance(init, torch.Tensor) or init.shape != (self.length, n_embd):
            raise ValueError(f"init must be a ({self.length}, {n_embd}) tensor")
        self.prompt = nn.Parameter(init.detach().clone())  # (P, C)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Embedded text (B, T, C) -> soft prompt and text (B, P+T, C)."""
        B = x.shape[0]  # noqa: N806
        return torch.cat([self.prompt.expand(B, -1, -1), x], dim=1)  # (B, P+T, C)
