"""Prompt engineering, measured: few-shot curves, chain of thought, prompt frameworks.

Every experiment takes ``lm``, anything with ``complete(prompts, max_tokens, stop=)``:
the workbook's model in process (:class:`~helpers.llm.harness_lm.LocalLM`) or any
OpenAI-compatible server (:class:`~helpers.llm.openai_client.OpenAIClient`), so the
same cells measure a stronger model when ``WORKBOOK_LLM_BASE_URL`` points at one.

>>> build_prompt("TAG", task="rewrite a word", action="apply the rule", goal="one word")
'Task: rewrite a word\\nAction: apply the rule\\nGoal: one word'
>>> parse_answer(" 12+30=42, 42+7=49. So 49")
49
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from helpers.core.validation import check_int
from helpers.llm import prompting_tasks as pt
from helpers.llm.harness_lm import check_prompts

FRAMEWORKS: dict[str, tuple[str, ...]] = {
    "APE": ("action", "purpose", "expectation"),
    "CARE": ("context", "action", "result", "example"),
    "TRACE": ("task", "request", "action", "context", "example"),
    "TAG": ("task", "action", "goal"),
}
"""Prompt frameworks and their fields, in the order they are written."""
CONDITIONS = (
    "direct, zero-shot",
    "direct, few-shot",
    "CoT, few-shot",
    "CoT, zero-shot",
)
"""The chain-of-thought comparison's prompts."""


def build_prompt(framework: str, *, query: str | None = None, **fields: str) -> str:
    """The prompt of ``framework``: one ``Field: text`` line per field in the
    framework's order (an ``example`` field's text goes on its own lines), then
    ``query`` as is."""
    if framework not in FRAMEWORKS:
        raise ValueError(
            f"unknown framework {framework!r}; choose one of {list(FRAMEWORKS)}"
        )
    names = FRAMEWORKS[framework]
    missing = [n for n in names if n not in fields]
    extra = sorted(set(fields) - set(names))
    if missing or extra:
        raise ValueError(
            f"{framework} takes the fields {list(names)}; missing {missing}, "
            f"unknown {extra}"
        )
    for name, text in fields.items():
        if not isinstance(text, str) or not text.strip():
            raise TypeError(f"field {name!r} must be a non-empty string")
    lines = []
    for name in names:
        sep = ":\n" if name == "example" else ": "
        lines.append(f"{name.capitalize()}{sep}{fields[name].strip()}")
    if query is not None:
        if not isinstance(query, str) or not query:
            raise TypeError("query must be a non-empty string")
        lines.append(query)
    return "\n".join(lines)


def _check_lm(lm: object):
    if not callable(getattr(lm, "complete", None)):
        raise TypeError(f"lm must have a complete() method, got {type(lm).__name__}")
    return lm


def few_shot_prompt(rule: str, shots: list[str], word: str) -> str:
    """``k`` example lines of ``rule`` then the query ``"word ->"``."""
    lines = [pt.rule_line(rule, w) for w in shots]
    return "\n".join([*lines, f"{word} ->"])


def shots_curve(lm, words: list[str], shots=(0, 1, 2, 3, 4)) -> pd.DataFrame:
    """Accuracy (exact match) on the hidden-rule task for each number of examples
    and each rule: one row per (shots, rule)."""
    lm = _check_lm(lm)
    words = check_prompts(words, "words")
    shots = [check_int("shots", k, low=0, high=4) for k in shots]  # fits 128
    if len(words) <= max(shots, default=0):
        raise ValueError("words must hold more words than the most shots")
    prompts, truth, keys = [], [], []
    for k in shots:
        for rule in pt.RULES:
            for i, word in enumerate(words):
                examples = [words[(i + j + 1) % len(words)] for j in range(k)]
                prompts.append(few_shot_prompt(rule, examples, word))
                truth.append(pt.apply_rule(rule, word))
                keys.append((k, rule))
    answers = [a.strip() for a in lm.complete(prompts, 11, stop="\n")]
    right = np.array([a == t for a, t in zip(answers, truth, strict=True)])
    frame = pd.DataFrame(keys, columns=["shots", "rule"]).assign(correct=right)
    table = frame.groupby(["shots", "rule"], sort=False)["correct"].mean()
    return table.rename("accuracy").reset_index()


def parse_answer(text: str) -> int | None:
    """The final answer of a reply: the number after ``So``, else the first
    integer."""
    if not isinstance(text, str):
        raise TypeError("text must be a string")
    m = re.search(r"So (-?\d+)", text) or re.search(r"-?\d+", text)
    return int(m.group(1) if m.lastindex else m.group()) if m else None


def cot_prompts(sums: list[list[int]], example: list[int]) -> dict[str, list[str]]:
    """The four prompts of each sum: direct and step-by-step, zero- and few-shot
    (one worked example, ``example``)."""
    q = [pt.question(s) for s in sums]
    ex_q = pt.question(example)
    return {
        "direct, zero-shot": [f"{x}\nA:" for x in q],
        "direct, few-shot": [
            f"{ex_q}\nA: {pt.direct_answer(example)}\n{x}\nA:" for x in q
        ],
        "CoT, few-shot": [f"{ex_q}\nA: {pt.cot_answer(example)}\n{x}\nA:" for x in q],
        "CoT, zero-shot": [f"{x}\nA: {pt.TRIGGER}" for x in q],
    }


def cot_comparison(lm, sums: list[list[int]], *, example=(3, 4, 2)):
    """Accuracy of each prompting condition on three-number sums, and the replies
    (a DataFrame: condition, accuracy, stepped (share of replies that show working))
    and the replies per condition."""
    lm = _check_lm(lm)
    if not isinstance(sums, list) or not sums:
        raise TypeError("sums must be a non-empty list of lists of numbers")
    truth = [sum(s) for s in sums]
    prompts = cot_prompts(sums, list(example))
    context = getattr(lm, "context", None)  # a remote model: no limit known here
    rows, replies = [], {}
    for cond in CONDITIONS:
        room = 56 if context is None else context - max(map(len, prompts[cond]))
        got = lm.complete(prompts[cond], min(56, room), stop="\n")
        replies[cond] = got
        right = [parse_answer(a) == t for a, t in zip(got, truth, strict=True)]
        stepped = [("=" in a) or cond == "CoT, zero-shot" for a in got]
        rows.append(
            {
                "condition": cond,
                "accuracy": float(np.mean(right)),
                "shows working": float(np.mean(stepped)),
            }
        )
    return pd.DataFrame(rows), replies


VAGUE = "Change this word.\n{word} ->"
"""The vague prompt: no rule, no example."""


def framework_prompt(framework: str, rule: str, word: str, shots: list[str]) -> str:
    """A short prompt of ``framework`` for the hidden-rule task (the example field,
    where the framework has one, holds ``shots``)."""
    if framework not in FRAMEWORKS:
        raise ValueError(
            f"unknown framework {framework!r}; choose one of {list(FRAMEWORKS)}"
        )
    examples = "\n".join(pt.rule_line(rule, w) for w in shots)
    text = {
        "action": "apply",
        "purpose": "new word",
        "expectation": "one word",
        "context": "rules",
        "result": "one word",
        "example": examples,
        "task": "rewrite",
        "request": "last",
        "goal": "one word",
    }
    fields = {f: text[f] for f in FRAMEWORKS[framework]}
    return build_prompt(framework, query=f"{word} ->", **fields)


def framework_table(lm, words: list[str], *, shots: int = 2) -> pd.DataFrame:
    """Accuracy of each framework's prompt and of the vague prompt on the hidden-rule
    task (all rules), one row each, plus the prompts' length in characters."""
    lm = _check_lm(lm)
    words = check_prompts(words, "words")
    shots = check_int("shots", shots, low=1, high=2)  # TRACE must fit 128 characters
    if len(words) <= shots:
        raise ValueError(f"words must hold more than {shots} words")
    names = [*FRAMEWORKS, "vague"]
    prompts, truth, keys = [], [], []
    for name in names:
        for rule in pt.RULES:
            for i, word in enumerate(words):
                ex = [words[(i + j + 1) % len(words)] for j in range(shots)]
                if name == "vague":
                    prompts.append(VAGUE.format(word=word))
                else:
                    prompts.append(framework_prompt(name, rule, word, ex))
                truth.append(pt.apply_rule(rule, word))
                keys.append(name)
    answers = [a.strip() for a in lm.complete(prompts, 11, stop="\n")]
    frame = pd.DataFrame(
        {
            "prompt": keys,
            "correct": [a == t for a, t in zip(answers, truth, strict=True)],
            "characters": [len(p) for p in prompts],
        }
    )
    out = frame.groupby("prompt", sort=False).agg(
        accuracy=("correct", "mean"), characters=("characters", "mean")
    )
    out["has examples"] = ["example" in FRAMEWORKS.get(n, ()) for n in out.index]
    return out.reset_index()
