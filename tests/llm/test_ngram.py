"""Tests for llm/ngram.py: interpolated Kneser-Ney, checked by hand."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.llm.ngram import bits_per_char, fit_ngram, next_char_probs, order_table

RNG = np.random.default_rng(0)
IDS = RNG.integers(0, 5, size=400)


def test_unigram_matches_absolute_discounting_by_hand():
    model = fit_ngram(IDS, order=1, vocab_size=6)
    counts = np.bincount(IDS, minlength=6)
    n1, n2 = np.sum(counts == 1), np.sum(counts == 2)
    d = n1 / (n1 + 2 * n2) if n1 + n2 else 0.5
    expected = (
        np.maximum(counts - d, 0) / counts.sum()
        + d * np.sum(counts > 0) / counts.sum() / 6
    )
    probs = next_char_probs(model, np.arange(6))
    np.testing.assert_allclose(probs, expected)


@pytest.mark.parametrize("order", [2, 3, 4])
def test_probabilities_sum_to_one_in_every_context(order):
    model = fit_ngram(IDS, order=order, vocab_size=6)
    for start in (0, 17, 200):
        context = IDS[start : start + order - 1]
        total = sum(next_char_probs(model, np.append(context, w))[-1] for w in range(6))
        assert total == pytest.approx(1.0, abs=1e-9)


def test_longer_contexts_help_on_repetitive_text():
    ids = np.tile([1, 2, 3, 1, 3, 2], 100)
    bpc = [bits_per_char(fit_ngram(ids, order=o, vocab_size=4), ids) for o in (1, 2, 3)]
    assert bpc[0] > bpc[1] > bpc[2]
    table = order_table(ids, ids, orders=(1, 3), vocab_size=4)
    assert table["bpc"].tolist() == pytest.approx([bpc[0], bpc[2]])
    assert table["n-grams stored"].iloc[1] > table["n-grams stored"].iloc[0]
