"""Tests for llm/tokenizer.py: the fixed character vocabulary."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.llm.tokenizer import EOT, VOCAB, VOCAB_SIZE, decode, encode


def test_vocabulary_is_eot_newline_and_printable_ascii():
    assert VOCAB_SIZE == 97 == len(set(VOCAB))
    assert VOCAB[0] == EOT and VOCAB[1] == "\n"
    assert "".join(VOCAB[2:]) == "".join(chr(c) for c in range(32, 127))


def test_round_trip_and_ids():
    text = f"def f(x):\n    return x + 1{EOT}"
    ids = encode(text)
    assert ids.dtype == np.int64 and len(ids) == len(text)
    assert decode(ids) == text
    assert encode(" ").tolist() == [2] and encode("~").tolist() == [96]


@pytest.mark.parametrize("bad", ["café", "tab\there", "\r"])
def test_characters_outside_the_vocabulary_are_refused(bad):
    with pytest.raises(ValueError, match="outside the vocabulary"):
        encode(bad)


def test_decode_refuses_ids_out_of_range():
    with pytest.raises(ValueError):
        decode([0, 97])
