"""Tests for llm/corpus_data.py: the module list and the data-mix table."""

from __future__ import annotations

import importlib

from helpers.llm.corpus_data import DATA_MIX, INSTRUCTIONS, STDLIB_MODULES, WORDS


def test_every_module_imports_and_none_repeats():
    assert len(set(STDLIB_MODULES)) == len(STDLIB_MODULES) >= 80
    for name in STDLIB_MODULES:
        importlib.import_module(name)


def test_the_data_mix_names_the_four_kinds_of_the_seed():
    kinds = [row["source"] for row in DATA_MIX]
    assert kinds == [
        "public web text",
        "curated professional sources",
        "company data",
        "user-generated content",
    ]
    assert all(set(row) == set(DATA_MIX[0]) for row in DATA_MIX)


def test_instructions_and_words_are_plain_ascii():
    assert {op for _, op in INSTRUCTIONS} == {"reverse", "upper", "count", "first"}
    assert all(w.isascii() and w.isalpha() for w in WORDS)
