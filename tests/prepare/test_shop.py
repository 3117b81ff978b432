"""Tests of prepare.shop: the synthetic shop table and its constructed feature."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.prepare import shop


def test_shop_table_is_seeded_balanced_and_city_is_not_ordered(shop_table):
    df = shop_table
    again = shop.make_shop_table(seed=0)
    pd.testing.assert_frame_equal(df, again)
    assert not df.equals(shop.make_shop_table(seed=1))
    assert list(df.columns) == [
        *shop.SHOP_NUMERIC,
        *shop.SHOP_CATEGORICAL,
        shop.SHOP_TARGET,
    ]
    assert df[shop.SHOP_TARGET].mean() == pytest.approx(0.5, abs=0.01)
    rates = df.groupby("city", observed=True)[shop.SHOP_TARGET].mean().to_numpy()
    steps = np.sign(np.diff(rates))
    assert (steps > 0).any() and (steps < 0).any(), "city rates must go up AND down"
    with pytest.raises(ValueError, match="n_rows"):
        shop.make_shop_table(5)


def test_basket_feature_is_log_spend_per_visit(shop_table):
    df = shop_table
    out = shop.add_basket_feature(df)
    expected = np.log(df["monthly_spend_eur"] / df["visits_per_month"])
    np.testing.assert_allclose(out["log_basket_eur"], expected)
    assert "log_basket_eur" not in df.columns  # the input is not modified
    with pytest.raises(ValueError, match="empty"):
        shop.add_basket_feature(df.iloc[:0])
    with pytest.raises(ValueError, match="must be positive"):
        shop.add_basket_feature(df.assign(visits_per_month=0))


def test_shop_table_refuses_bad_sizes_and_seeds():
    with pytest.raises(TypeError, match="n_rows must be an integer"):
        shop.make_shop_table(20.5)
    with pytest.raises(ValueError, match=r"n_rows must be an integer in \[20,"):
        shop.make_shop_table(10**12)
    with pytest.raises(ValueError, match="seed must be an integer"):
        shop.make_shop_table(seed=-1)


def test_check_shop_table_wants_every_column_and_categoricals(shop_table):
    assert shop.check_shop_table(shop_table) is shop_table
    assert shop.check_shop_table(shop.add_basket_feature(shop_table)) is not None
    with pytest.raises(ValueError, match=r"df lacks columns \['income_eur'\]"):
        shop.check_shop_table(shop_table.drop(columns="income_eur"))
    with pytest.raises(TypeError, match=r"df\['city'\] must be a pandas categorical"):
        shop.check_shop_table(shop_table.astype({"city": str}))
    with pytest.raises(ValueError, match=r"df\['visits_per_month'\] must hold finite"):
        shop.add_basket_feature(shop_table.assign(visits_per_month=np.nan))
