"""Tests for llm/parallel_text.py: the textbook table."""

from __future__ import annotations

from helpers.llm.parallel_text import TEXTBOOK


def test_three_methods_with_the_same_columns():
    assert [row["method"].split()[0] for row in TEXTBOOK] == [
        "data",
        "tensor",
        "pipeline",
    ]
    keys = set(TEXTBOOK[0])
    assert all(set(row) == keys for row in TEXTBOOK)
    assert {"splits", "communicates", "memory per rank", "fits when"} < keys
