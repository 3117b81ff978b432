"""Text as numbers: bag of words and TF-IDF (lesson 03; lesson 08 builds on them).

:func:`bag_of_words` counts each vocabulary word per text, :func:`tfidf` reweights the
counts by how rare each word is across the texts, written out in NumPy (the tests check
it against scikit-learn's ``TfidfVectorizer``), and :func:`text_representation_scores`
cross-validates a classifier on each representation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline

from helpers.core.validation import check_array, check_int, check_labels

MAX_TEXTS = 100_000
TOKEN = re.compile(r"(?u)\b\w\w+\b")
"""Words of two or more letters or digits (scikit-learn's default token pattern)."""
REPRESENTATIONS = ("word present (0/1)", "word counts", "TF-IDF")


def _check_texts(texts: Sequence[str]) -> list[str]:
    if isinstance(texts, str) or not isinstance(texts, Sequence):
        raise TypeError("texts must be a list of strings")
    if not texts:
        raise ValueError("texts must hold at least one string")
    if len(texts) > MAX_TEXTS:
        raise ValueError(
            f"texts must hold at most {MAX_TEXTS} strings, got {len(texts)}"
        )
    if not all(isinstance(t, str) for t in texts):
        raise TypeError("texts must hold only strings")
    return list(texts)


def tokenize(text: str) -> list[str]:
    """Lower-cased words of ``text`` (two or more characters)."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    return TOKEN.findall(text.lower())


def bag_of_words(
    texts: Sequence[str], *, vocabulary: Sequence[str] | None = None
) -> tuple[np.ndarray, list[str]]:
    """Word counts, shape ``(n_texts, n_words)``, and the vocabulary (sorted words of
    ``texts`` unless given; words outside it are ignored)."""
    texts = _check_texts(texts)
    tokens = [tokenize(t) for t in texts]
    if vocabulary is None:
        vocab = sorted({w for ts in tokens for w in ts})
    else:
        vocab = _check_texts(vocabulary)
    if not vocab:
        raise ValueError("the vocabulary is empty: no text holds a word")
    index = {w: j for j, w in enumerate(vocab)}
    counts = np.zeros((len(texts), len(vocab)))  # (n_texts, n_words)
    for i, ts in enumerate(tokens):
        for w in ts:
            if w in index:
                counts[i, index[w]] += 1
    return counts, vocab


def tfidf(counts: np.ndarray) -> np.ndarray:
    """TF-IDF of a count matrix ``(n_texts, n_words)``: each count times
    ``idf = ln((1 + n) / (1 + df)) + 1`` (``df``: texts holding the word), then each
    row scaled to unit length. Common words weigh less, rare ones more."""
    counts = check_array("counts", counts, ndim=2)
    if (counts < 0).any():
        raise ValueError("counts must not be negative")
    n = counts.shape[0]
    df = (counts > 0).sum(axis=0)  # (n_words,)
    idf = np.log((1 + n) / (1 + df)) + 1  # (n_words,)
    weighted = counts * idf  # (n_texts, n_words)
    norm = np.linalg.norm(weighted, axis=1, keepdims=True)  # (n_texts, 1)
    return np.divide(weighted, norm, out=np.zeros_like(weighted), where=norm > 0)


def text_representation_scores(
    texts: Sequence[str], y: np.ndarray, *, n_splits: int = 5, seed: int = 0
) -> pd.Series:
    """Cross-validated accuracy of logistic regression on each of
    :data:`REPRESENTATIONS` (the vectorizer is fitted inside each fold)."""
    texts = _check_texts(texts)
    y = check_labels("y", y)
    if y.size != len(texts):
        raise ValueError(
            f"texts and y must have the same length: {len(texts)}, {y.size}"
        )
    n_splits = check_int("n_splits", n_splits, low=2, high=20)
    cv = StratifiedKFold(
        n_splits, shuffle=True, random_state=check_int("seed", seed, low=0)
    )
    vectorizers = {
        "word present (0/1)": CountVectorizer(binary=True),
        "word counts": CountVectorizer(),
        "TF-IDF": TfidfVectorizer(),
    }
    scores = {
        name: cross_val_score(
            make_pipeline(vec, LogisticRegression(max_iter=1000)), texts, y, cv=cv
        ).mean()
        for name, vec in vectorizers.items()
    }
    return pd.Series(scores, name="cross-validated accuracy")
