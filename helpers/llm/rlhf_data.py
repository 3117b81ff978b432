"""The task of lesson 18's RLHF part: prompts, noisy human demonstrations, and the
rule that stands in for human raters.

Prompts are one-digit sums (``"Q: 3 + 4 = ?\\nA:"``) and, for a share of them,
questions that cannot be answered because one operand is a letter
(``"Q: 3 + x = ?\\nA:"``). Every prompt has the same length, so a batch of them
needs no padding. A response is what follows ``A:`` up to the end-of-text token.

>>> p = Prompt(3, 4)
>>> p.text, rule_score(p, " 7"), rule_score(p, " 7, I think"), rule_score(p, " 8")
('Q: 3 + 4 = ?\\nA:', 1.0, 0.3, -1.0)
>>> rule_score(Prompt(3, None), DECLINE), rule_score(Prompt(3, None), " 5")
(1.0, -1.0)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from helpers.core.validation import check_int, check_real

DECLINE = " unknown"
"""The response that declines to answer."""
RAMBLE = (", I think", " or so", ", maybe", " I guess")
"""Filler a rambling demonstrator appends to an answer."""
LETTERS = "xyzabn"
"""Letters that make a question unanswerable."""
PROMPT_CHARS = len("Q: 3 + 4 = ?\nA:")
MAX_OPERAND = 4
"""Operands of generated prompts are 0..MAX_OPERAND (a tiny model learns them)."""
MAX_PROMPTS = 100_000

SCORES = {
    "correct": 1.0,
    "rambling": 0.3,
    "declined": 0.0,
    "wrong": -1.0,
    "declined (unanswerable)": 1.0,
    "guessed (unanswerable)": -1.0,
}
"""The rule's score for each kind of response (:func:`response_kind`)."""


@dataclass(frozen=True)
class Prompt:
    """A question ``a + b``; ``b`` None means it holds a letter (unanswerable)."""

    a: int
    b: int | None
    letter: str = "x"

    def __post_init__(self) -> None:
        check_int("a", self.a, low=0, high=9)
        if self.b is not None:
            check_int("b", self.b, low=0, high=9)
        if not isinstance(self.letter, str) or self.letter not in LETTERS:
            raise ValueError(
                f"letter must be one of {list(LETTERS)}, got {self.letter!r}"
            )

    @property
    def answerable(self) -> bool:
        return self.b is not None

    @property
    def text(self) -> str:
        second = self.letter if self.b is None else str(self.b)
        return f"Q: {self.a} + {second} = ?\nA:"

    @property
    def answer(self) -> str:
        """The correct concise response (declining when unanswerable)."""
        return DECLINE if self.b is None else f" {self.a + self.b}"


def make_prompts(n: int, *, unanswerable: float = 0.25, seed: int = 0) -> list[Prompt]:
    """``n`` random prompts with operands in ``0..MAX_OPERAND``, a share
    ``unanswerable`` of them with a letter."""
    n = check_int("n", n, low=1, high=MAX_PROMPTS)
    unanswerable = check_real("unanswerable", unanswerable, low=0, high=1)
    seed = check_int("seed", seed, low=0, high=2**32 - 1)
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        a, b = (int(v) for v in rng.integers(0, MAX_OPERAND + 1, size=2))
        if rng.random() < unanswerable:
            out.append(Prompt(a, None, LETTERS[int(rng.integers(len(LETTERS)))]))
        else:
            out.append(Prompt(a, b))
    return out


def response_kind(prompt: Prompt, response: str) -> str:
    """What a response is, for the rule: correct, rambling, declined, wrong, or
    declined/guessed on an unanswerable question."""
    _check_prompt(prompt)
    if not isinstance(response, str):
        raise TypeError(f"response must be a string, got {type(response).__name__}")
    declined = response.strip() == DECLINE.strip()
    if not prompt.answerable:
        return "declined (unanswerable)" if declined else "guessed (unanswerable)"
    if declined:
        return "declined"
    head = response.strip().split(",")[0].split(" ")[0]
    if head != str(prompt.a + prompt.b) or not response.startswith(" "):
        return "wrong"
    return "correct" if response == prompt.answer else "rambling"


def rule_score(prompt: Prompt, response: str) -> float:
    """The rule standing in for a human rater: a correct concise answer 1, a correct
    but rambling one 0.3, declining an answerable question 0, a wrong answer -1;
    on an unanswerable question declining scores 1 and anything else -1."""
    return SCORES[response_kind(prompt, response)]


def rule_scores(prompts: Sequence[Prompt], responses: Sequence[str]) -> np.ndarray:
    """:func:`rule_score` of each (prompt, response)."""
    _check_batch(prompts, responses)
    return np.array([rule_score(p, r) for p, r in zip(prompts, responses, strict=True)])


def demonstrate(prompt: Prompt, rng: np.random.Generator) -> str:
    """One noisy human demonstration: on an answerable question 60 % correct and
    concise, 15 % correct but rambling, 15 % wrong (off by one or two), 10 %
    declining; on an unanswerable one 40 % declining and 60 % a guessed number."""
    _check_prompt(prompt)
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy Generator, got {type(rng).__name__}")
    u = rng.random()
    if not prompt.answerable:
        return DECLINE if u < 0.4 else f" {int(rng.integers(0, 2 * MAX_OPERAND + 1))}"
    total = prompt.a + prompt.b
    if u < 0.60:
        return prompt.answer
    if u < 0.75:
        return prompt.answer + RAMBLE[int(rng.integers(len(RAMBLE)))]
    if u < 0.90:
        off = int(rng.choice([-2, -1, 1, 2] if total >= 2 else [1, 2]))
        return f" {total + off}"
    return DECLINE


def demonstrations(prompts: Sequence[Prompt], *, seed: int = 0) -> list[str]:
    """One :func:`demonstrate` per prompt, seeded."""
    _check_prompts(prompts)
    seed = check_int("seed", seed, low=0, high=2**32 - 1)
    rng = np.random.default_rng(seed)
    return [demonstrate(p, rng) for p in prompts]


@dataclass
class Pairs:
    """Preference pairs: for each prompt a ``chosen`` and a ``rejected`` response."""

    prompts: list[Prompt]
    chosen: list[str]
    rejected: list[str]

    def __post_init__(self) -> None:
        _check_prompts(self.prompts)
        n = len(self.prompts)
        for name in ("chosen", "rejected"):
            value = getattr(self, name)
            if not isinstance(value, list) or not all(
                isinstance(r, str) for r in value
            ):
                raise TypeError(f"{name} must be a list of strings")
            if len(value) != n:
                raise ValueError(
                    f"{name} must hold one response per prompt ({n}), got {len(value)}"
                )

    def __len__(self) -> int:
        return len(self.prompts)


def label_pairs(
    prompts: Sequence[Prompt],
    first: Sequence[str],
    second: Sequence[str],
    scores_first: np.ndarray,
    scores_second: np.ndarray,
) -> Pairs:
    """Pairs whose preferred side has the higher score (ties dropped): the scores
    come from the rule (human stand-in) or from a judge (RLAIF)."""
    _check_batch(prompts, first)
    _check_batch(prompts, second)
    sa, sb = (np.asarray(s, dtype=float) for s in (scores_first, scores_second))
    if sa.shape != (len(prompts),) or sb.shape != (len(prompts),):
        raise ValueError(f"scores must hold one value per prompt ({len(prompts)})")
    if not (np.isfinite(sa).all() and np.isfinite(sb).all()):
        raise ValueError("scores must be finite")
    keep = np.flatnonzero(sa != sb)
    if keep.size == 0:
        raise ValueError("every pair is a tie: no preference to learn from")
    win = sa[keep] > sb[keep]
    return Pairs(
        [prompts[i] for i in keep],
        [first[i] if w else second[i] for i, w in zip(keep, win, strict=True)],
        [second[i] if w else first[i] for i, w in zip(keep, win, strict=True)],
    )


def _check_prompt(prompt: object) -> None:
    if not isinstance(prompt, Prompt):
        raise TypeError(f"prompt must be a Prompt, got {type(prompt).__name__}")


def _check_prompts(prompts: object) -> None:
    if isinstance(prompts, str) or not isinstance(prompts, Sequence):
        raise TypeError("prompts must be a list of Prompt")
    if not prompts:
        raise ValueError("prompts must not be empty")
    if len(prompts) > MAX_PROMPTS:
        raise ValueError(f"prompts must hold at most {MAX_PROMPTS} prompts")
    if not all(isinstance(p, Prompt) for p in prompts):
        raise TypeError("prompts must hold Prompt objects")


def _check_batch(prompts: object, responses: object) -> None:
    _check_prompts(prompts)
    if isinstance(responses, str) or not isinstance(responses, Sequence):
        raise TypeError("responses must be a list of strings")
    if not all(isinstance(r, str) for r in responses):
        raise TypeError("responses must hold strings")
    if len(responses) != len(prompts):
        raise ValueError(
            f"responses must hold one per prompt ({len(prompts)}), got {len(responses)}"
        )
