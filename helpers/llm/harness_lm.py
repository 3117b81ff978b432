"""A language model behind one small interface, so that the harness, the prompting
experiments and the server treat the workbook's GPT and a remote model alike.

:class:`LocalLM` wraps a :class:`~helpers.llm.model.GPT`:

* ``complete(prompts, max_tokens, stop=...)`` -- greedy continuations of a batch of
  prompts, cut at the first stop string or end-of-text character;
* ``loglik(contexts, continuations)`` -- the log-probability (nats) of each
  continuation after its context (multiple-choice scoring).

Prompts of different lengths share one batch without padding masks: rows are padded
on the right and each row reads the logits at its own last position. Attention is
causal, so the padding after a row's end never reaches the positions that are read.
A prompt plus ``max_tokens`` must fit the model's context (``block_size``); a longer
request raises :class:`ContextTooLong` (a ``ValueError``), as an OpenAI server
answers 400.

>>> import torch
>>> from helpers.llm.model import GPT, GPTConfig
>>> _ = torch.manual_seed(0)
>>> lm = LocalLM(GPT(GPTConfig(n_layer=1, n_head=1, n_embd=8, block_size=16)))
>>> len(lm.complete(["ab", "abcd"], max_tokens=3))
2
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch.nn import functional as F  # noqa: N812 - the usual name

from helpers.core.validation import check_int
from helpers.llm.model import GPT
from helpers.llm.tokenizer import EOT, encode

MAX_PROMPTS = 4096
"""Largest batch of prompts one call takes."""
BATCH = 256
"""Rows per forward pass."""


class ContextTooLong(ValueError):  # noqa: N818 - reads as the condition it is
    """A prompt (plus the tokens asked for) longer than the model's context."""


def check_prompts(prompts: object, name: str = "prompts") -> list[str]:
    """A non-empty list of strings (one string is taken as a list of one)."""
    if isinstance(prompts, str):
        prompts = [prompts]
    if not isinstance(prompts, Sequence) or not prompts:
        raise TypeError(f"{name} must be a non-empty list of strings")
    if len(prompts) > MAX_PROMPTS:
        raise ValueError(f"{name} must hold at most {MAX_PROMPTS} strings")
    if not all(isinstance(p, str) for p in prompts):
        raise TypeError(f"{name} must hold strings only")
    return list(prompts)


def check_stop(stop: object) -> list[str]:
    """Stop strings: None, one string or a list of up to 4 non-empty strings."""
    if stop is None:
        return []
    stops = [stop] if isinstance(stop, str) else stop
    if not isinstance(stops, Sequence) or len(stops) > 4:
        raise TypeError("stop must be a string or a list of at most 4 strings")
    if not all(isinstance(s, str) and s for s in stops):
        raise TypeError("stop must hold non-empty strings")
    return list(stops)


def cut_at_stop(text: str, stops: Sequence[str]) -> tuple[str, bool]:
    """``text`` up to the first stop string, and whether one was found."""
    cuts = [i for i in (text.find(s) for s in stops) if i >= 0]
    return (text[: min(cuts)], True) if cuts else (text, False)


class LocalLM:
    """The workbook's GPT as a completion engine (greedy decoding)."""

    def __init__(self, model: GPT, *, name: str = "workbook-gpt") -> None:
        if not isinstance(model, GPT):
            raise TypeError(f"model must be a GPT, got {type(model).__name__}")
        if not isinstance(name, str) or not name:
            raise TypeError("name must be a non-empty string")
        self.model = model.eval()
        self.name = name
        self.context = model.config.block_size

    def encode_prompt(self, prompt: str, max_tokens: int) -> torch.Tensor:
        """Token ids of ``prompt``, refused when prompt plus ``max_tokens`` exceeds the
        context."""
        if not prompt:
            raise ValueError("a prompt must not be empty")
        ids = torch.as_tensor(encode(prompt))  # (T,)
        if len(ids) + max_tokens > self.context:
            raise ContextTooLong(
                f"this model's context is {self.context} tokens; the prompt has "
                f"{len(ids)} and {max_tokens} more were asked for"
            )
        return ids

    @torch.no_grad()
    def complete(
        self, prompts: Sequence[str] | str, max_tokens: int = 16, *, stop=None
    ) -> list[str]:
        """Greedy continuation of each prompt: at most ``max_tokens`` characters, cut
        before the first ``stop`` string."""
        prompts = check_prompts(prompts)
        max_tokens = check_int("max_tokens", max_tokens, low=1, high=self.context)
        stops = [*check_stop(stop), EOT]  # the end-of-text character ends an answer
        encoded = [self.encode_prompt(p, max_tokens) for p in prompts]
        out: list[str] = []
        for i in range(0, len(encoded), BATCH):
            out += self._complete_batch(encoded[i : i + BATCH], max_tokens, stops)
        return out

    def _complete_batch(self, encoded, max_tokens: int, stops) -> list[str]:
        lengths = torch.tensor([len(e) for e in encoded])  # (B,)
        width = int(lengths.max()) + max_tokens
        idx = torch.zeros(len(encoded), width, dtype=torch.long)  # (B, W)
        for row, ids in enumerate(encoded):
            idx[row, : len(ids)] = ids
        texts = [""] * len(encoded)
        active = torch.arange(len(encoded))  # rows still generating
        for step in range(max_tokens):
            pos = lengths[active] + step  # (A,) where each row's next token goes
            logits, _ = self.model(idx[active, : int(pos.max())])  # (A, T, vocab)
            nxt = logits[torch.arange(len(active)), pos - 1].argmax(dim=-1)  # (A,)
            idx[active, pos] = nxt
            keep = []
            for a, r in enumerate(active.tolist()):
                texts[r] = _decode_one(idx[r, lengths[r] : pos[a] + 1])
                if not cut_at_stop(texts[r], stops)[1]:
                    keep.append(a)
            if not keep:
                break
            active = active[keep]  # finished rows leave the batch
        return [cut_at_stop(t, stops)[0] for t in texts]

    @torch.no_grad()
    def loglik(
        self, contexts: Sequence[str] | str, continuations: Sequence[str] | str
    ) -> list[float]:
        """log P(continuation | context) in nats, one per pair."""
        contexts = check_prompts(contexts, "contexts")
        continuations = check_prompts(continuations, "continuations")
        if len(contexts) != len(continuations):
            raise ValueError(
                f"contexts and continuations must have the same length, got "
                f"{len(contexts)} and {len(continuations)}"
            )
        if not all(continuations):
            raise ValueError("continuations must be non-empty strings")
        pairs = [
            (self.encode_prompt(c, 0), torch.as_tensor(encode(x)))
            for c, x in zip(contexts, continuations, strict=True)
        ]
        for ctx, cont in pairs:
            if len(ctx) + len(cont) > self.context:
                raise ContextTooLong(
                    f"context plus continuation ({len(ctx) + len(cont)} tokens) is "
                    f"longer than this model's context of {self.context}"
                )
        out: list[float] = []
        for i in range(0, len(pairs), BATCH):
            out += self._loglik_batch(pairs[i : i + BATCH])
        return out

    def _loglik_batch(self, pairs) -> list[float]:
        full = [torch.cat([c, x]) for c, x in pairs]
        width = max(len(f) for f in full)
        idx = torch.zeros(len(full), width, dtype=torch.long)  # (B, W)
        for r, f in enumerate(full):
            idx[r, : len(f)] = f
        logp = F.log_softmax(self.model(idx)[0], dim=-1)  # (B, W, vocab)
        out = []
        for r, (ctx, cont) in enumerate(pairs):
            pos = torch.arange(len(ctx) - 1, len(ctx) + len(cont) - 1)  # (n,)
            out.append(float(logp[r, pos, cont].sum()))
        return out


def _decode_one(ids: torch.Tensor) -> str:
    from helpers.llm.tokenizer import decode

    return decode(ids.numpy())
