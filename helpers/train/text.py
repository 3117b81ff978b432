"""Text as token ids for the sequence models: a tokenizer, a vocabulary, padding.

>>> vocab = build_vocab(["the app is slow", "the app crashed"], min_count=1)
>>> encode(["the app is fast!"], vocab, max_len=6).tolist()
[[3, 2, 5, 1, 1, 0]]

Id 0 is padding (:data:`PAD`), id 1 stands for every word outside the vocabulary
(:data:`UNK`); the other ids go to words by falling frequency, ties alphabetically.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

from helpers.core.validation import check_int
from helpers.labels.weak import check_texts

PAD, UNK = 0, 1
TOKEN = re.compile(r"[a-z0-9]+(?:\.[0-9]+)*|[!?]")
MAX_LEN = 10_000
MAX_VOCAB = 1_000_000


def tokenize(text: str) -> list[str]:
    """Lower-case words, numbers (``v2.4`` keeps its dot) and ``!``/``?``.

    >>> tokenize("Refund, please!! v2.4")
    ['refund', 'please', '!', '!', 'v2.4']
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    return TOKEN.findall(text.lower())


def build_vocab(
    texts: Sequence[str], *, min_count: int = 2, max_size: int = 20_000
) -> dict[str, int]:
    """Token -> id for the tokens seen at least ``min_count`` times in ``texts``
    (at most ``max_size`` ids, padding and unknown included)."""
    texts = check_texts("texts", texts)
    min_count = check_int("min_count", min_count, low=1, high=MAX_VOCAB)
    max_size = check_int("max_size", max_size, low=3, high=MAX_VOCAB)
    counts = Counter(tok for text in texts for tok in tokenize(text))
    kept = sorted(
        (t for t, c in counts.items() if c >= min_count), key=lambda t: (-counts[t], t)
    )
    vocab = {"<pad>": PAD, "<unk>": UNK}
    for token in kept[: max_size - 2]:
        vocab[token] = len(vocab)
    return vocab


def encode(texts: Sequence[str], vocab: dict[str, int], *, max_len: int) -> np.ndarray:
    """Token ids, shape ``(len(texts), max_len)``: cut after ``max_len`` tokens,
    padded with :data:`PAD` after the text."""
    texts = check_texts("texts", texts)
    if not isinstance(vocab, dict) or vocab.get("<pad>") != PAD:
        raise TypeError("vocab must be a dict made by build_vocab")
    max_len = check_int("max_len", max_len, low=1, high=MAX_LEN)
    ids = np.zeros((len(texts), max_len), dtype=np.int64)  # (n, max_len)
    for i, text in enumerate(texts):
        row = [vocab.get(tok, UNK) for tok in tokenize(text)][:max_len]
        ids[i, : len(row)] = row
    return ids
