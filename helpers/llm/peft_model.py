"""One entry point, :func:`apply_method`, that turns lesson 16's pretrained GPT into a
model to fine-tune with one of six methods, and the bookkeeping around it.

Methods: ``full`` (every weight trains), ``head`` (only the new head), ``adapter``,
``prefix`` (with ``reparam=True``: through an MLP), ``prompt`` and ``lora``. With
``n_classes`` the model gets a new classification head over the mean of the final
hidden states (sequence classification); without, it keeps the language-model head.

>>> from helpers.llm.model import GPT, GPTConfig
>>> gpt = GPT(GPTConfig(n_layer=1, n_head=2, n_embd=16, block_size=8))
>>> cfg = {"n_classes": 3, "rank": 2, "targets": "attention", "input_len": 8}
>>> m = apply_method(gpt, "lora", **cfg)
>>> count_trainable(m) == expected_trainable(gpt.config, "lora", **cfg)
True
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import torch
from torch import nn

from helpers.core.validation import check_choice, check_int, check_real
from helpers.llm.model import GPT, GPTConfig, check_context
from helpers.llm.peft_layers import (
    Adapter,
    LoRALinear,
    PrefixTuning,
    PromptTuning,
    prefix_attention,
)

METHODS = ("full", "head", "adapter", "prefix", "prompt", "lora")
"""The fine-tuning methods :func:`apply_method` knows."""

LORA_LAYERS = {
    "qkv": ("attn", "qkv"),
    "attn.proj": ("attn", "proj"),
    "fc": ("mlp", "fc"),
    "mlp.proj": ("mlp", "proj"),
}
"""Linear layers of a block LoRA can target: name -> (sublayer, attribute)."""

TARGET_GROUPS = {
    "attention": ("qkv", "attn.proj"),
    "mlp": ("fc", "mlp.proj"),
    "both": ("qkv", "attn.proj", "fc", "mlp.proj"),
}
"""Shorthands for LoRA targets (the widget's three choices)."""


@dataclass(frozen=True)
class MethodConfig:
    """The settings of a method (defaults used by lesson 17)."""

    n_classes: int | None = None  # None: keep the language-model head
    rank: int = 4  # lora
    alpha: float = 8.0  # lora: scaling alpha / rank
    targets: str | tuple[str, ...] = "attention"  # lora
    bottleneck: int = 8  # adapter
    length: int = 8  # prefix and prompt: positions
    reparam: bool = False  # prefix: through an MLP
    hidden: int = 64  # prefix reparam: MLP width
    input_len: int = 48  # longest input the model must take


def lora_targets(targets: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The layer names of ``targets``: a group (``attention``, ``mlp``, ``both``), one
    layer name or a sequence of layer names of :data:`LORA_LAYERS`."""
    if isinstance(targets, str):
        if targets in TARGET_GROUPS:
            return TARGET_GROUPS[targets]
        targets = (targets,)
    if not isinstance(targets, tuple | list) or not targets:
        raise TypeError(f"targets must be a name or a list of names, got {targets!r}")
    valid = list(TARGET_GROUPS) + list(LORA_LAYERS)
    unknown = [t for t in targets if t not in LORA_LAYERS]
    if unknown:
        raise ValueError(f"unknown target layers {unknown}; valid choices: {valid}")
    return tuple(dict.fromkeys(targets))


def _check(config: GPTConfig, method: str, cfg: dict) -> MethodConfig:
    method = check_choice("method", method, list(METHODS))
    unknown = set(cfg) - set(MethodConfig.__dataclass_fields__)
    if unknown:
        valid = sorted(MethodConfig.__dataclass_fields__)
        raise ValueError(f"unknown settings {sorted(unknown)}; valid: {valid}")
    mc = MethodConfig(**cfg)
    if mc.n_classes is not None:
        check_int("n_classes", mc.n_classes, low=2, high=10_000)
    check_int("input_len", mc.input_len, low=1, high=config.block_size)
    if method == "lora":
        targets = lora_targets(mc.targets)
        C = config.n_embd  # noqa: N806 - every targeted layer has min(in, out) = C
        check_int("rank", mc.rank, low=1, high=C)
        check_real("alpha", mc.alpha, low=0, high=1e6, open_low=True)
        mc = MethodConfig(**{**mc.__dict__, "targets": targets})
    if method == "adapter":
        check_int("bottleneck", mc.bottleneck, low=1, high=config.n_embd)
    if method in ("prefix", "prompt"):
        check_int("length", mc.length, low=1, high=config.block_size)
        if method == "prompt" and mc.length + mc.input_len > config.block_size:
            raise ValueError(
                f"prompt length {mc.length} + input length {mc.input_len} must be at "
                f"most block_size {config.block_size}"
            )
        if method == "prefix" and mc.length + mc.input_len > config.block_size:
            raise ValueError(
                f"prefix length {mc.length} + input length {mc.input_len} must be at "
                f"most block_size {config.block_size} (attention spans both)"
            )
        if not isinstance(mc.reparam, bool):
            raise TypeError(f"reparam must be True or False, got {mc.reparam!r}")
        if mc.reparam:
            check_int("hidden", mc.hidden, low=1, high=65_536)
    return mc


class PeftModel(nn.Module):
    """A pretrained :class:`GPT` (``base``) with one method's extra weights.

    ``forward(idx, mask=None)``: with a classification head, class logits (B, K)
    from the mean of the final hidden states over positions where ``mask`` is 1;
    without, language-model logits (B, T, vocab).
    """

    def __init__(self, base: GPT, method: str, mc: MethodConfig) -> None:
        super().__init__()
        self.base, self.method, self.settings = base, method, mc
        C, L = base.config.n_embd, base.config.n_layer  # noqa: N806
        self.prompt = self.prefix = self.head = None
        if method == "prompt":
            self.prompt = PromptTuning(n_embd=C, length=mc.length)
        if method == "prefix":
            self.prefix = PrefixTuning(
                n_layer=L, n_embd=C, length=mc.length, reparam=mc.reparam,
                hidden=mc.hidden,
            )  # fmt: skip
        if mc.n_classes is not None:
            self.head = nn.Linear(C, mc.n_classes)  # (C -> K), a new layer
            nn.init.normal_(self.head.weight, std=0.02)
            nn.init.zeros_(self.head.bias)

    def hidden(self, idx: torch.Tensor) -> torch.Tensor:
        """Final-norm hidden states of the text positions, (B, T, C)."""
        check_context(idx, self.base.config)
        T = idx.shape[1]  # noqa: N806
        tok = self.base.tok_emb(idx)  # (B, T, C)
        if self.prompt is not None:
            tok = self.prompt(tok)  # (B, P+T, C)
        pos = torch.arange(tok.shape[1])  # (P+T,)
        x = self.base.drop(tok + self.base.pos_emb(pos))  # (B, T', C)
        kv = self.prefix() if self.prefix is not None else None  # (L, 2, P, C)
        for i, block in enumerate(self.base.blocks):
            a = block.ln1(x)  # (B, T', C)
            if kv is None:
                x = x + block.attn(a)  # (B, T', C)
            else:
                x = x + prefix_attention(block.attn, a, kv[i, 0], kv[i, 1])
            x = x + block.mlp(block.ln2(x))  # (B, T', C)
        return self.base.ln_f(x[:, -T:])  # (B, T, C): text positions only

    def forward(
        self, idx: torch.Tensor, mask: torch.Tensor | None = None
    ) -> torch.Tensor:
        h = self.hidden(idx)  # (B, T, C)
        if self.head is None:
            return self.base.head(h)  # (B, T, vocab)
        if mask is None:
            mask = torch.ones(idx.shape, dtype=h.dtype)  # (B, T)
        m = mask.to(h.dtype).unsqueeze(-1)  # (B, T, 1)
        pooled = (h * m).sum(1) / m.sum(1).clamp(min=1.0)  # (B, C)
        return self.head(pooled)  # (B, K)

    def merge(self) -> None:
        """Fold every LoRA update into its frozen weight (no-op for other methods)."""
        for module in self.modules():
            if isinstance(module, LoRALinear):
                module.merge()


def apply_method(model: GPT, method: str, *, copy_model: bool = True, **cfg):
    """A :class:`PeftModel` of ``model`` fine-tuned by ``method``.

    Parameters
    ----------
    model : the pretrained GPT (deep-copied first unless ``copy_model=False``).
    method : one of :data:`METHODS`.
    **cfg : fields of :class:`MethodConfig` (``n_classes``, ``rank``, ``alpha``,
        ``targets``, ``bottleneck``, ``length``, ``reparam``, ``hidden``,
        ``input_len``). Bad values raise ``ValueError`` naming the valid choices.

    Every base weight is frozen except with ``full``; the method's new weights and
    the head (if any) train.
    """
    if not isinstance(model, GPT):
        raise TypeError(f"model must be a GPT, got {type(model).__name__}")
    if not isinstance(copy_model, bool):
        raise TypeError(f"copy_model must be True or False, got {copy_model!r}")
    mc = _check(model.config, method, cfg)
    base = copy.deepcopy(model) if copy_model else model
    for p in base.parameters():
        p.requires_grad_(method == "full")
    C = base.config.n_embd  # noqa: N806
    for block in base.blocks:
        if method == "adapter":
            block.attn = Adapter(block.attn, n_embd=C, bottleneck=mc.bottleneck)
            block.mlp = Adapter(block.mlp, n_embd=C, bottleneck=mc.bottleneck)
        if method == "lora":
            for name in mc.targets:
                sub, attr = LORA_LAYERS[name]
                parent = getattr(block, sub)
                lora = LoRALinear(getattr(parent, attr), rank=mc.rank, alpha=mc.alpha)
                setattr(parent, attr, lora)
    return PeftModel(base, method, mc).train()


def count_trainable(model: nn.Module) -> int:
    """Parameters that train (``requires_grad``), each shared tensor once."""
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be an nn.Module, got {type(model).__name__}")
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def count_all(model: nn.Module) -> int:
    """All parameters of ``model``, each shared tensor once."""
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be an nn.Module, got {type(model).__name__}")
    return sum(p.numel() for p in model.parameters())


def expected_trainable(config: GPTConfig, method: str, **cfg) -> int:
    """The trainable-parameter count of ``method`` by formula (C = n_embd,
    L = n_layer, V = vocab, K = classes, P = length, m = bottleneck, r = rank):

    * head: C K + K;  full: the GPT's parameters (tied weights once) + head;
    * adapter: L * 2 * (2 C m + m + C) + head;
    * prefix: L * 2 * P * C + head; reparam: P C + (C h + h) + (h 2 L C + 2 L C) + head;
    * prompt: P C + head;  lora: L * sum over targets of r (in + out) + head.
    """
    if not isinstance(config, GPTConfig):
        raise TypeError(f"config must be a GPTConfig, got {type(config).__name__}")
    mc = _check(config, method, cfg)
    C, L, V, T = config.n_embd, config.n_layer, config.vocab_size, config.block_size  # noqa: N806
    K = mc.n_classes  # noqa: N806
    head = C * K + K if K is not None else 0
    if method == "full":
        block = 2 * 2 * C + (C * 3 * C + 3 * C) + (C * C + C) + 2 * (4 * C * C) + 5 * C
        return V * C + T * C + L * block + 2 * C + head
    if method == "adapter":
        return L * 2 * (2 * C * mc.bottleneck + mc.bottleneck + C) + head
    if method == "prefix":
        P, h = mc.length, mc.hidden  # noqa: N806
        if mc.reparam:
            return P * C + (C * h + h) + (h * 2 * L * C + 2 * L * C) + head
        return L * 2 * P * C + head
    if method == "prompt":
        return mc.length * C + head
    if method == "lora":
        shapes = {"qkv": (C, 3 * C), "attn.proj": (C, C), "fc": (C, 4 * C),
                  "mlp.proj": (4 * C, C)}  # fmt: skip
        return L * sum(mc.rank * sum(shapes[t]) for t in mc.targets) + head
    return head


def trainable_state(model: PeftModel) -> dict[str, torch.Tensor]:
    """Copies of the tensors that train: what a checkpoint of the method holds."""
    if not isinstance(model, PeftModel):
        raise TypeError(f"model must be a PeftModel, got {type(model).__name__}")
    names = {n for n, p in model.named_parameters() if p.requires_grad}
    return {n: t.detach().clone() for n, t in model.state_dict().items() if n in names}


def base_state(model: PeftModel) -> dict[str, torch.Tensor]:
    """The base GPT's own tensors inside ``model``, under their original names
    (LoRA's ``.base`` and the adapters' ``.sublayer`` wrappers taken out)."""
    if not isinstance(model, PeftModel):
        raise TypeError(f"model must be a PeftModel, got {type(model).__name__}")
    out = {}
    for name, tensor in model.base.state_dict().items():
        if {"A", "B", "down", "up"} & set(name.split(".")):
            continue  # LoRA's A, B and the adapters' layers are new
        out[name.replace(".base.", ".").replace(".sublayer.", ".")] = tensor
    return out


def load_trainable(model: PeftModel, state: dict[str, torch.Tensor]) -> None:
    """Swap in another task's trained tensors (same method and settings)."""
    if not isinstance(model, PeftModel):
        raise TypeError(f"model must be a PeftModel, got {type(model).__name__}")
    expected = set(trainable_state(model))
    if not isinstance(state, dict) or set(state) != expected:
        raise ValueError(
            f"state must hold exactly the trainable tensors {sorted(expected)}"
        )
    with torch.no_grad():
        params = dict(model.named_parameters())
        for name, tensor in state.items():
            params[name].copy_(tensor)
