"""The synthetic "shop" customer table of lesson 03 and its constants (data).

:func:`make_shop_table` draws a seeded table of customers and whether they bought a
premium membership; :func:`add_basket_feature` adds the constructed column the table
lacks; :func:`check_shop_table` checks that a frame is such a table. The transforms
and experiments on it live in :mod:`helpers.prepare.features`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.core.validation import check_array, check_frame, check_int

CITIES = ("Beijing", "Chengdu", "Guangzhou", "Hangzhou", "Shanghai", "Wuhan")
DEVICES = ("android", "ios", "web")
# Effects on the log-odds of buying premium: deliberately NOT ordered alphabetically.
_CITY_EFFECT = np.array([1.0, -1.1, 1.2, -0.8, 0.9, -1.2])
_DEVICE_EFFECT = np.array([0.0, 0.4, -0.4])
SHOP_NUMERIC = ("age_years", "income_eur", "visits_per_month", "monthly_spend_eur")
SHOP_CATEGORICAL = ("city", "device")
SHOP_TARGET = "premium"


def make_shop_table(n_rows: int = 1200, *, seed: int = 0) -> pd.DataFrame:
    """A seeded customer table: who buys a premium membership (``premium`` = 1)?

    Numeric columns live on very different scales (years, euros a year, visits);
    ``city`` changes the odds up and down in no alphabetical order, so its label codes
    0..5 carry no straight-line signal; buying depends on the *average basket*
    (spend per visit), a column the table does not hold.
    """
    n_rows = check_int("n_rows", n_rows, low=20, high=1_000_000)
    seed = check_int("seed", seed, low=0)
    rng = np.random.default_rng(seed)
    age = rng.integers(18, 76, n_rows)
    income = np.round(rng.lognormal(np.log(60_000), 0.5, n_rows), -2)
    visits = 1 + rng.poisson(rng.lognormal(np.log(5), 0.8, n_rows))
    basket = rng.lognormal(np.log(30), 0.6, n_rows)
    city = rng.integers(0, len(CITIES), n_rows)
    device = rng.integers(0, len(DEVICES), n_rows)

    def z(v: np.ndarray) -> np.ndarray:
        return (v - v.mean()) / v.std()

    logit = (
        1.6 * z(np.log(basket))
        + 0.6 * z(np.log(income))
        - 0.5 * z(age)
        + _CITY_EFFECT[city]
        + _DEVICE_EFFECT[device]
        + 0.5 * rng.logistic(size=n_rows)
    )
    return pd.DataFrame(
        {
            "age_years": age,
            "income_eur": income,
            "visits_per_month": visits,
            "monthly_spend_eur": np.round(visits * basket, 2),
            "city": pd.Categorical(np.asarray(CITIES)[city], categories=CITIES),
            "device": pd.Categorical(np.asarray(DEVICES)[device], categories=DEVICES),
            SHOP_TARGET: (logit > np.median(logit)).astype(int),
        }
    )


def add_basket_feature(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with ``log_basket_eur`` = log(monthly spend / visits)."""
    check_frame(df, ("monthly_spend_eur", "visits_per_month"), name="df")
    for c in ("monthly_spend_eur", "visits_per_month"):
        values = check_array(f"df[{c!r}]", df[c])
        if (values <= 0).any():
            raise ValueError(f"df[{c!r}] must be positive, got {values.min():g}")
    out = df.copy()
    out["log_basket_eur"] = np.log(df["monthly_spend_eur"] / df["visits_per_month"])
    return out


def check_shop_table(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` if it holds every column of the shop table (extra columns allowed),
    with ``city`` and ``device`` as pandas categoricals, as
    :func:`make_shop_table` makes them."""
    check_frame(df, (*SHOP_NUMERIC, *SHOP_CATEGORICAL, SHOP_TARGET), name="df")
    for c in SHOP_CATEGORICAL:
        if not isinstance(df[c].dtype, pd.CategoricalDtype):
            raise TypeError(
                f"df[{c!r}] must be a pandas categorical, got {df[c].dtype}"
            )
    return df
