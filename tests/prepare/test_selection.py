"""Tests of prepare.selection: noise columns, the three methods, what they keep."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.prepare import selection as sel


def test_with_noise_appends_columns(wine):
    X, _ = wine
    Xn, real = sel.with_noise(X, n_noise=5, seed=0)
    assert Xn.shape == (len(X), X.shape[1] + 5)
    assert np.array_equal(Xn[:, : X.shape[1]], X) and real.sum() == X.shape[1]
    assert abs(Xn[:, ~real].mean()) < 0.2


def test_every_method_drops_the_noise(wine):
    X, y = wine
    Xn, real = sel.with_noise(X, n_noise=20, seed=0)
    table = sel.selection_comparison(Xn, y, real, k=6, n_splits=3)
    assert list(table.index) == list(sel.METHODS)
    assert table.loc["all features", "noise kept"] == 20
    for method in ("filter", "wrapper"):
        assert table.loc[method, "real kept"] + table.loc[method, "noise kept"] == 6
    for method in ("filter", "wrapper", "embedded"):
        assert table.loc[method, "noise kept"] <= 1
        assert table.loc[method, "accuracy"] > 0.85


def test_filter_keeps_the_top_f_scores(wine):
    from sklearn.feature_selection import f_classif

    X, y = wine
    pipe = sel.make_selector("filter", k=3).fit(X, y)
    Xs = (X - X.mean(axis=0)) / X.std(axis=0)
    top = set(np.argsort(f_classif(Xs, y)[0])[-3:])
    assert set(np.flatnonzero(pipe[1].get_support())) == top
    with pytest.raises(ValueError, match="unknown method"):
        sel.make_selector("magic", k=3)
