"""Tests of prepare.solutions_03 against independent computations."""

from __future__ import annotations

import numpy as np
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from helpers.prepare import solutions_03 as sol
from helpers.prepare.shop import SHOP_CATEGORICAL, SHOP_NUMERIC


def test_train_zscore_matches_standard_scaler(shop_table):
    train, test = shop_table.iloc[:800], shop_table.iloc[800:]
    scaler = StandardScaler().fit(train[["income_eur"]])
    expected = scaler.transform(test[["income_eur"]].iloc[:1])[0, 0]
    assert abs(sol.train_zscore(train, test, column="income_eur") - expected) < 1e-12


def test_one_hot_width_matches_column_transformer(shop_table):
    numeric, categorical = list(SHOP_NUMERIC), list(SHOP_CATEGORICAL)
    prep = ColumnTransformer(
        [("n", StandardScaler(), numeric), ("c", OneHotEncoder(), categorical)]
    ).fit(shop_table)
    width = sol.one_hot_width(shop_table, numeric=numeric, categorical=categorical)
    assert width == prep.transform(shop_table).shape[1]


def test_scaler_leak_is_chance():
    assert sol.scaler_leak_letter(n_features=200, seeds=range(3)) == "a"
    assert set(sol.SCALER_LEAK_CHOICES) == {"a", "b", "c"}


def test_scaler_leak_letter_reads_both_medians():
    # every letter is reachable: the measurement, not the question, decides
    assert sol._scaler_leak_from(0.45, 0.8) == "a"
    assert sol._scaler_leak_from(0.65, 0.8) == "b"
    assert sol._scaler_leak_from(0.85, 0.8) == "c"
    assert sol._scaler_leak_from(0.35, 0.8) == "a"  # below chance is no leak


def test_leaky_median_grows_with_k_on_noise():
    few = sol.leaky_median(k=2, n_features=500, seeds=range(3))
    assert 0 <= few <= 1


def test_idf_matches_sklearn():
    texts = ["refund please", "parcel lost", "refund my parcel", "hello"]
    vec = TfidfVectorizer().fit(texts)
    idf = dict(zip(vec.get_feature_names_out(), vec.idf_, strict=True))
    assert abs(sol.idf_of(texts, word="refund") - idf["refund"]) < 1e-12
    assert sol.idf_of(texts, word="absent") == np.log(5 / 1) + 1
