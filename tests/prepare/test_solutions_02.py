"""Tests of prepare.solutions_02 against independent computations."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.linear_model import Ridge
from sklearn.metrics import r2_score, recall_score

from helpers.prepare import cleaning, dirty
from helpers.prepare import solutions_02 as sol


def test_rows_with_blank_by_hand():
    df = pd.DataFrame({"a": [1, None, 3, None], "b": [None, None, 1, 2]})
    assert sol.rows_with_blank(df) == 3


def test_upper_fence_by_hand():
    x = np.array([1, 2, 3, 4, 5, 6, 7, 8, np.nan])
    q1, q3 = 2.75, 6.25  # numpy's linear interpolation on the 8 numbers
    assert sol.upper_fence(x, k=1.5) == q3 + 1.5 * (q3 - q1)


def _kept(lesson):
    data, valid = lesson
    typed = cleaning.standardise(data.dirty)
    dedup = typed[~cleaning.find_duplicates(typed, method="near")]
    return dedup[~(cleaning.outlier_scores(dedup, rule="IQR") > 3)], valid


def test_indicator_gains_match_sklearn_ridge(lesson):
    kept, valid = _kept(lesson)

    def ridge_r2(train, test):  # one-hot district, standardised numbers, Ridge(1)
        X = pd.get_dummies(train.drop(columns="price_k"), dtype=float)
        Xv = pd.get_dummies(test.drop(columns="price_k"), dtype=float)[X.columns]
        mu, sd = X.mean(), X.std(ddof=0).replace(0, 1)
        num = [c for c in X.columns if not c.startswith("district")]
        X[num], Xv[num] = (X[num] - mu[num]) / sd[num], (Xv[num] - mu[num]) / sd[num]
        model = Ridge(alpha=1.0).fit(X, train["price_k"])
        return r2_score(test["price_k"], model.predict(Xv))

    base = ridge_r2(kept.fillna(kept[list(cleaning.FEATURES)].mean()), valid)
    marked = cleaning.add_missing_indicators(kept, columns=["area_m2"])
    filled = marked.fillna(marked[list(cleaning.FEATURES)].mean())
    gain_c = ridge_r2(filled, valid.assign(area_m2_missing=0.0)) - base
    gains = sol.indicator_gains(kept, valid)
    assert abs(gains["c"] - gain_c) < 1e-6
    assert sol.best_indicator(kept, valid) == gains.idxmax()
    assert set(gains.index) == set(sol.INDICATOR_CHOICES)


def test_largest_safe_threshold(clean_grid):
    curve = clean_grid.curve("model", "z-score")
    t = sol.largest_safe_threshold(
        clean_grid, imputation="model", rule="z-score", min_r2=float(curve.min())
    )
    assert t == clean_grid.thresholds.max()
    assert np.isnan(
        sol.largest_safe_threshold(clean_grid, imputation="model", rule="IQR", min_r2=1)
    )


def test_near_duplicate_recall_matches_sklearn(lesson):
    data, _ = lesson
    typed = cleaning.standardise(data.dirty)
    found = cleaning.find_duplicates(typed, method="near", tol=0.005)
    expected = recall_score(data.is_duplicate.loc[typed.index], found)
    assert sol.near_duplicate_recall(typed, data.is_duplicate, tol=0.005) == expected
    assert dirty.precision_recall(found, data.is_duplicate)[1] == expected
