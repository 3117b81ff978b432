"""A smoothed character n-gram model: interpolated Kneser-Ney, in NumPy.

The baseline a neural language model must beat: it predicts the next character from
the previous ``order - 1`` characters, mixing every shorter context in (absolute
discounting, with continuation counts for the lower orders, and a uniform floor).

>>> import numpy as np
>>> ids = np.array([0, 1, 2, 0, 1, 2, 0, 1, 2])
>>> model = fit_ngram(ids, order=3, vocab_size=3)
>>> round(bits_per_char(model, ids), 2) < 1.0
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from helpers.core.validation import check_array, check_int

MAX_ORDER = 8


@dataclass
class NGramModel:
    """Counts of an interpolated Kneser-Ney model, per order k = 1..order.

    ``keys[k-1]`` are the sorted k-gram keys (ids in base ``vocab_size``) and
    ``counts[k-1]`` their counts (raw for the top order, continuation counts below);
    ``ctx_keys``/``ctx_total``/``ctx_types`` describe each (k-1)-character context;
    ``discount[k-1]`` is the absolute discount of order k."""

    order: int
    vocab_size: int
    keys: list[np.ndarray]
    counts: list[np.ndarray]
    ctx_keys: list[np.ndarray]
    ctx_total: list[np.ndarray]
    ctx_types: list[np.ndarray]
    discount: np.ndarray


def _gram_keys(ids: np.ndarray, k: int, base: int) -> np.ndarray:
    """Keys of every k-gram of ``ids``, in order of their last position."""
    n = len(ids) - k + 1
    key = np.zeros(max(n, 0), dtype=np.int64)
    for j in range(k):
        key = key * base + ids[j : j + n]
    return key


def _check_ids(name: str, ids, vocab_size: int) -> np.ndarray:
    arr = check_array(name, ids, ndim=1, dtype=np.int64, min_len=2)
    if arr.min() < 0 or arr.max() >= vocab_size:
        raise ValueError(f"{name} must hold ids in [0, {vocab_size - 1}]")
    return arr


def fit_ngram(ids, *, order: int = 5, vocab_size: int = 97) -> NGramModel:
    """Fit an interpolated Kneser-Ney model of ``order`` on token ids."""
    order = check_int("order", order, low=1, high=MAX_ORDER)
    vocab_size = check_int("vocab_size", vocab_size, low=2, high=1000)
    if vocab_size**order >= 2**62:
        raise ValueError("vocab_size ** order must fit in 62 bits")
    ids = _check_ids("ids", ids, vocab_size)
    keys, counts, ctx_keys, ctx_total, ctx_types, discount = [], [], [], [], [], []
    for k in range(1, order + 1):
        if k == order:
            grams, cnt = np.unique(_gram_keys(ids, k, vocab_size), return_counts=True)
        else:  # continuation count: distinct characters seen before the k-gram
            longer = np.unique(_gram_keys(ids, k + 1, vocab_size))
            grams, cnt = np.unique(longer % vocab_size**k, return_counts=True)
        n1, n2 = np.sum(cnt == 1), np.sum(cnt == 2)
        discount.append(n1 / (n1 + 2 * n2) if n1 + n2 else 0.5)
        ctx, first = np.unique(grams // vocab_size, return_index=True)
        total = np.add.reduceat(cnt, first) if len(cnt) else cnt
        keys.append(grams)
        counts.append(cnt.astype(np.float64))
        ctx_keys.append(ctx)
        ctx_total.append(total.astype(np.float64))
        ctx_types.append(np.diff(np.append(first, len(grams))).astype(np.float64))
    return NGramModel(
        order,
        vocab_size,
        keys,
        counts,
        ctx_keys,
        ctx_total,
        ctx_types,
        np.array(discount),
    )


def _lookup(sorted_keys: np.ndarray, values: np.ndarray, query: np.ndarray):
    pos = np.searchsorted(sorted_keys, query)
    pos = np.minimum(pos, len(sorted_keys) - 1)
    found = sorted_keys[pos] == query
    return np.where(found, values[pos], 0.0)


def next_char_probs(model: NGramModel, ids) -> np.ndarray:
    """P(ids[t] | the ``order - 1`` ids before it) for every t (the first positions
    use the end-of-text id 0 as padding)."""
    if not isinstance(model, NGramModel):
        raise TypeError(f"model must be an NGramModel, got {type(model).__name__}")
    ids = _check_ids("ids", ids, model.vocab_size)
    V, n = model.vocab_size, model.order  # noqa: N806
    padded = np.concatenate([np.zeros(n - 1, dtype=np.int64), ids])
    p = np.full(len(ids), 1.0 / V)
    for k in range(1, n + 1):
        grams = _gram_keys(padded[n - k :], k, V)  # (len(ids),)
        ctx = grams // V
        c_hw = _lookup(model.keys[k - 1], model.counts[k - 1], grams)
        c_h = _lookup(model.ctx_keys[k - 1], model.ctx_total[k - 1], ctx)
        types = _lookup(model.ctx_keys[k - 1], model.ctx_types[k - 1], ctx)
        d = model.discount[k - 1]
        seen = c_h > 0
        safe = np.where(seen, c_h, 1.0)
        mixed = np.maximum(c_hw - d, 0) / safe + d * types / safe * p
        p = np.where(seen, mixed, p)
    return p


def bits_per_char(model: NGramModel, ids) -> float:
    """Mean of -log2 P(next character) over ``ids``."""
    return float(-np.mean(np.log2(next_char_probs(model, ids))))


def order_table(train_ids, val_ids, *, orders=(1, 2, 3, 4, 5), vocab_size: int = 97):
    """Held-out bpc and table size (n-grams stored) of a model per order."""
    import time

    import pandas as pd

    if isinstance(orders, str) or not hasattr(orders, "__iter__"):
        raise TypeError("orders must be a list of n-gram orders")
    orders = [check_int("order", o, low=1, high=MAX_ORDER) for o in orders]
    if not orders:
        raise ValueError("orders must not be empty")
    rows = []
    for order in orders:
        start = time.perf_counter()
        model = fit_ngram(train_ids, order=order, vocab_size=vocab_size)
        bpc = bits_per_char(model, val_ids)
        rows.append(
            {
                "order": order,
                "bpc": bpc,
                "n-grams stored": int(sum(len(k) for k in model.keys)),
                "seconds": time.perf_counter() - start,
            }
        )
    return pd.DataFrame(rows)


def baseline_table(*, orders=(1, 2, 3, 4, 5), seed: int = 0):
    """:func:`order_table` on lesson 16's corpus (through the cache)."""
    from helpers.core import cache
    from helpers.llm.corpus import build_corpus
    from helpers.llm.tokenizer import VOCAB_SIZE, encode

    if isinstance(orders, str) or not hasattr(orders, "__iter__"):
        raise TypeError("orders must be a list of n-gram orders")
    orders = [check_int("order", o, low=1, high=MAX_ORDER) for o in orders]
    seed = check_int("seed", seed, low=0, high=2**32 - 1)

    def compute():
        corpus = build_corpus(seed=seed)
        train, val = encode(corpus.train_text), encode(corpus.val_text)
        return order_table(train, val, orders=orders, vocab_size=VOCAB_SIZE)

    return cache.cached(
        "llm_ngram_orders", compute, params={"orders": orders, "seed": seed}
    )
