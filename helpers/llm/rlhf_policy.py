"""A language model as a policy: encode (prompt, response) batches, score a
response's log-probability, sample responses, and supervised fine-tuning (SFT) on
demonstrations (step 1 of RLHF).

A response is scored with its end-of-text token, so "stop here" is part of the
answer the policy chose.

>>> import torch
>>> from helpers.llm.model import GPT, GPTConfig
>>> from helpers.llm.rlhf_data import Prompt
>>> _ = torch.manual_seed(0)
>>> model = GPT(GPTConfig(n_layer=1, n_head=2, n_embd=16, block_size=32))
>>> logp = response_logprob(model, [Prompt(1, 2)], [" 3"])
>>> tuple(logp.shape), bool(logp < 0)
((1,), True)
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

import numpy as np
import torch
from torch.nn import functional as F  # noqa: N812 - the usual name

from helpers.core.validation import check_int, check_real
from helpers.llm.model import GPT
from helpers.llm.rlhf_data import PROMPT_CHARS, Prompt, _check_batch, _check_prompts
from helpers.llm.tokenizer import EOT, VOCAB, encode

MAX_NEW = 13
"""Longest response sampled, in tokens (the end-of-text token included)."""
_EOT_ID = 0


def encode_batch(
    prompts: Sequence[Prompt], responses: Sequence[str]
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Token ids of ``prompt + response + EOT`` right-padded with EOT: ``idx``
    (B, T); ``mask`` (B, T-1) True where the target ``idx[:, 1:]`` is a response
    token (EOT included); ``last`` (B,) position of each sequence's EOT."""
    _check_batch(prompts, responses)
    rows = [encode(p.text + r + EOT) for p, r in zip(prompts, responses, strict=True)]
    T = max(len(r) for r in rows)  # noqa: N806
    idx = torch.full((len(rows), T), _EOT_ID, dtype=torch.long)  # (B, T)
    for i, r in enumerate(rows):
        idx[i, : len(r)] = torch.from_numpy(r)
    lengths = torch.tensor([len(r) for r in rows])  # (B,)
    pos = torch.arange(1, T)[None, :]  # (1, T-1): position of each target
    mask = (pos >= PROMPT_CHARS) & (pos < lengths[:, None])  # (B, T-1)
    return idx, mask, lengths - 1


def response_logprob(
    model: GPT, prompts: Sequence[Prompt], responses: Sequence[str]
) -> torch.Tensor:
    """log pi(response + EOT | prompt) of each pair, (B,); differentiable when
    gradients are on."""
    _check_model(model)
    idx, mask, _ = encode_batch(prompts, responses)
    logits, _ = model(idx[:, :-1])  # (B, T-1, vocab)
    logp = F.log_softmax(logits, dim=-1)  # (B, T-1, vocab)
    tok = logp.gather(-1, idx[:, 1:, None]).squeeze(-1)  # (B, T-1)
    return (tok * mask).sum(dim=1)  # (B,)


@torch.no_grad()
def sample_responses(
    model: GPT,
    prompts: Sequence[Prompt],
    *,
    temperature: float = 1.0,
    generator: torch.Generator | None = None,
) -> list[str]:
    """One sampled response per prompt (cut at the first EOT or newline; at most
    :data:`MAX_NEW` tokens). ``temperature`` 0 is greedy."""
    _check_model(model)
    _check_prompts(prompts)
    temperature = check_real("temperature", temperature, low=0, high=10)
    if generator is not None and not isinstance(generator, torch.Generator):
        raise TypeError("generator must be a torch.Generator or None")
    was_training = model.training
    model.eval()
    idx = torch.stack([torch.from_numpy(encode(p.text)) for p in prompts])  # (B, P)
    done = torch.zeros(len(prompts), dtype=torch.bool)  # (B,)
    for _ in range(MAX_NEW):
        logits, _ = model(idx)  # (B, t, vocab)
        last = logits[:, -1, :]  # (B, vocab)
        if temperature == 0:
            nxt = last.argmax(dim=-1, keepdim=True)  # (B, 1)
        else:
            probs = F.softmax(last / temperature, dim=-1)  # (B, vocab)
            nxt = torch.multinomial(probs, 1, generator=generator)  # (B, 1)
        nxt[done] = _EOT_ID
        idx = torch.cat([idx, nxt], dim=1)  # (B, t+1)
        done |= (nxt[:, 0] == _EOT_ID) | (nxt[:, 0] == 1)  # EOT or newline
        if bool(done.all()):
            break
    model.train(was_training)
    out = []
    for row in idx[:, PROMPT_CHARS:].tolist():
        text = "".join(_char(t) for t in row)
        out.append(text.split(EOT)[0].split("\n")[0])
    return out


def _char(token: int) -> str:
    return VOCAB[token]


def sft(
    model: GPT,
    prompts: Sequence[Prompt],
    responses: Sequence[str],
    *,
    steps: int = 300,
    batch_size: int = 64,
    lr: float = 3e-3,
    seed: int = 0,
) -> np.ndarray:
    """Supervised fine-tuning: minimise the cross-entropy of the response tokens
    (the prompt is context only); ``model`` is trained in place. Returns the loss
    of each step (nats per response token)."""
    _check_model(model)
    _check_batch(prompts, responses)
    steps = check_int("steps", steps, low=1, high=100_000)
    batch_size = check_int("batch_size", batch_size, low=1, high=4096)
    lr = check_real("lr", lr, low=0, high=1, open_low=True)
    seed = check_int("seed", seed, low=0, high=2**32 - 1)
    idx, mask, _ = encode_batch(prompts, responses)
    rng = np.random.default_rng(seed)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.0)
    model.train()
    losses = np.empty(steps)
    for step in range(steps):
        rows = torch.from_numpy(rng.integers(0, len(idx), size=batch_size))
        logits, _ = model(idx[rows, :-1])  # (b, T-1, vocab)
        ce = F.cross_entropy(
            logits.transpose(1, 2), idx[rows, 1:], reduction="none"
        )  # (b, T-1)
        m = mask[rows]  # (b, T-1)
        loss = (ce * m).sum() / m.sum()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        losses[step] = float(loss.detach())
    return losses


def frozen_copy(model: GPT) -> GPT:
    """A copy of ``model`` in eval mode with gradients off (the reference)."""
    _check_model(model)
    ref = copy.deepcopy(model).eval()
    for p in ref.parameters():
        p.requires_grad_(False)
    return ref


def _check_model(model: object) -> None:
    if not isinstance(model, GPT):
        raise TypeError(f"model must be a GPT, got {type(model).__name__}")
