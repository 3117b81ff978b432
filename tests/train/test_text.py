"""helpers.train.text: tokens, the vocabulary's order, padding and cutting."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.train import text as T


def test_tokenize_keeps_words_versions_and_marks():
    assert T.tokenize("App v2.4 CRASHED?! now") == [
        "app",
        "v2.4",
        "crashed",
        "?",
        "!",
        "now",
    ]


def test_tokenize_refuses_a_non_string():
    with pytest.raises(TypeError, match="string"):
        T.tokenize(["a list"])


def test_vocab_orders_by_frequency_then_alphabet_and_drops_rare_words():
    vocab = T.build_vocab(["b a a", "c b a", "d"], min_count=2)
    assert vocab == {"<pad>": 0, "<unk>": 1, "a": 2, "b": 3}
    assert len(T.build_vocab(["a b c d e f"], min_count=1, max_size=4)) == 4


def test_encode_pads_cuts_and_marks_unknown_words():
    vocab = {"<pad>": 0, "<unk>": 1, "hello": 2, "world": 3}
    ids = T.encode(["hello world", "hello there big world"], vocab, max_len=3)
    assert ids.dtype == np.int64
    assert ids.tolist() == [[2, 3, 0], [2, 1, 1]]
    with pytest.raises(TypeError, match="build_vocab"):
        T.encode(["x"], {"x": 5}, max_len=3)
