"""Tests of labels.guide_representation: the representation route, measured."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.manifold import Isomap

from helpers.core.data import labelled_subset, load_digits_split
from helpers.labels import guide_representation as R


def test_table_matches_a_fit_by_hand(tmp_cache):
    table = R.representation_gain(seeds=(0,), n_components=5, verbose=False)
    d = load_digits_split()
    idx = labelled_subset(d.y_pool, per_class=5, seed=0)
    raw = LogisticRegression(C=10, max_iter=3000).fit(d.X_pool[idx], d.y_pool[idx])
    assert table.loc[0, "raw pixels"] == pytest.approx(raw.score(d.X_test, d.y_test))
    emb = Isomap(n_neighbors=10, n_components=5).fit(d.X_pool)  # pool only
    z = LogisticRegression(C=10, max_iter=3000).fit(
        emb.transform(d.X_pool[idx]), d.y_pool[idx]
    )
    expected = z.score(emb.transform(d.X_test), d.y_test)
    assert table.loc[0, R.REPRESENTATIONS[1]] == pytest.approx(expected)


def test_median_gain_by_hand():
    a, b = R.REPRESENTATIONS
    table = pd.DataFrame({a: [0.8, 0.8, 0.9], b: [0.9, 0.85, 0.9]})
    assert R.median_gain(table) == pytest.approx(5.0)
    with pytest.raises(ValueError, match="columns"):
        R.median_gain(table[[a]])
    with pytest.raises(ValueError, match="one row"):
        R.median_gain(table.iloc[:0])


def test_the_embedding_helps_with_few_labels(tmp_cache):
    table = R.representation_gain(seeds=(0, 1), verbose=False)
    assert np.all(table[R.REPRESENTATIONS[1]] > table[R.REPRESENTATIONS[0]])
