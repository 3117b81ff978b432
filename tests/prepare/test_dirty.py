"""The dirty-data generator keeps its promises, and the scores are right."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import Ridge
from sklearn.metrics import r2_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from helpers.prepare import dirty
from helpers.prepare.dirty import DirtConfig


@pytest.fixture(scope="module")
def clean_table() -> pd.DataFrame:
    return dirty.make_apartments(600, seed=3)


@pytest.fixture(scope="module")
def data(clean_table) -> dirty.DirtyData:
    return dirty.corrupt(clean_table, seed=3)


def originals(data: dirty.DirtyData) -> pd.Index:
    return data.dirty.index[~data.is_duplicate]


# ------------------------------------------------------------------ the clean table


def test_clean_table_has_meaningful_columns_and_ranges(clean_table):
    assert list(clean_table.columns) == ["district", *dirty.NUMERIC]
    assert len(clean_table) == 600
    assert set(clean_table["district"]) == set(dirty.DISTRICTS)
    assert clean_table.notna().all().all()
    assert clean_table["area_m2"].between(18, 250).all()
    assert clean_table["rooms"].between(1, 7).all()
    # The price rises with the area: the downstream model has something to learn.
    assert clean_table[["area_m2", "price_k"]].corr().iloc[0, 1] > 0.7


def test_clean_table_is_reproducible_per_seed():
    pd.testing.assert_frame_equal(
        dirty.make_apartments(50, seed=1), dirty.make_apartments(50, seed=1)
    )
    assert not dirty.make_apartments(50, seed=1).equals(
        dirty.make_apartments(50, seed=2)
    )


@pytest.mark.parametrize(
    ("n", "error"),
    [(0, ValueError), (5, ValueError), (2.5, TypeError), (True, TypeError)],
)
def test_clean_table_rejects_bad_sizes(n, error):
    with pytest.raises(error, match="n must be an integer"):
        dirty.make_apartments(n)
    with pytest.raises(ValueError, match="seed must be an integer"):
        dirty.make_apartments(50, seed=-1)


# ------------------------------------------------------------------- corruption


def test_corruption_is_reproducible_per_seed(clean_table, data):
    again = dirty.corrupt(clean_table, seed=3)
    pd.testing.assert_frame_equal(again.dirty, data.dirty)
    pd.testing.assert_frame_equal(again.kind, data.kind)
    other = dirty.corrupt(clean_table, seed=4)
    assert not other.dirty.equals(data.dirty)


@pytest.mark.parametrize(
    "config",
    [DirtConfig(), DirtConfig(mcar=0.3, mar=0.0, mnar=0.05, outliers=0.1, units=0.2)],
)
def test_each_requested_share_is_met_exactly(clean_table, config):
    n = len(clean_table)
    data = dirty.corrupt(clean_table, config=config, seed=0)
    kind = data.kind.loc[originals(data)]  # one row per clean row
    assert len(kind) == n
    missing = (kind == "missing").sum()
    assert missing["floor"] == round(config.mcar * n)
    assert missing["age_years"] == round(config.mar * n)
    assert missing["area_m2"] == round(config.mnar * n)
    assert (kind == "outlier").any(axis=1).sum() == round(config.outliers * n)
    assert (kind["district"] == "category").sum() == round(config.categories * n)
    assert (kind["distance_km"] == "unit").sum() == round(config.units * n)
    assert (kind["distance_km"] == "type").sum() == round(config.types * n)
    expected_dups = round(config.exact_dup * n) + round(config.near_dup * n)
    assert data.is_duplicate.sum() == expected_dups
    assert len(data.dirty) == n + expected_dups


def test_truth_matches_the_dirty_cells(data):
    rows = data.dirty.index[~data.source.duplicated(keep=False)]  # never copied
    for col in ("area_m2", "rooms", "age_years", "price_k"):
        untouched = (data.kind[col] == "").loc[rows]
        idx = untouched[untouched].index
        np.testing.assert_array_equal(
            data.dirty.loc[idx, col], data.clean.loc[idx, col]
        )
        gone = data.mask("missing")[col]
        assert data.dirty.loc[gone, col].isna().all()
    outlier = data.mask("outlier")
    area = outlier["area_m2"]
    np.testing.assert_allclose(
        data.dirty.loc[area, "area_m2"], 10 * data.clean.loc[area, "area_m2"]
    )
    assert (data.dirty.loc[outlier["age_years"], "age_years"] == 999).all()
    # Every dirty distance is text; the units that differ say so.
    units = data.mask("unit")["distance_km"]
    assert data.dirty.loc[units, "distance_km"].str.endswith(" m").all()
    ground = data.clean["floor"] == 0
    assert (
        data.dirty.loc[ground & data.dirty["floor"].notna(), "floor"] == "ground"
    ).all()


def test_missingness_mechanisms_leave_their_signature(data):
    clean, kind = data.clean, data.kind
    # MNAR: the area is missing more often when it is large.
    hidden = kind["area_m2"] == "missing"
    assert clean.loc[hidden, "area_m2"].mean() > clean.loc[~hidden, "area_m2"].mean()
    # MAR: the age is missing more often far from the centre (an observed column).
    no_age = kind["age_years"] == "missing"
    assert (
        clean.loc[no_age, "distance_km"].mean()
        > clean.loc[~no_age, "distance_km"].mean() + 2
    )
    assert data.mechanisms == {"floor": "MCAR", "age_years": "MAR", "area_m2": "MNAR"}


def test_duplicates_point_to_an_earlier_copy_of_the_same_row(data):
    dup = data.is_duplicate
    assert set(data.duplicate_kind[dup]) == {"exact", "near"}
    assert (data.duplicate_kind[~dup] == "").all()
    for row in np.flatnonzero(dup)[:20]:
        same_source = np.flatnonzero(data.source == data.source[row])
        assert same_source.min() < row
    exact = data.duplicate_kind == "exact"
    assert data.dirty.duplicated(keep="first")[exact].all()


def test_summary_counts_every_kind(data):
    table = data.summary()
    assert list(table.index) == list(dirty.KINDS)
    assert table.loc["missing"].sum() == data.mask("missing").sum().sum()
    assert table.loc["category", "district"] == data.mask("category").sum().sum()
    assert "rooms" not in table.columns  # never damaged


def test_bad_configs_and_tables_are_rejected(clean_table, data):
    with pytest.raises(ValueError, match=r"mcar must be in \[0, 0.5\]"):
        DirtConfig(mcar=0.8)
    with pytest.raises(ValueError, match=r"outliers must be in \[0, 0.5\]"):
        DirtConfig(outliers=-0.1)
    with pytest.raises(ValueError, match="mar must be a finite number"):
        DirtConfig(mar=float("nan"))
    with pytest.raises(ValueError, match="empty"):
        dirty.corrupt(clean_table.iloc[:0])
    with pytest.raises(ValueError, match=r"lacks columns \['floor'\]"):
        dirty.corrupt(clean_table.drop(columns="floor"))
    with pytest.raises(TypeError, match="expected a pandas DataFrame"):
        dirty.corrupt(clean_table.to_numpy())
    with pytest.raises(TypeError, match="config must be a DirtConfig"):
        dirty.corrupt(clean_table, config={"mcar": 0.1})
    with pytest.raises(ValueError, match="unknown kind 'typo'"):
        data.mask("typo")
    with pytest.raises(ValueError, match="n_train must be an integer"):
        dirty.lesson_tables(n_train=5)
    with pytest.raises(TypeError, match="n_valid must be an integer"):
        dirty.lesson_tables(n_valid=None)


def test_lesson_tables_sizes():
    data, valid = dirty.lesson_tables(n_train=100, n_valid=40, seed=1)
    assert (~data.is_duplicate).sum() == 100
    assert len(valid) == 40 and valid.notna().all().all()


# ---------------------------------------------------------------------- scoring


def test_precision_recall_hand_worked():
    flagged = pd.Series([True, True, False, False, True])
    actual = pd.Series([True, False, True, False, True])
    assert dirty.precision_recall(flagged, actual) == pytest.approx((2 / 3, 2 / 3))
    # On a subset of rows, recall counts only the rows still there.
    sub = flagged.iloc[[0, 1, 3]]
    assert dirty.precision_recall(sub, actual) == pytest.approx((0.5, 1.0))
    nothing = pd.Series([False] * 5)
    p, r = dirty.precision_recall(nothing, actual)
    assert np.isnan(p) and r == 0
    with pytest.raises(ValueError, match="flagged must be a boolean Series"):
        dirty.precision_recall(flagged.astype(int), actual)
    with pytest.raises(ValueError, match="actual must be a boolean Series"):
        dirty.precision_recall(flagged, actual.to_numpy())
    with pytest.raises(ValueError, match="does not know"):
        dirty.precision_recall(pd.Series([True], index=[99]), actual)


def test_imputation_rmse_is_zero_for_the_truth_and_one_for_an_offset(data):
    filled = data.clean.copy()
    assert dirty.imputation_rmse(filled, data, column="area_m2") == 0
    filled.loc[data.mask("missing")["area_m2"], "area_m2"] += 1.0
    assert dirty.imputation_rmse(filled, data, column="area_m2") == pytest.approx(1.0)
    with pytest.raises(ValueError, match="no missing cells"):
        dirty.imputation_rmse(filled, data, column="rooms")
    with pytest.raises(ValueError, match="unknown column 'floor'"):
        dirty.imputation_rmse(filled.drop(columns="floor"), data, column="floor")
    with pytest.raises(TypeError, match="data must be a DirtyData"):
        dirty.imputation_rmse(filled, data.clean, column="area_m2")


def test_validation_score_equals_the_scikit_learn_pipeline(clean_table):
    train, valid = clean_table.iloc[:400], clean_table.iloc[400:]
    features = [c for c in train.columns if c != dirty.TARGET]
    numbers = [c for c in features if c != "district"]
    prep = ColumnTransformer(
        [
            ("num", StandardScaler(), numbers),
            ("cat", OneHotEncoder(handle_unknown="ignore"), ["district"]),
        ]
    )
    model = make_pipeline(prep, Ridge(alpha=3.0)).fit(train[features], train.price_k)
    expected = r2_score(valid.price_k, model.predict(valid[features]))
    assert dirty.validation_score(train, valid, alpha=3.0) == pytest.approx(expected)
    # An unseen spelling in the validation table is ignored, as handle_unknown does.
    odd = valid.assign(district=valid["district"].str.upper())
    assert np.isfinite(dirty.validation_score(train, odd))


def test_validation_score_rejects_bad_input(clean_table):
    train = clean_table.iloc[:100].copy()
    with pytest.raises(ValueError, match="empty"):
        dirty.validation_score(train.iloc[:0], clean_table)
    with pytest.raises(ValueError, match="lacks columns"):
        dirty.validation_score(train, clean_table.drop(columns="rooms"))
    with pytest.raises(ValueError, match=r"alpha must be in \(0, inf\)"):
        dirty.validation_score(train, clean_table, alpha=0)
    with pytest.raises(ValueError, match="alpha must be a finite number"):
        dirty.validation_score(train, clean_table, alpha=float("nan"))
    train.loc[0, "area_m2"] = np.nan
    with pytest.raises(ValueError, match="impute or drop"):
        dirty.validation_score(train, clean_table)


def test_minimal_fix_makes_the_table_run_and_loses_rows(data):
    fixed = dirty.minimal_fix(data.dirty)
    assert fixed.notna().all().all()
    assert pd.api.types.is_numeric_dtype(fixed["distance_km"])
    # Every "3400 m", "3,4" and "ground" became NaN and took its row with it.
    assert len(fixed) < (data.dirty.notna().all(axis=1)).sum()
    with pytest.raises(ValueError, match="empty"):
        dirty.minimal_fix(data.dirty.iloc[:0])


def test_scores_refuse_tables_and_records_that_do_not_fit(data, clean_table):
    with pytest.raises(ValueError, match=r"dirty lacks columns \['floor'\]"):
        dirty.minimal_fix(data.dirty.drop(columns="floor"))
    with pytest.raises(ValueError, match="train must hold at least one feature"):
        dirty.validation_score(clean_table[["price_k"]], clean_table)
    with pytest.raises(ValueError, match="flagged is empty"):
        dirty.precision_recall(pd.Series([], dtype=bool), data.is_duplicate)
    stranger = data.clean.set_axis(data.clean.index + 10**6)
    with pytest.raises(ValueError, match="filled has rows that data does not know"):
        dirty.imputation_rmse(stranger, data, column="area_m2")
    fields = {f: getattr(data, f) for f in data.__dataclass_fields__}
    with pytest.raises(ValueError, match="dirty and clean and kind and is_duplicate"):
        dirty.DirtyData(**{**fields, "source": data.source.iloc[:-1]})
    with pytest.raises(ValueError, match=r"kind lacks columns \['rooms'\]"):
        dirty.DirtyData(**{**fields, "kind": data.kind.drop(columns="rooms")})
    with pytest.raises(TypeError, match="is_duplicate must be a pandas Series"):
        dirty.DirtyData(**{**fields, "is_duplicate": data.is_duplicate.to_numpy()})
