"""The task mix of the prompting model (lesson 18): generated text where in-context
learning and step-by-step arithmetic can be learned by a small character model.

Four kinds of documents, all plain ASCII:

* **hidden-rule examples** -- lines ``"kqe -> KQE"``, every line of a document
  following one rule (:data:`RULES`) that is never named: only the examples say
  which one it is;
* **arithmetic, direct** -- ``"Q: 12+30+7\\nA: 49"``;
* **arithmetic, step by step** --
  ``"Q: 12+30+7\\nA: Let's think step by step. 12+30=42, 42+7=49. So 49"``;
* **parity** -- ``"Number: 37\\nParity: odd"``.

An arithmetic document holds one to three problems in the same style, so a worked
example in the prompt (few-shot) tells the model which style to continue in.

>>> apply_rule("reverse", "abc"), apply_rule("upper", "abc")
('cba', 'ABC')
>>> cot_answer([12, 30, 7])
"Let's think step by step. 12+30=42, 42+7=49. So 49"
"""

from __future__ import annotations

import hashlib
import string

import numpy as np

from helpers.core.validation import check_int, check_real

RULES: tuple[str, ...] = ("upper", "reverse", "double", "first")
"""The hidden rules of the in-context task."""
TRIGGER = "Let's think step by step."
"""The zero-shot chain-of-thought phrase."""
MAX_ITEMS = 100_000
MAX_NUMBER = 49
"""Operands of the arithmetic problems are in [0, MAX_NUMBER]."""


def apply_rule(rule: str, word: str) -> str:
    """``word`` transformed by one of :data:`RULES`."""
    if not isinstance(word, str) or not word:
        raise TypeError("word must be a non-empty string")
    ops = {
        "upper": str.upper,
        "reverse": lambda w: w[::-1],
        "double": lambda w: w + w,
        "first": lambda w: w[0],
    }
    if rule not in ops:
        raise ValueError(f"rule must be one of {list(RULES)}, got {rule!r}")
    return ops[rule](word)


def random_word(rng: np.random.Generator) -> str:
    """A random lowercase string of 3 to 5 letters (not a real word: nothing to
    remember, only the rule to apply)."""
    n = int(rng.integers(3, 6))
    return "".join(rng.choice(list(string.ascii_lowercase), size=n))


def rule_line(rule: str, word: str) -> str:
    """One example line of the hidden-rule task."""
    return f"{word} -> {apply_rule(rule, word)}"


def direct_answer(numbers) -> str:
    """The answer of a sum, without working."""
    return str(sum(_numbers(numbers)))


def cot_answer(numbers) -> str:
    """The answer of a sum worked left to right, one addition per step."""
    nums = _numbers(numbers)
    total, steps = nums[0], []
    for x in nums[1:]:
        steps.append(f"{total}+{x}={total + x}")
        total += x
    return f"{TRIGGER} {', '.join(steps)}. So {total}"


def question(numbers) -> str:
    """The question line of a sum."""
    return "Q: " + "+".join(str(x) for x in _numbers(numbers))


def _numbers(numbers) -> list[int]:
    nums = [int(x) for x in numbers]
    if not 2 <= len(nums) <= 4 or any(x < 0 or x > 999 for x in nums):
        raise ValueError("numbers must hold 2 to 4 integers in [0, 999]")
    return nums


def parity_line(n: int) -> str:
    """``"Number: 37\\nParity: odd"``."""
    n = check_int("n", n, low=0, high=10**6)
    return f"Number: {n}\nParity: {'odd' if n % 2 else 'even'}"


def is_heldout(text: str, fraction: float = 0.2) -> bool:
    """Whether an item belongs to the held-out side (decided by a hash of its text,
    so training never sees an evaluation item)."""
    fraction = check_real("fraction", fraction, low=0, high=1)
    digest = hashlib.sha256(text.encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < fraction


def training_documents(n: int = 20_000, *, seed: int = 0) -> list[str]:
    """``n`` documents of the task mix (held-out items excluded)."""
    n = check_int("n", n, low=1, high=MAX_ITEMS)
    seed = check_int("seed", seed, low=0, high=2**32 - 1)
    rng = np.random.default_rng(seed)
    docs: list[str] = []
    while len(docs) < n:
        kind = rng.random()
        if kind < 0.4:
            rule = RULES[int(rng.integers(len(RULES)))]
            words = [random_word(rng) for _ in range(int(rng.integers(3, 9)))]
            words = [w for w in words if not is_heldout(w)]
            if words:
                docs.append("\n".join(rule_line(rule, w) for w in words))
        elif kind < 0.9:
            cot = rng.random() < 0.5
            parts = []
            for _ in range(int(rng.integers(1, 4))):
                k = 2 if rng.random() < 0.3 else 3
                nums = [int(x) for x in rng.integers(0, MAX_NUMBER + 1, size=k)]
                if k == 3 and is_heldout(question(nums)):
                    continue
                answer = cot_answer(nums) if cot else direct_answer(nums)
                parts.append(f"{question(nums)}\nA: {answer}")
            if parts:
                docs.append("\n".join(parts))
        else:
            x = int(rng.integers(0, 1000))
            if not is_heldout(str(x)):
                docs.append(parity_line(x))
    return docs


def heldout_words(n: int, *, seed: int = 1) -> list[str]:
    """``n`` distinct random words the training documents never contain."""
    n = check_int("n", n, low=1, high=10_000)
    rng = np.random.default_rng(check_int("seed", seed, low=0, high=2**32 - 1))
    words: list[str] = []
    while len(words) < n:
        w = random_word(rng)
        if is_heldout(w) and w not in words:
            words.append(w)
    return words


def heldout_sums(n: int, *, seed: int = 1) -> list[list[int]]:
    """``n`` distinct three-number sums the training documents never contain."""
    n = check_int("n", n, low=1, high=10_000)
    rng = np.random.default_rng(check_int("seed", seed, low=0, high=2**32 - 1))
    out: list[list[int]] = []
    while len(out) < n:
        nums = [int(x) for x in rng.integers(0, MAX_NUMBER + 1, size=3)]
        if is_heldout(question(nums)) and nums not in out:
            out.append(nums)
    return out


def heldout_numbers(n: int, *, seed: int = 1) -> list[int]:
    """``n`` distinct numbers below 1000 whose parity line is never trained on."""
    n = check_int("n", n, low=1, high=150)
    rng = np.random.default_rng(check_int("seed", seed, low=0, high=2**32 - 1))
    pool = [x for x in range(1000) if is_heldout(str(x))]
    return [int(x) for x in rng.choice(pool, size=min(n, len(pool)), replace=False)]
