"""Cleaning steps (helpers.prepare.cleaning) against references and the truth."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from sklearn.experimental import enable_iterative_imputer  # noqa: F401
from sklearn.impute import IterativeImputer, SimpleImputer
from sklearn.linear_model import LinearRegression

from helpers.prepare import cleaning, dirty


@pytest.fixture(scope="module")
def typed(lesson) -> pd.DataFrame:
    return cleaning.standardise(lesson[0].dirty)


# ------------------------------------------------------------ types and names


def test_parse_numbers_reads_units_commas_and_words():
    raw = pd.Series(["3.4", "3400 m", "3,4", " 2 km ", None, 7, "ground"], name="d")
    out = cleaning.parse_numbers(raw, units={"km": 1, "m": 0.001}, words={"Ground": 0})
    np.testing.assert_allclose(out, [3.4, 3.4, 3.4, 2.0, np.nan, 7.0, 0.0])
    assert out.index.equals(raw.index)


def test_parse_numbers_refuses_to_guess():
    with pytest.raises(ValueError, match=r"not numbers in a known unit.*'3 miles'"):
        cleaning.parse_numbers(pd.Series(["3", "3 miles"], name="d"), units={"km": 1})
    with pytest.raises(ValueError, match="'about five'"):
        cleaning.parse_numbers(pd.Series(["about five"], name="d"))


def test_normalise_categories_maps_spellings_and_rejects_unknowns():
    raw = pd.Series([" north", "NORTH", "N", "city  centre", np.nan], name="district")
    out = cleaning.normalise_categories(
        raw,
        canonical=["North", "Centre"],
        aliases={"n": "North", "city centre": "Centre"},
    )
    assert out.iloc[:4].tolist() == ["North", "North", "North", "Centre"]
    assert pd.isna(out.iloc[4])
    with pytest.raises(ValueError, match=r"match no category.*'Sud'"):
        cleaning.normalise_categories(pd.Series(["Sud"], name="d"), canonical=["North"])
    with pytest.raises(ValueError, match="not in"):
        cleaning.normalise_categories(raw, canonical=["North"], aliases={"s": "South"})
    with pytest.raises(ValueError, match="at least one"):
        cleaning.normalise_categories(raw, canonical=[])


def test_standardise_recovers_the_true_types_units_and_names(lesson, typed):
    data = lesson[0]
    np.testing.assert_allclose(typed["distance_km"], data.clean["distance_km"])
    seen = typed["floor"].notna()
    np.testing.assert_array_equal(
        typed.loc[seen, "floor"], data.clean.loc[seen, "floor"]
    )
    assert (~seen == data.mask("missing")["floor"]).all()
    assert (typed["district"] == data.clean["district"]).all()
    with pytest.raises(ValueError, match="empty"):
        cleaning.standardise(data.dirty.iloc[:0])


# ------------------------------------------------------------------ duplicates


def test_exact_duplicates_equal_pandas(typed):
    expected = typed.duplicated(keep="first")
    pd.testing.assert_series_equal(
        cleaning.find_duplicates(typed, method="exact"), expected, check_names=False
    )


def test_near_duplicates_hand_worked():
    df = pd.DataFrame(
        {
            "district": ["North", "North", "South", "North", "North"],
            "area_m2": [64.4, 64.0, 64.4, 70.0, np.nan],
            "price_k": [250.0, 251.0, 250.0, 250.0, 250.0],
        }
    )
    near = cleaning.find_duplicates(df, method="near", tol=0.02, block=2)
    # Row 1 re-types row 0; row 2 is another district, row 3 too far, row 4 has NaN.
    assert near.tolist() == [False, True, False, False, False]
    assert not cleaning.find_duplicates(df, method="near", tol=0.001).any()


def test_near_duplicates_find_the_injected_copies(lesson, typed):
    data = lesson[0]
    exact = cleaning.find_duplicates(typed, method="exact")
    near = cleaning.find_duplicates(typed, method="near")
    p_exact, r_exact = dirty.precision_recall(exact, data.is_duplicate)
    p_near, r_near = dirty.precision_recall(near, data.is_duplicate)
    assert p_exact == 1.0 and r_exact < 0.7  # exact matching misses re-typed copies
    assert p_near >= 0.95 and r_near >= 0.95


def test_duplicates_reject_bad_options(typed):
    with pytest.raises(ValueError, match="unknown method 'fuzzy'"):
        cleaning.find_duplicates(typed, method="fuzzy")
    with pytest.raises(ValueError, match=r"tol must be in \[0, 1\]"):
        cleaning.find_duplicates(typed, method="near", tol=1.5)
    with pytest.raises(ValueError, match="tol must be a finite number"):
        cleaning.find_duplicates(typed, method="near", tol=float("nan"))
    with pytest.raises(TypeError, match="block must be an integer"):
        cleaning.find_duplicates(typed, method="near", block=2.5)
    with pytest.raises(ValueError, match=r"block must be an integer in \[1, 10000\]"):
        cleaning.find_duplicates(typed, method="near", block=10**12)
    with pytest.raises(ValueError, match="not in the frame"):
        cleaning.find_duplicates(typed, columns=["height"])
    with pytest.raises(ValueError, match="empty"):
        cleaning.find_duplicates(typed.iloc[:0])


# -------------------------------------------------------------------- outliers


def test_zscores_equal_scipy(typed):
    z = cleaning.zscores(typed)
    for col in dirty.NUMERIC:
        expected = stats.zscore(typed[col].to_numpy(float), nan_policy="omit")
        np.testing.assert_allclose(z[col], expected)


def test_iqr_fences_hand_worked():
    # Q1 = 2.75, Q3 = 6.25 (linear interpolation), IQR = 3.5.
    assert cleaning.iqr_fences(np.arange(1, 9), k=1.5) == pytest.approx((-2.5, 11.5))
    assert cleaning.iqr_fences([1, 2, np.nan, 3, 4, 5, 6, 7, 8], k=0) == pytest.approx(
        (2.75, 6.25)
    )
    with pytest.raises(ValueError, match="no non-missing"):
        cleaning.iqr_fences([np.nan])
    with pytest.raises(ValueError, match=r"k must be in \[0, inf\)"):
        cleaning.iqr_fences([1, 2], k=-1)


def test_iqr_rule_equals_tukeys_fences(typed):
    for k in (1.5, 3.0):
        flags = cleaning.flag_outliers(
            typed, rule="IQR", threshold=k, columns=["price_k"]
        )
        lo, hi = cleaning.iqr_fences(typed["price_k"], k=k)
        expected = (typed["price_k"] < lo) | (typed["price_k"] > hi)
        assert flags.tolist() == expected.tolist()


def test_zscore_rule_flags_rows_beyond_the_threshold(typed):
    flags = cleaning.flag_outliers(typed, rule="z-score", threshold=3.0)
    z = stats.zscore(typed[list(dirty.NUMERIC)].to_numpy(float), nan_policy="omit")
    assert flags.tolist() == (np.nanmax(np.abs(z), axis=1) > 3.0).tolist()


def test_outlier_rules_find_the_injected_outliers(lesson, typed):
    data = lesson[0]
    for rule, threshold in [("IQR", 3.0), ("isolation forest", 2.0)]:
        flags = cleaning.flag_outliers(typed, rule=rule, threshold=threshold)
        precision, recall = dirty.precision_recall(flags, data.outlier_rows)
        assert recall >= 0.9, rule
        assert precision >= 0.3, rule
    forest = cleaning.outlier_scores(typed, rule="isolation forest", seed=0)
    again = cleaning.outlier_scores(typed, rule="isolation forest", seed=0)
    pd.testing.assert_series_equal(forest, again)


@pytest.mark.parametrize("threshold", [0, -1.0, np.nan, np.inf])
def test_impossible_thresholds_are_rejected(typed, threshold):
    with pytest.raises(ValueError, match="threshold must be"):
        cleaning.flag_outliers(typed, rule="IQR", threshold=threshold)
    with pytest.raises(TypeError, match="threshold must be a number"):
        cleaning.flag_outliers(typed, rule="IQR", threshold="3")


def test_unknown_outlier_rule_is_rejected(typed):
    with pytest.raises(ValueError, match="unknown outlier rule 'mad'"):
        cleaning.outlier_scores(typed, rule="mad")


# -------------------------------------------------------------- missing values


@pytest.mark.parametrize("strategy", ["mean", "median"])
def test_mean_and_median_equal_simple_imputer(typed, strategy):
    cols = list(cleaning.FEATURES)
    ours = cleaning.impute(typed, strategy=strategy)[cols].to_numpy()
    theirs = SimpleImputer(strategy=strategy).fit_transform(typed[cols])
    np.testing.assert_allclose(ours, theirs)


def test_model_imputation_equals_iterative_imputer(typed):
    cols = list(cleaning.FEATURES)
    ours = cleaning.impute(typed, strategy="model", n_iter=4)[cols].to_numpy()
    reference = IterativeImputer(
        estimator=LinearRegression(), max_iter=4, tol=0, imputation_order="ascending"
    )
    with pytest.warns(UserWarning, match="Early stopping"):
        theirs = reference.fit_transform(typed[cols])
    np.testing.assert_allclose(ours, theirs, atol=1e-8)


def test_model_imputation_recovers_an_exact_linear_relation():
    x = np.arange(10.0)
    df = pd.DataFrame({"a": x, "b": 2 * x + 1})
    df.loc[[3, 7], "b"] = np.nan
    out = cleaning.impute(df, strategy="model", columns=["a", "b"])
    np.testing.assert_allclose(out["b"], 2 * x + 1)


def test_model_imputation_beats_the_mean_on_mnar_area(lesson, typed):
    data = lesson[0]
    errors = {
        s: dirty.imputation_rmse(
            cleaning.impute(typed, strategy=s), data, column="area_m2"
        )
        for s in ("mean", "model")
    }
    assert errors["model"] < 0.7 * errors["mean"]


def test_drop_strategies(typed):
    rows = cleaning.impute(typed, strategy="drop rows")
    assert rows.notna().all().all() and len(rows) < len(typed)
    cols = cleaning.impute(typed, strategy="drop columns")
    assert {"area_m2", "age_years", "floor"}.isdisjoint(cols.columns)
    assert len(cols) == len(typed)


def test_impute_rejects_bad_input(typed):
    with pytest.raises(ValueError, match="unknown imputation strategy 'knn'"):
        cleaning.impute(typed, strategy="knn")
    with pytest.raises(ValueError, match="empty"):
        cleaning.impute(typed.iloc[:0], strategy="mean")
    with pytest.raises(ValueError, match=r"n_iter must be an integer in \[1, 100\]"):
        cleaning.impute(typed, strategy="model", n_iter=0)
    with pytest.raises(TypeError, match="n_iter must be an integer"):
        cleaning.impute(typed, strategy="model", n_iter=2.5)
    with pytest.raises(ValueError, match="have no values"):
        cleaning.impute(typed.assign(floor=np.nan), strategy="median")


# ------------------------------------------------------------- the whole plan


def test_text_helpers_refuse_what_is_no_series():
    with pytest.raises(TypeError, match="values must be a pandas Series"):
        cleaning.parse_numbers(["3,4"])
    with pytest.raises(TypeError, match="values must be a pandas Series"):
        cleaning.normalise_categories("Centre", canonical=dirty.DISTRICTS)
    with pytest.raises(ValueError, match="canonical must list"):
        cleaning.normalise_categories(pd.Series(["a"]), canonical="a")
    with pytest.raises(TypeError, match="canonical must hold text, got int 3"):
        cleaning.normalise_categories(pd.Series(["a"]), canonical=["a", 3])
    with pytest.raises(ValueError, match=r"units\['m'\] must be in \(0, inf\)"):
        cleaning.parse_numbers(pd.Series(["3 m"]), units={"m": 0})


def test_iqr_fences_refuse_bad_input():
    with pytest.raises(ValueError, match="k must be in"):
        cleaning.iqr_fences([1.0, 2.0, 3.0], k=-1)
    with pytest.raises(ValueError, match="k must be a finite number"):
        cleaning.iqr_fences([1.0, 2.0, 3.0], k=float("nan"))
    with pytest.raises(ValueError, match="no non-missing"):
        cleaning.iqr_fences([np.nan, np.nan])
    with pytest.raises(ValueError, match="finite"):
        cleaning.iqr_fences([1.0, np.inf])
    with pytest.raises(ValueError, match="seed must be an integer"):
        cleaning.outlier_scores(
            pd.DataFrame({c: [1.0, 2.0] for c in dirty.NUMERIC}), rule="IQR", seed=-1
        )


def test_missing_indicators_mark_blank_cells():
    df = pd.DataFrame({"a": [1.0, np.nan, 3.0], "b": [np.nan, np.nan, 1.0]})
    out = cleaning.add_missing_indicators(df, columns=["a", "b"])
    assert out["a_missing"].tolist() == [0.0, 1.0, 0.0]
    assert out["b_missing"].tolist() == [1.0, 1.0, 0.0]
    assert out[["a", "b"]].equals(df)  # the values are untouched (impute later)
    assert "a_missing" not in df.columns  # a copy, not in place
    # Imputation leaves the indicators alone: they are complete.
    filled = cleaning.impute(out, strategy="mean", columns=["a", "b"])
    assert filled["a_missing"].tolist() == [0.0, 1.0, 0.0]
    with pytest.raises(TypeError, match="not one string"):
        cleaning.add_missing_indicators(df, columns="a")
