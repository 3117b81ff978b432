"""harness: scores against hand computations on a tiny random model."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.llm import harness
from llm.openai_support import tiny_lm


@pytest.fixture(scope="module")
def lm():
    return tiny_lm(block_size=64)


ITEMS = harness.held_out_items(8)


def test_parity_and_choice_match_hand_loglik(lm):
    nums = ITEMS["numbers"][:4]
    got = harness.parity_accuracy(lm, nums, "lesson16")
    right = 0
    for n in nums:
        ctx = f"Number: {n}\nParity:"
        odd = lm.loglik([ctx], [" odd"])[0] > lm.loglik([ctx], [" even"])[0]
        right += odd == (n % 2 == 1)
    assert got == right / 4
    a, b = ITEMS["pairs"][0]
    ll = [lm.loglik([f"Q: {a}+{b}\nA: "], [str(o)])[0] for o in (a + b, a + b + 1)]
    assert harness.choice_accuracy(lm, [(a, b)], "prompting") in (0.0, 1.0)
    assert np.isfinite(ll).all()


def test_exact_match_and_generation(lm):
    assert harness.first_int("x 12 y 3") == 12 and harness.first_int("no") is None
    assert harness.exact_match(["a", "b"], ["a", "c"]) == 0.5
    gen = harness.word_generation(lm, ITEMS["words"], "prompting")
    assert set(gen) == {"exact match", "BLEU", "ROUGE-L"}
    assert 0 <= gen["BLEU"] <= 100 and 0 <= gen["ROUGE-L"] <= 100


def test_harness_table_shape(lm):
    table = harness.harness_table(
        {"a": (lm, "lesson16"), "b": (lm, "prompting")}, ITEMS
    )
    assert list(table.columns) == ["a", "b"] and len(table) == 6
    assert ((table >= 0) & (table <= 100)).all().all()
    with pytest.raises(ValueError, match="unknown style"):
        harness.sum_prompt(1, 2, "chat")
