"""Self-instruct data: parsing, filtering with counts, answers by program, greedy
answers and exact match, and instruction tuning lowering its loss."""

import numpy as np
import pytest

from helpers.llm.finetune_text import HELD_OUT_WORDS, SEED_INSTRUCTIONS
from helpers.llm.instruct import (
    answer,
    exact_match,
    filter_instructions,
    format_pair,
    held_out_instructions,
    instruction_tune,
    model_variants,
    parse_instruction,
    random_words,
    template_instructions,
)
from helpers.llm.peft_model import apply_method
from llm.peft_support import tiny_gpt


def test_parse_instruction_cases():
    assert parse_instruction("write backwards lemon.") == ("reverse", "lemon")
    assert parse_instruction("how many letters in abc.") == ("count", "abc")
    assert parse_instruction("reverse and count abc.") is None  # two operations
    assert parse_instruction("sing the word abc.") is None  # none
    assert parse_instruction("reverse the word abc") is None  # no full stop
    assert parse_instruction("reverse the word elephants.") is None  # 9 letters
    assert parse_instruction("reverse.") is None


def test_every_seed_wording_parses_to_its_operation():
    for op, wordings in SEED_INSTRUCTIONS.items():
        for w in wordings:
            assert parse_instruction(f"{w} tiger.") == (op, "tiger")


def test_filter_counts_each_step():
    cands = [
        "reverse the word abc.",
        "reverse the word abc.",  # duplicate
        "nonsense",  # invalid: no operation, no full stop
        "first letter of something.",  # invalid: a 9-letter word
        "count the letters of abcd.",
        "give the first letter of lemon.",  # 31 characters: over-long
        "first letter of lemon.",  # a held-out word
    ]
    data = filter_instructions(cands, max_chars=26)
    counts = data.counts.set_index("step")
    assert counts["kept"].tolist() == [7, 6, 4, 3, 2]
    assert counts["removed"].tolist() == [0, 1, 2, 1, 1]
    assert data.pairs == [
        format_pair("reverse the word abc.", "cba"),
        format_pair("count the letters of abcd.", "4"),
    ]


def test_held_out_instructions_use_only_held_out_words():
    held = held_out_instructions()
    assert len(held) == 12 * len(HELD_OUT_WORDS)
    assert ("spell backwards tiger.", "regit") in held
    assert all(parse_instruction(i)[1] in HELD_OUT_WORDS for i, _ in held)
    assert not set(random_words(300)) & set(HELD_OUT_WORDS)
    assert len(template_instructions(["ab", "cd"])) == 24


def test_answer_is_greedy_decoding_and_exact_match_counts():
    gpt = tiny_gpt()  # block 24: the prompt is cropped to its last 24 characters
    short = answer(gpt, ["reverse the word abc."], max_chars=3)
    assert len(short) == 1 and len(short[0]) <= 3
    got = answer(gpt, ["reverse the word abc."])  # exact_match's length (10)
    assert got[0].startswith(short[0])
    pairs = [("reverse the word abc.", got[0]), ("reverse the word abd.", "zzzz")]
    assert exact_match(gpt, pairs) == pytest.approx(0.5 if got[0] != "zzzz" else 1)
    lm = apply_method(gpt, "head", input_len=24)
    assert answer(lm, ["reverse the word abc."]) == got


def test_model_variants_and_tuning():
    gpt = tiny_gpt()
    variants = model_variants(gpt, 3, seed=1)
    assert len(variants) == 3 and all(isinstance(v, str) for v in variants)
    model = apply_method(gpt, "full", input_len=24)
    pairs = [format_pair("first letter of abc.", "a")] * 4
    with pytest.raises(ValueError, match="at most 24 characters"):
        instruction_tune(model, pairs, steps=2)
    gpt64 = tiny_gpt(block_size=64)
    model = apply_method(gpt64, "full", input_len=64)
    losses = instruction_tune(model, pairs, steps=25, batch_size=4, lr=1e-2)
    assert losses[-5:].mean() < losses[:5].mean()
    assert np.isfinite(losses).all()
