"""Tests of synth.text_augment: the four EDA edits and the ticket experiment."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.synth import text_augment as ta

TEXT = "my parcel has not arrived and the courier was late, please help"


def test_synonyms_are_symmetric_within_a_group():
    for word, others in ta.SYNONYMS.items():
        assert word not in others
        for other in others:
            assert word in ta.SYNONYMS[other]


def test_synonym_replace_only_swaps_words_for_their_synonyms():
    out = ta.synonym_replace(TEXT, alpha=0.5, seed=0).split()
    words = TEXT.split()
    assert len(out) == len(words)
    changed = [(a, b) for a, b in zip(words, out, strict=True) if a != b]
    assert changed
    for a, b in changed:
        assert b.strip(",") in ta.SYNONYMS[a.strip(",")]


def test_insert_swap_delete_keep_or_change_the_words_as_promised():
    words = TEXT.split()
    inserted = ta.random_insert(TEXT, alpha=0.2, seed=1).split()
    assert len(inserted) == len(words) + round(0.2 * len(words))
    extra = list(inserted)
    for w in words:
        extra.remove(w)
    synonyms = {s for group in ta.SYNONYMS.values() for s in group}
    assert set(extra) <= synonyms
    swapped = ta.random_swap(TEXT, alpha=0.2, seed=2).split()
    assert sorted(swapped) == sorted(words) and swapped != words
    deleted = ta.random_delete(TEXT, alpha=0.3, seed=3).split()
    assert 1 <= len(deleted) < len(words)
    assert all(w in words for w in deleted)
    assert ta.random_delete("one", alpha=1.0, seed=0) == "one"  # one word stays


def test_augment_texts_appends_labelled_copies():
    texts, labels = ["a parcel", "an invoice", "the app crashes"], np.array([3, 0, 1])
    out, y = ta.augment_texts(texts, labels, operations=["swap"], copies=2, seed=0)
    assert out[:3] == texts and len(out) == 9
    np.testing.assert_array_equal(y, np.tile(labels, 3))
    with pytest.raises(ValueError, match="operations"):
        ta.augment_texts(texts, labels, operations="swap")
    with pytest.raises(ValueError, match="operations"):
        ta.augment_texts(texts, labels, operations=["shuffle"])


def test_swap_gives_a_bag_of_words_model_nothing_new():
    runs = ta.ticket_augment_experiment(per_class=3, copies=2, seeds=(0, 1))
    acc = runs.pivot_table(index="seed", columns="training set", values="accuracy")
    # a bag of words cannot see word order: swapped copies are plain copies
    np.testing.assert_allclose(acc["+ swap"], acc["+ plain copies"])
    assert ((acc > 0.25) & (acc <= 1)).all().all()
