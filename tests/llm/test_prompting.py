"""prompting: frameworks, the few-shot curve and the CoT comparison, checked with
oracles whose answers are known."""

from __future__ import annotations

import pytest

from helpers.llm import prompting as pr
from helpers.llm import prompting_tasks as pt
from llm.prompting_support import RuleOracle, SumOracle

WORDS = pt.heldout_words(8)


def test_build_prompt_orders_fields_and_refuses_unknown_frameworks():
    text = pr.build_prompt(
        "CARE", context="c", action="a", result="r", example="x -> X", query="y ->"
    )
    assert text == "Context: c\nAction: a\nResult: r\nExample:\nx -> X\ny ->"
    with pytest.raises(ValueError, match=r"choose one of \['APE', 'CARE', 'TRACE'"):
        pr.build_prompt("RISEN", role="x")
    with pytest.raises(ValueError, match=r"missing \['goal'\]"):
        pr.build_prompt("TAG", task="t", action="a")
    with pytest.raises(ValueError, match=r"unknown \['mood'\]"):
        pr.build_prompt("TAG", task="t", action="a", goal="g", mood="m")


def test_shots_curve_bookkeeping_with_an_oracle():
    curve = pr.shots_curve(RuleOracle(), WORDS, shots=(0, 1, 3))
    assert len(curve) == 3 * len(pt.RULES)
    assert (curve.loc[curve["shots"] == 0, "accuracy"] == 0).all()
    assert (curve.loc[curve["shots"] > 0, "accuracy"] == 1).all()


def test_cot_comparison_with_an_oracle():
    sums = pt.heldout_sums(6)
    table, replies = pr.cot_comparison(SumOracle(), sums)
    acc = dict(zip(table["condition"], table["accuracy"], strict=True))
    assert acc["CoT, zero-shot"] == 1 and acc["direct, zero-shot"] == 0
    assert acc["CoT, few-shot"] == 1  # the worked example holds the trigger
    assert acc["direct, few-shot"] == 0
    assert len(replies["CoT, few-shot"]) == 6


def test_parse_answer():
    assert pr.parse_answer(" 12+30=42, 42+7=49. So 49") == 49
    assert pr.parse_answer(" 81") == 81 and pr.parse_answer("no") is None


def test_framework_prompts_fit_the_context_and_table():
    longest = max(
        len(pr.framework_prompt(f, "double", "abcde", ["abcde", "abcde"])) + 11
        for f in pr.FRAMEWORKS
    )
    assert longest <= 128
    table = pr.framework_table(RuleOracle(), WORDS)
    acc = dict(zip(table["prompt"], table["accuracy"], strict=True))
    assert acc["CARE"] == acc["TRACE"] == 1  # they carry examples
    assert acc["APE"] == acc["TAG"] == acc["vague"] == 0
