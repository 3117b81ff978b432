"""Tests of prepare.text_features against scikit-learn's vectorizers."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from helpers.prepare import text_features as tf

TEXTS = [
    "my parcel never arrived, the parcel is lost",
    "refund my order please",
    "the app crashes when I log in",
    "parcel arrived damaged, refund please",
]


def test_bag_of_words_matches_count_vectorizer():
    counts, vocab = tf.bag_of_words(TEXTS)
    ref = CountVectorizer().fit(TEXTS)
    assert vocab == list(ref.get_feature_names_out())
    assert np.array_equal(counts, ref.transform(TEXTS).toarray())
    assert counts[0, vocab.index("parcel")] == 2


def test_fixed_vocabulary_ignores_other_words():
    counts, vocab = tf.bag_of_words(
        ["refund refund now"], vocabulary=["refund", "parcel"]
    )
    assert vocab == ["refund", "parcel"] and counts.tolist() == [[2.0, 0.0]]


def test_tfidf_matches_sklearn():
    counts, _ = tf.bag_of_words(TEXTS)
    ref = TfidfVectorizer().fit_transform(TEXTS).toarray()
    assert np.allclose(tf.tfidf(counts), ref, atol=1e-12)
    # a word in every text gets idf 1, the smallest weight
    ones = tf.tfidf(np.array([[1.0, 1.0], [1.0, 0.0]]))
    assert ones[0, 0] < ones[0, 1]
    with pytest.raises(ValueError, match="negative"):
        tf.tfidf(-np.ones((2, 2)))


def test_representation_scores_rank_separable_texts():
    rng = np.random.default_rng(0)
    words = {0: ["refund", "invoice", "charge"], 1: ["crash", "login", "screen"]}
    y = np.arange(60) % 2
    texts = [" ".join(rng.choice(words[c], 4)) + " hello thanks" for c in y]
    scores = tf.text_representation_scores(texts, y, n_splits=3)
    assert list(scores.index) == list(tf.REPRESENTATIONS)
    assert (scores == 1.0).all()  # the class words separate perfectly
