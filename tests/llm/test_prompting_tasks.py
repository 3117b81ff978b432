"""prompting_tasks: formats, rules and the held-out split."""

from __future__ import annotations

import pytest

from helpers.llm import prompting_tasks as pt


def test_rules_and_formats():
    assert [pt.apply_rule(r, "abc") for r in pt.RULES] == ["ABC", "cba", "abcabc", "a"]
    assert pt.question([1, 2, 3]) == "Q: 1+2+3"
    assert pt.cot_answer([1, 2, 3]).endswith("1+2=3, 3+3=6. So 6")
    assert pt.parity_line(7) == "Number: 7\nParity: odd"
    with pytest.raises(ValueError, match="rule must be one of"):
        pt.apply_rule("shout", "abc")


def test_held_out_items_never_appear_in_training_documents():
    docs = pt.training_documents(3000, seed=0)
    text = "\n".join(docs)
    for nums in pt.heldout_sums(20):
        assert pt.question(nums) + "\n" not in text
    lines = set(text.split("\n"))
    for w in pt.heldout_words(20):
        assert not any(ln.startswith(f"{w} -> ") for ln in lines)
    assert all(pt.is_heldout(str(n)) for n in pt.heldout_numbers(10))


def test_documents_are_deterministic_and_ascii():
    a, b = pt.training_documents(50, seed=3), pt.training_documents(50, seed=3)
    assert a == b and all(d.isascii() for d in a)
