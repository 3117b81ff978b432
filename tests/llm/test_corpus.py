"""Tests for llm/corpus.py: gathering, cleaning and the task text."""

from __future__ import annotations

import inspect
import re
import textwrap

import pytest

from helpers.llm import corpus
from helpers.llm.tokenizer import EOT


def test_gather_reads_the_docstrings_of_a_module():
    docs = corpus.gather_docstrings(("textwrap",))
    assert docs[0] == inspect.getdoc(textwrap)
    assert inspect.getdoc(textwrap.dedent) in docs
    assert inspect.getdoc(textwrap.TextWrapper.wrap) in docs


def test_cleaning_counts_every_step():
    long = "Return the value of x. " * 4
    docs = [long, long, "short", "caf\u00e9 " * 30, "x\tyz " * 20, "!@#$%^&*() " * 10]
    out = corpus.clean_documents(docs, min_chars=60)
    counts = out.counts.set_index("step")
    assert counts.loc["gathered", "documents"] == 6
    assert counts.loc["ASCII only", "removed"] == 1
    assert counts.loc["exact duplicates removed", "removed"] == 1
    assert counts.loc["length in [60, 4000]", "removed"] == 1  # "short"
    assert counts.loc["letters and spaces >= 60%", "removed"] == 1  # symbols
    assert out.documents[0] == long.rstrip() and "\t" not in out.documents[1]
    assert counts["documents"].iloc[-1] == len(out.documents) == 2
    assert counts["characters"].iloc[-1] == sum(map(len, out.documents))


def test_task_answers_are_right():
    docs = corpus.task_text(200, seed=3)
    assert docs == corpus.task_text(200, seed=3)
    arithmetic = [d for d in docs if d.startswith("Q: ")]
    assert 50 < len(arithmetic) < 150
    for doc in arithmetic:
        a, op, b, answer = re.fullmatch(
            r"Q: (\d+) ([+-]) (\d+) = \?\nA: (-?\d+)", doc
        ).groups()
        assert int(answer) == (int(a) + int(b) if op == "+" else int(a) - int(b))
    for doc in docs:
        if doc.startswith("Instruction: reverse the word "):
            word = doc.split("word ")[1].split(".")[0]
            assert doc.endswith(f"Response: {word[::-1]}")


def test_apply_instruction():
    assert corpus.apply_instruction("reverse", "abc") == "cba"
    assert corpus.apply_instruction("count", "abcd") == "4"
    with pytest.raises(ValueError, match="operation"):
        corpus.apply_instruction("sort", "abc")


def test_build_corpus_splits_by_document():
    built = corpus.build_corpus(n_tasks=100, seed=0)
    train_docs = built.train_text.split(EOT)[:-1]
    val_docs = built.val_text.split(EOT)[:-1]
    assert not set(train_docs) & set(val_docs)
    assert len(set(train_docs)) == len(train_docs)  # each document once
    share = len(val_docs) / (len(train_docs) + len(val_docs))
    assert share == pytest.approx(0.1, abs=0.02)
    tasks = set(corpus.task_text(100, seed=0))
    assert built.n_tasks == len(tasks) < 100  # generated tasks repeat; kept once
    assert built.n_docstrings > 1000
    assert list(corpus.data_mix_table().columns)[0] == "source"


def test_a_document_keeps_its_side_when_others_change():
    full = corpus.build_corpus(n_tasks=50, seed=0)
    fewer = corpus.build_corpus(n_tasks=10, seed=0)
    val_full = set(full.val_text.split(EOT))
    assert set(fewer.val_text.split(EOT)) - val_full <= set(
        corpus.task_text(10, seed=0)
    )
