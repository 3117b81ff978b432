"""A small evaluation harness: the workbook's models on held-out items of four kinds
of task, the kinds the big benchmarks are made of.

===============  ==========================  =================================
kind             like                        scored by
===============  ==========================  =================================
classification   GLUE / SuperGLUE            log-likelihood of each label
multiple choice  MMLU                        log-likelihood of each option
arithmetic       GSM8K (one step here)       exact match of the final answer
generation       summarisation, translation  BLEU and ROUGE-L against references
===============  ==========================  =================================

Each model is asked in the format it was trained on (lesson 16's models:
``"Q: 12 + 30 = ?\\nA: "`` and ``"Instruction: ..."``; the prompting model:
``"Q: 12+30\\nA: "`` and hidden-rule examples): a format a model never saw measures
the format, not the skill. Items are held out: random words and sums that no training
document contains. Generation is scored with characters as tokens (the answers are
single words), BLEU with exp smoothing.

>>> [t.kind for t in TASKS]
['classification', 'multiple choice', 'arithmetic', 'generation']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.core.validation import check_int
from helpers.llm import prompting_tasks as pt
from helpers.llm import textmetrics
from helpers.llm.harness_lm import LocalLM
from helpers.llm.prompting import parse_answer

STYLES = ("lesson16", "prompting")
"""Prompt formats: lesson 16's task text, or the prompting model's task mix."""
OPERATIONS = ("upper", "reverse", "first")
"""Word operations both formats know."""
_WORDING = {
    "upper": "write in capitals",
    "reverse": "reverse the word",
    "first": "give the first letter of",
}


@dataclass(frozen=True)
class Task:
    """One row of the harness."""

    name: str
    kind: str
    like: str
    metric: str


TASKS = (
    Task("parity", "classification", "GLUE/SuperGLUE", "accuracy"),
    Task("sum options", "multiple choice", "MMLU", "accuracy"),
    Task("sums", "arithmetic", "GSM8K", "exact match"),
    Task("word operations", "generation", "summarisation/translation", "BLEU, ROUGE-L"),
)


def _check_style(style: str) -> str:
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}; choose one of {list(STYLES)}")
    return style


def _check_lm(lm: object) -> LocalLM:
    if not isinstance(lm, LocalLM):
        raise TypeError(f"lm must be a LocalLM, got {type(lm).__name__}")
    return lm


def sum_prompt(a: int, b: int, style: str) -> str:
    """The question of a two-number sum in ``style``, up to where the answer goes."""
    if _check_style(style) == "lesson16":
        return f"Q: {a} + {b} = ?\nA: "
    return f"Q: {a}+{b}\nA: "


def parity_accuracy(lm: LocalLM, numbers, style: str) -> float:
    """Share of numbers whose parity label (" even" / " odd") the model finds more
    likely. lesson 16's models never saw the task: about chance."""
    lm, _ = _check_lm(lm), _check_style(style)
    ctx = [f"Number: {n}\nParity:" for n in numbers]
    even = np.array(lm.loglik(ctx, [" even"] * len(ctx)))
    odd = np.array(lm.loglik(ctx, [" odd"] * len(ctx)))
    truth = np.array([n % 2 == 1 for n in numbers])
    return float(np.mean((odd > even) == truth))


def choice_accuracy(lm: LocalLM, pairs, style: str) -> float:
    """Four options per sum (the answer, +1, -1, +10), the most likely one wins."""
    lm = _check_lm(lm)
    ctx, opts = [], []
    for a, b in pairs:
        s = a + b
        for o in (s, s + 1, s - 1, s + 10):
            ctx.append(sum_prompt(a, b, style))
            opts.append(str(o))
    ll = np.array(lm.loglik(ctx, opts)).reshape(len(pairs), 4)  # (items, options)
    return float(np.mean(ll.argmax(axis=1) == 0))


def first_int(text: str) -> int | None:
    """The first integer in ``text`` (None when there is none)."""
    m = re.search(r"-?\d+", text)
    return int(m.group()) if m else None


def sum_exact_match(lm: LocalLM, pairs, style: str, *, max_tokens: int = 48) -> float:
    """Greedy answers to sums, exact match of the final answer (the number after
    "So" when the model shows its working, else the first integer), as GSM8K
    scores."""
    lm = _check_lm(lm)
    max_tokens = check_int("max_tokens", max_tokens, low=1, high=4096)
    prompts = [sum_prompt(a, b, style) for a, b in pairs]
    room = lm.context - max(len(p) for p in prompts)
    answers = lm.complete(prompts, max(1, min(max_tokens, room)), stop="\n")
    got = [parse_answer(t) for t in answers]
    return float(np.mean([g == a + b for g, (a, b) in zip(got, pairs, strict=True)]))


def word_prompt(op: str, word: str, style: str, *, shots: list[str]) -> str:
    """A word operation: lesson 16's instruction, or hidden-rule examples."""
    if _check_style(style) == "lesson16":
        return f"Instruction: {_WORDING[op]} {word}.\nResponse: "
    lines = [pt.rule_line(op, w) for w in shots]
    return "\n".join([*lines, f"{word} ->"])


def word_generation(lm: LocalLM, words, style: str, *, shots: int = 3) -> dict:
    """Greedy answers to word operations: exact match, BLEU and ROUGE-L (F1) with
    characters as tokens."""
    lm = _check_lm(lm)
    shots = check_int("shots", shots, low=0, high=6)
    words = list(words)
    prompts, refs = [], []
    for i, word in enumerate(words):
        for op in OPERATIONS:
            examples = [words[(i + j + 1) % len(words)] for j in range(shots)]
            prompts.append(word_prompt(op, word, style, shots=examples))
            refs.append(pt.apply_rule(op, word))
    answers = [t.strip() for t in lm.complete(prompts, 6, stop="\n")]
    cands = [" ".join(a) for a in answers]
    references = [" ".join(r) for r in refs]
    bleu = textmetrics.corpus_bleu(cands, [[r] for r in references], smoothing="exp")
    rouge = textmetrics.mean_rouge([c or "_" for c in cands], references, kind="rougeL")
    return {
        "exact match": float(
            np.mean([a == r for a, r in zip(answers, refs, strict=True)])
        ),  # fmt: skip
        "BLEU": bleu.score,
        "ROUGE-L": 100 * rouge.f1,
    }


def exact_match(answers: list[str], refs: list[str]) -> float:
    """Share of answers equal to their reference."""
    if len(answers) != len(refs) or not refs:
        raise ValueError("answers and refs must be non-empty and of the same length")
    return float(np.mean([a == r for a, r in zip(answers, refs, strict=True)]))


def held_out_items(n: int = 40, *, seed: int = 1) -> dict:
    """The harness's items: numbers (parity), sums, words; none in any training
    document of the prompting model."""
    n = check_int("n", n, low=4, high=150)
    rng = np.random.default_rng(check_int("seed", seed, low=0, high=2**32 - 1))
    pairs = []
    while len(pairs) < n:
        a, b = (int(x) for x in rng.integers(0, 50, size=2))
        if (a, b) not in pairs:
            pairs.append((a, b))
    return {
        "numbers": pt.heldout_numbers(n, seed=seed),
        "pairs": pairs,
        "words": pt.heldout_words(max(4, n // 4), seed=seed),
    }


def evaluate(lm: LocalLM, style: str, items: dict, *, max_tokens: int = 48) -> dict:
    """Every task's score for one model, as a flat dict (percent); ``max_tokens``
    bounds the answers to sums (room for the working)."""
    gen = word_generation(lm, items["words"], style)
    return {
        "parity (classification)": 100 * parity_accuracy(lm, items["numbers"], style),
        "sum options (multiple choice)": 100
        * choice_accuracy(lm, items["pairs"], style),
        "sums (arithmetic, exact match)": 100
        * sum_exact_match(lm, items["pairs"], style, max_tokens=max_tokens),
        "word operations (exact match)": 100 * gen["exact match"],
        "word operations (BLEU)": gen["BLEU"],
        "word operations (ROUGE-L F1)": gen["ROUGE-L"],
    }


def harness_table(models: dict, items: dict, *, max_tokens: int = 48) -> pd.DataFrame:
    """One row per task, one column per model: ``models`` maps a name to
    ``(LocalLM, style)``."""
    if not isinstance(models, dict) or not models:
        raise TypeError("models must be a non-empty dict of name -> (LocalLM, style)")
    if not isinstance(items, dict) or not {"numbers", "pairs", "words"} <= set(items):
        raise TypeError("items must be the dict of held_out_items")
    cols = {}
    for name, spec in models.items():
        if not isinstance(spec, tuple) or len(spec) != 2:
            raise TypeError(f"models[{name!r}] must be a (LocalLM, style) tuple")
        cols[name] = evaluate(*spec, items, max_tokens=max_tokens)
    table = pd.DataFrame(cols)
    table.index.name = "task (score, %)"
    return table
