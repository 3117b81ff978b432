"""Expected answers of lesson 03's exercises, computed from the lesson's data.

The check cells call these, so no expected value is typed or shown in the notebook.
``tests/prepare/test_solutions_03.py`` checks each against an independent computation.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from helpers.core.validation import check_frame, check_int, check_seeds
from helpers.prepare.features import MAX_FEATURES, selection_leakage
from helpers.prepare.text_features import bag_of_words, tokenize


def train_zscore(train: pd.DataFrame, test: pd.DataFrame, *, column: str) -> float:
    """Exercise 03.1: the first test row's ``column`` standardised with the training
    rows' mean and standard deviation (``ddof=0``, as scikit-learn's scaler)."""
    check_frame(train, [column], name="train")
    check_frame(test, [column], name="test")
    x = train[column].to_numpy(dtype=float)
    return float((test[column].iloc[0] - x.mean()) / x.std())


def one_hot_width(
    train: pd.DataFrame, *, numeric: Sequence[str], categorical: Sequence[str]
) -> int:
    """Exercise 03.2: columns out of scaler + one-hot encoder fitted on ``train``:
    one per numeric column, one per category seen in training."""
    for name, cols in (("numeric", numeric), ("categorical", categorical)):
        if isinstance(cols, str):
            raise TypeError(f"{name} must be a sequence of column names")
    check_frame(train, [*numeric, *categorical], name="train")
    return len(numeric) + int(sum(train[c].nunique() for c in categorical))


SCALER_LEAK_CHOICES = {
    "a": "it stays at chance (at most 0.1 above 0.5): the scaler saw no labels",
    "b": "it rises more than 0.1 above chance, but less than leaky selection did",
    "c": "it rises as high as leaky selection did, or higher",
}
"""The choices of exercise 03.3: where the median test accuracy lands when a scaler
fitted on all rows of pure noise replaces the leaky selection."""

CHANCE_BAND = 0.1
"""03.3: a median accuracy at most this far above 0.5 counts as chance."""


def _scaler_leak_from(scaled: float, selected: float) -> str:
    """03.3's letter from the two medians: scaler on all rows, selection on all rows."""
    if scaled - 0.5 <= CHANCE_BAND:  # no rise above chance (below it is no leak)
        return "a"
    return "b" if scaled < selected else "c"


def scaler_leak_letter(
    *, n_features: int = 1000, n_samples: int = 200, seeds: Any = range(5)
) -> str:
    """Exercise 03.3: scale ALL rows of pure noise, then split and fit logistic
    regression. (a) the median test accuracy stays at most 0.1 above chance; (b) it
    rises further, but stays below the leaky selection's median on the same data
    (:func:`~helpers.prepare.features.selection_leakage`, k = 10); (c) it reaches it."""
    n_features = check_int("n_features", n_features, low=10, high=MAX_FEATURES)
    n_samples = check_int("n_samples", n_samples, low=20, high=50_000)
    seeds = check_seeds(seeds, max_seeds=100)
    scores = []
    for seed in seeds:
        rng = np.random.default_rng(seed)
        X = rng.normal(size=(n_samples, n_features))  # (n, p) pure noise
        y = rng.permutation(np.arange(n_samples) % 2)
        X_all = StandardScaler().fit_transform(X)  # "leaky": all rows
        a, b, ya, yb = train_test_split(
            X_all, y, test_size=0.3, stratify=y, random_state=seed
        )
        scores.append(make_pipeline(LogisticRegression()).fit(a, ya).score(b, yb))
    selected = selection_leakage(
        n_features=(n_features,), n_samples=n_samples, seeds=seeds
    )["leaky"].median()
    return _scaler_leak_from(float(np.median(scores)), float(selected))


def leaky_median(*, k: int, n_features: int = 1000, seeds: Any = range(5)) -> float:
    """Exercise 03.4: the median leaky test accuracy of section 5's experiment when
    selecting ``k`` features instead of 10."""
    leak = selection_leakage(n_features=(n_features,), k=k, seeds=seeds)
    return float(leak["leaky"].median())


def idf_of(texts: Sequence[str], *, word: str) -> float:
    """Exercise 03.5: ``ln((1 + n) / (1 + df)) + 1`` of ``word`` over ``texts``."""
    if not isinstance(word, str) or tokenize(word) != [word.lower()]:
        raise ValueError(f"word must be one lower-case word, got {word!r}")
    counts, vocab = bag_of_words(texts)
    df = int((counts[:, vocab.index(word)] > 0).sum()) if word in vocab else 0
    return float(np.log((1 + len(counts)) / (1 + df)) + 1)
