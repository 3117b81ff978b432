"""A character-level tokenizer with a fixed vocabulary: the end-of-text character,
newline and the 95 printable ASCII characters (97 tokens). The vocabulary does not
depend on the data, so every lesson and every machine agree on the ids.

>>> ids = encode("Hi!")
>>> ids.tolist(), decode(ids)
([42, 75, 3], 'Hi!')
"""

from __future__ import annotations

import numpy as np

EOT = "\x03"
"""End of text (ASCII ETX): separates documents."""

VOCAB: tuple[str, ...] = (EOT, "\n", *(chr(c) for c in range(32, 127)))
"""Token id -> character."""

VOCAB_SIZE = len(VOCAB)
_INDEX = {ch: i for i, ch in enumerate(VOCAB)}
_LOOKUP = np.full(128, -1, dtype=np.int64)
for _i, _ch in enumerate(VOCAB):
    _LOOKUP[ord(_ch)] = _i
del _i, _ch
MAX_CHARS = 50_000_000


def encode(text: str) -> np.ndarray:
    """Token ids of ``text`` (int64); characters outside the vocabulary are refused."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    if len(text) > MAX_CHARS:
        raise ValueError(f"text must hold at most {MAX_CHARS} characters")
    codes = np.frombuffer(text.encode("utf-8", errors="replace"), dtype=np.uint8)
    if len(codes) != len(text) or (codes.size and codes.max() >= 128):
        bad = sorted({c for c in text if c not in _INDEX})[:5]
        raise ValueError(f"text holds characters outside the vocabulary: {bad}")
    ids = _LOOKUP[codes]
    if (ids < 0).any():
        bad = sorted({c for c in text if c not in _INDEX})[:5]
        raise ValueError(f"text holds characters outside the vocabulary: {bad}")
    return ids


def decode(ids) -> str:
    """The text of token ids (a sequence, array or 1-D tensor of ints)."""
    arr = np.asarray(ids)
    if arr.ndim != 1:
        raise ValueError(f"ids must be 1-D, got shape {arr.shape}")
    if arr.size and (arr.dtype.kind not in "iu"):
        raise TypeError(f"ids must be integers, got dtype {arr.dtype}")
    if arr.size and (arr.min() < 0 or arr.max() >= VOCAB_SIZE):
        raise ValueError(f"ids must be in [0, {VOCAB_SIZE - 1}]")
    return "".join(VOCAB[i] for i in arr.tolist())
