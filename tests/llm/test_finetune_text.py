"""Lesson 17's fixed tables are consistent with each other."""

from helpers.llm.corpus_data import INSTRUCTIONS, WORDS
from helpers.llm.finetune_text import (
    HELD_OUT_WORDS,
    KEYWORDS,
    SEED_INSTRUCTIONS,
    SEED_TABLE,
    TRAIN_WORDS,
)
from helpers.llm.peft_model import METHODS


def test_seed_table_has_one_row_per_method():
    assert [row["method"] for row in SEED_TABLE] == list(METHODS)


def test_seed_wordings_start_with_lesson_16s_and_name_one_operation():
    for wording, op in INSTRUCTIONS:
        assert SEED_INSTRUCTIONS[op][0] == wording
    for op, wordings in SEED_INSTRUCTIONS.items():
        for w in wordings:
            hits = [o for o, keys in KEYWORDS.items() if any(k in w for k in keys)]
            assert hits == [op], w


def test_held_out_words_are_new():
    assert not set(HELD_OUT_WORDS) & set(WORDS)
    assert set(TRAIN_WORDS) <= set(WORDS)
    assert all(3 <= len(w) <= 6 for w in HELD_OUT_WORDS + TRAIN_WORDS)
