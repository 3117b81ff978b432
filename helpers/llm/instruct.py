"""Instruction data made self-instruct style, and instruction tuning.

1. Seed wordings (:data:`helpers.llm.finetune_text.SEED_INSTRUCTIONS`), written by
   hand, fill templates ``"<wording> <word>."``;
2. the pretrained model writes variants: it continues the start of a seed wording;
3. a filter drops duplicates, invalid instructions (no operation, two operations,
   no word of 3-6 letters to act on) and over-long ones, counting each;
4. the response of each kept instruction is computed by a program (the operation
   applied to the word), so every response is right by construction.

>>> parse_instruction("spell backwards tiger.")
('reverse', 'tiger')
>>> format_pair("spell backwards tiger.", "regit")
'Instruction: spell backwards tiger.\\nResponse: regit'
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch
from torch.nn import functional as F  # noqa: N812 - the usual name

from helpers.core.validation import check_int, check_real
from helpers.llm.corpus import apply_instruction
from helpers.llm.finetune_text import (
    HELD_OUT_WORDS,
    KEYWORDS,
    SEED_INSTRUCTIONS,
    TRAIN_WORDS,
)
from helpers.llm.model import GPT
from helpers.llm.peft_model import PeftModel
from helpers.llm.tokenizer import EOT, decode, encode

MAX_INSTRUCTION = 34
"""Longest instruction kept, in characters (with a word of at most 6 letters,
prompt, answer and end mark fit the 64-character context)."""


def parse_instruction(text: str) -> tuple[str, str] | None:
    """(operation, word) of an instruction ``"<wording> <word>."``, or None when it
    names no operation or several, or has no lower-case word to act on."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    if not text.endswith(".") or "\n" in text:
        return None
    words = text[:-1].split()
    if len(words) < 2 or not (words[-1].isalpha() and words[-1].islower()):
        return None
    if not 3 <= len(words[-1]) <= 6:
        return None
    wording = " ".join(words[:-1])
    ops = [op for op, keys in KEYWORDS.items() if any(k in wording for k in keys)]
    return (ops[0], words[-1]) if len(ops) == 1 else None


def format_pair(instruction: str, response: str) -> str:
    """The text the model reads: ``Instruction: ...\\nResponse: ...``."""
    if not isinstance(instruction, str) or not isinstance(response, str):
        raise TypeError("instruction and response must be strings")
    return f"Instruction: {instruction}\nResponse: {response}"


def template_instructions(words=TRAIN_WORDS) -> list[str]:
    """Every seed wording with every word: ``"<wording> <word>."``."""
    if (
        isinstance(words, str)
        or not words
        or not all(isinstance(w, str) for w in words)
    ):
        raise TypeError("words must be a non-empty list of strings")
    return [
        f"{w} {word}."
        for ws in SEED_INSTRUCTIONS.values()
        for w in ws
        for word in words
    ]


@torch.no_grad()
def model_variants(
    model: GPT, n: int = 200, *, temperature: float = 1.0, seed: int = 0
) -> list[str]:
    """``n`` instructions the pretrained ``model`` writes: each continues the first
    few words of a random seed wording, sampled until a full stop or 40 characters."""
    if not isinstance(model, GPT):
        raise TypeError(f"model must be a GPT, got {type(model).__name__}")
    n = check_int("n", n, low=1, high=10_000)
    temperature = check_real("temperature", temperature, low=0, high=10, open_low=True)
    seed = check_int("seed", seed, low=0, high=2**32 - 1)
    rng = np.random.default_rng(seed)
    gen = torch.Generator().manual_seed(seed)
    wordings = [w for ws in SEED_INSTRUCTIONS.values() for w in ws]
    starts = []
    for _ in range(n):
        words = wordings[int(rng.integers(len(wordings)))].split()
        starts.append(" ".join(words[: int(rng.integers(1, len(words) + 1))]))
    out = [""] * n
    for start in sorted(set(starts)):  # one batch per distinct start
        rows = [i for i, s in enumerate(starts) if s == start]
        idx = torch.as_tensor(encode("Instruction: " + start))[None]  # (1, T)
        idx = idx.expand(len(rows), -1)  # (b, T)
        gen_ids = model.generate(idx, 40, temperature=temperature, generator=gen)
        for r, ids in zip(
            rows, gen_ids[:, len("Instruction: ") :].numpy(), strict=True
        ):
            text = decode(ids)
            cut = [
                i for i in (text.find("."), text.find("\n"), text.find(EOT)) if i >= 0
            ]
            out[r] = text[: min(cut) + 1] if cut else text
    return out


@dataclass
class InstructionData:
    """Synthetic instruction/response pairs and what the filter removed."""

    pairs: list[str]  # formatted pairs (instruction and response)
    counts: pd.DataFrame  # step, kept, removed


def filter_instructions(
    candidates: list[str], *, max_chars: int = MAX_INSTRUCTION, exclude=HELD_OUT_WORDS
) -> InstructionData:
    """Drop duplicates, invalid and over-long instructions (and any that use a
    held-out word), counting each step; answer the rest by program."""
    if (
        isinstance(candidates, str)
        or not isinstance(candidates, list)
        or not candidates
    ):
        raise TypeError("candidates must be a non-empty list of strings")
    if not all(isinstance(c, str) for c in candidates):
        raise TypeError("candidates must hold strings")
    max_chars = check_int("max_chars", max_chars, low=8, high=1000)
    rows = [("generated", len(candidates), 0)]

    def step(name: str, kept: list[str]) -> list[str]:
        rows.append((name, len(kept), rows[-1][1] - len(kept)))
        return kept

    kept = step(
        "duplicates removed", list(dict.fromkeys(c.strip() for c in candidates))
    )
    kept = step(
        "invalid removed", [c for c in kept if parse_instruction(c) is not None]
    )
    kept = step("over-long removed", [c for c in kept if len(c) <= max_chars])
    kept = step(
        "held-out words removed",
        [c for c in kept if parse_instruction(c)[1] not in exclude],
    )
    pairs = [format_pair(c, apply_instruction(*parse_instruction(c))) for c in kept]
    counts = pd.DataFrame(rows, columns=["step", "kept", "removed"])
    return InstructionData(pairs, counts)


def held_out_instructions() -> list[tuple[str, str]]:
    """(instruction, expected response) for every seed wording and held-out word."""
    return [
        (inst, apply_instruction(*parse_instruction(inst)))
        for inst in template_instructions(HELD_OUT_WORDS)
    ]


def _lm(model) -> PeftModel | GPT:
    if isinstance(model, PeftModel) and model.head is None:
        return model
    if isinstance(model, GPT):
        return model
    raise TypeError("model must be a GPT or a PeftModel without a classification head")


def _logits(model, idx: torch.Tensor) -> torch.Tensor:
    return model(idx) if isinstance(model, PeftModel) else model(idx)[0]  # (B, T, V)


@torch.no_grad()
def answer(model, instructions: list[str], *, max_chars: int = 10) -> list[str]:
    """Greedy responses of ``model`` (a GPT or a language-model PeftModel) to
    ``instructions``, up to a newline, end of text or ``max_chars`` characters."""
    model = _lm(model)
    if isinstance(instructions, str) or not instructions:
        raise TypeError("instructions must be a non-empty list of strings")
    max_chars = check_int("max_chars", max_chars, low=1, high=32)
    was = model.training
    model.eval()
    gpt = model.base if isinstance(model, PeftModel) else model
    block = gpt.config.block_size
    prompts = [encode(format_pair(i, "")) for i in instructions]
    out = [""] * len(prompts)
    for length in sorted({len(p) for p in prompts}):  # batch prompts of one length
        rows = [i for i, p in enumerate(prompts) if len(p) == length]
        idx = torch.as_tensor(np.stack([prompts[i] for i in rows]))  # (b, T)
        for _ in range(max_chars):
            ctx = idx[:, -block:]  # (b, <= block)
            nxt = _logits(model, ctx)[:, -1].argmax(-1, keepdim=True)  # (b, 1)
            idx = torch.cat([idx, nxt], dim=1)  # (b, T+1)
        for r, ids in zip(rows, idx[:, length:].numpy(), strict=True):
            text = decode(ids)
            cut = [i for i in (text.find("\n"), text.find(EOT)) if i >= 0]
            out[r] = text[: min(cut)] if cut else text
    model.train(was)
    return out


def exact_match(model, pairs: list[tuple[str, str]]) -> float:
    """Share of (instruction, expected) pairs the model answers exactly."""
    if not isinstance(pairs, list) or not pairs:
        raise TypeError("pairs must be a non-empty list of (instruction, response)")
    got = answer(model, [p[0] for p in pairs])
    return float(np.mean([g == p[1] for g, p in zip(got, pairs, strict=True)]))


def instruction_tune(
    model: PeftModel,
    pairs: list[str],
    *,
    steps: int = 300,
    batch_size: int = 32,
    lr: float = 3e-3,
    seed: int = 0,
) -> np.ndarray:
    """Train ``model`` (language-model head) on formatted ``pairs``: next-character
    loss on the response and the end-of-text mark only. Returns the losses."""
    if not isinstance(model, PeftModel) or model.head is not None:
        raise TypeError("model must be a PeftModel without a classification head")
    if (
        isinstance(pairs, str)
        or not pairs
        or not all(isinstance(p, str) for p in pairs)
    ):
        raise TypeError("pairs must be a non-empty list of strings")
    steps = check_int("steps", steps, low=1, high=100_000)
    batch_size = check_int("batch_size", batch_size, low=1, high=4096)
    lr = check_real("lr", lr, low=0, high=1, open_low=True)
    seed = check_int("seed", seed, low=0, high=2**32 - 1)
    T = model.settings.input_len  # noqa: N806
    X = np.zeros((len(pairs), T), dtype=np.int64)  # (N, T) inputs  # noqa: N806
    Y = np.full((len(pairs), T), -100, dtype=np.int64)  # (N, T) targets, -100 ignored  # noqa: N806
    for i, pair in enumerate(pairs):
        ids = encode(pair + EOT)
        if len(ids) > T + 1 or "\nResponse: " not in pair:
            raise ValueError(
                f"pairs must be 'Instruction: ...\\nResponse: ...' of at most {T} "
                f"characters (input_len), got {len(ids) - 1}: {pair[:40]!r}"
            )
        start = pair.index("\nResponse: ") + len("\nResponse: ")  # first answer char
        X[i, : len(ids) - 1] = ids[:-1]
        Y[i, start - 1 : len(ids) - 1] = ids[start:]
    X, Y = torch.as_tensor(X), torch.as_tensor(Y)  # noqa: N806
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    opt = torch.optim.AdamW(
        [p for p in model.parameters() if p.requires_grad], lr=lr, weight_decay=0.0
    )
    losses = np.zeros(steps)
    model.train()
    for step in range(steps):
        rows = torch.randint(len(X), (batch_size,), generator=gen)
        logits = model(X[rows])  # (B, T, V)
        loss = F.cross_entropy(
            logits.reshape(-1, logits.shape[-1]), Y[rows].reshape(-1), ignore_index=-100
        )
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        losses[step] = float(loss.detach())
    model.eval()
    return losses


def random_words(n: int = 200, *, seed: int = 0) -> list[str]:
    """``n`` distinct made-up lower-case words of 4-6 letters (none held out), so
    instruction tuning must learn to act on the word it reads, not memorise."""
    n = check_int("n", n, low=1, high=10_000)
    rng = np.random.default_rng(check_int("seed", seed, low=0, high=2**32 - 1))
    letters = list("abcdefghijklmnoprstuvwy")
    out: dict[str, None] = {}
    while len(out) < n:
        word = "".join(rng.choice(letters, size=int(rng.integers(4, 7))))
        if word not in HELD_OUT_WORDS:
            out[word] = None
    return list(out)


@dataclass
class InstructRuns:
    """Self-instruct data, instruction tuning and its effect on held-out ones."""

    counts: pd.DataFrame  # the filter's steps
    n_pairs: int
    from_model: int  # kept instructions the model wrote
    model_examples: list[str]  # a few kept instructions the model wrote
    rejected_examples: list[str]  # a few it wrote that the filter dropped
    method: str
    settings: dict
    state: dict  # trainable tensors after tuning
    losses: np.ndarray
    before: float  # exact match on held-out instructions
    after: float
    by_operation: pd.DataFrame  # operation, before, after
    bpc_before: float
    bpc_after: float
    seconds: float


def instruct_runs(
    base: GPT, val: np.ndarray, *, n_variants: int = 300, n_words: int = 200,
    steps: int = 600, method: str = "full", lr: float = 2e-3,
) -> InstructRuns:  # fmt: skip
    """Generate, filter, tune ``base`` with ``method`` and measure exact match on
    :func:`held_out_instructions` before and after (and bpc on ``val`` ids)."""
    from helpers.llm.finetune import lm_bpc
    from helpers.llm.peft_model import apply_method, trainable_state

    if not isinstance(base, GPT):
        raise TypeError(f"base must be a GPT, got {type(base).__name__}")
    variants = model_variants(base, n_variants)
    words = list(TRAIN_WORDS) + random_words(n_words)
    data = filter_instructions(template_instructions(words) + variants)
    kept = {p.split("\n")[0].removeprefix("Instruction: ") for p in data.pairs}
    templates = set(template_instructions(words))
    written = [v for v in dict.fromkeys(variants) if v in kept and v not in templates]
    dropped = [v for v in dict.fromkeys(variants) if v not in kept]
    held = held_out_instructions()
    settings = {"input_len": 64} | ({"rank": 8, "alpha": 16.0, "targets": "both"}
                                    if method == "lora" else {})  # fmt: skip
    model = apply_method(base, method, **settings)
    start = time.perf_counter()
    losses = instruction_tune(model, data.pairs, steps=steps, lr=lr)
    seconds = time.perf_counter() - start
    ops = [parse_instruction(i)[0] for i, _ in held]
    rows = []
    for op in KEYWORDS:
        sub = [h for h, o in zip(held, ops, strict=True) if o == op]
        rows.append({"operation": op, "before": exact_match(base, sub),
                     "after": exact_match(model, sub)})  # fmt: skip
    by_op = pd.DataFrame(rows)
    return InstructRuns(
        data.counts, len(data.pairs), len(written), written[:8], dropped[:8],
        method, settings, trainable_state(model), losses,
        exact_match(base, held), exact_match(model, held), by_op,
        lm_bpc(apply_method(base, "head", input_len=48), val),
        lm_bpc(model, val), seconds,
    )  # fmt: skip
