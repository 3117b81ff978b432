"""Cleaning a table step by step, each step scored against the truth (lesson 02).

The steps, in the order a careful analyst runs them:

1. :func:`standardise` -- numbers stored as text and mixed units become floats
   (:func:`parse_numbers`), category spellings become one name each
   (:func:`normalise_categories`);
2. :func:`find_duplicates` -- exact and near repeats of an earlier row;
3. :func:`outlier_scores` / :func:`flag_outliers` -- z-score, IQR or isolation forest;
4. :func:`impute` -- drop rows or columns, or fill with the mean, median or a model;
   :func:`add_missing_indicators` first keeps *that* a cell was blank as a 0/1 column.

:func:`helpers.prepare.cleaning_plan.clean` runs them all with a
:class:`~helpers.prepare.cleaning_plan.CleaningPlan`. :func:`precision_recall`,
:func:`imputation_rmse` and :func:`validation_score` (the downstream model) say how
well it went (they live in :mod:`helpers.prepare.dirty`, next to the truth they use).
:mod:`helpers.prepare.cleaning_grid` precomputes every plan the lesson's widget offers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from sklearn.ensemble import IsolationForest

from helpers.core.validation import (
    check_array,
    check_choice,
    check_frame,
    check_int,
    check_real,
)
from helpers.prepare.dirty import (
    DISTRICT_ALIASES,
    DISTRICTS,
    NUMERIC,
    TARGET,
)

IMPUTERS = ("drop rows", "drop columns", "mean", "median", "model")
OUTLIER_RULES = ("none", "z-score", "IQR", "isolation forest")
FEATURES = tuple(c for c in NUMERIC if c != TARGET)
"""The numeric features that may have missing values (the target never does)."""
MAX_BLOCK = 10_000
"""The most rows :func:`find_duplicates` compares with all others at once."""

_NUMBER = re.compile(r"^\s*([-+]?\d+(?:[.,]\d+)?)\s*([^\d\s]*)\s*$")


# ------------------------------------------------------------ types, units, names


def parse_numbers(
    values: pd.Series,
    *,
    units: Mapping[str, float] | None = None,
    words: Mapping[str, float] | None = None,
) -> pd.Series:
    """Numbers stored as text, as floats: ``"3,4"`` -> 3.4, ``"3400 m"`` -> 3.4.

    Parameters
    ----------
    values : a column of numbers, text or missing values.
    units : factor to the target unit for each unit suffix, e.g.
        ``{"km": 1, "m": 0.001}``; a number without a suffix is taken as it is.
    words : numbers written as words, e.g. ``{"ground": 0}`` (case-insensitive).

    Raises
    ------
    ValueError
        For text that is no number, or a unit not in ``units`` (the message lists the
        first offending values): a silent NaN would hide a parsing bug.
    """
    _check_series("values", values)
    units = {
        _check_key("units", k): check_real(f"units[{k!r}]", v, low=0, open_low=True)
        for k, v in (units or {}).items()
    }
    words = {
        _check_key("words", k): check_real(f"words[{k!r}]", v)
        for k, v in (words or {}).items()
    }
    bad: list[str] = []

    def one(value: object) -> float:
        if value is None or (isinstance(value, float) and np.isnan(value)):
            return np.nan
        if isinstance(value, int | float | np.number):
            return float(value)
        text = str(value).strip().casefold()
        if text in words:
            return words[text]
        match = _NUMBER.match(text)
        if match is None or (match[2] and match[2] not in units):
            bad.append(str(value))
            return np.nan
        return float(match[1].replace(",", ".")) * units.get(match[2], 1.0)

    out = pd.Series([one(v) for v in values], index=values.index, name=values.name)
    if bad:
        raise ValueError(
            f"{len(bad)} values of {values.name!r} are not numbers in a known unit "
            f"(units {sorted(units)}), e.g. {sorted(set(bad))[:5]}"
        )
    return out


def normalise_categories(
    values: pd.Series,
    *,
    canonical: Sequence[str],
    aliases: Mapping[str, str] | None = None,
) -> pd.Series:
    """Map spellings (case, spaces, ``aliases``) to the ``canonical`` names.

    Raises ``ValueError`` for a value that matches no name, listing a few of them.
    """
    _check_series("values", values)
    if isinstance(canonical, str) or not canonical:
        raise ValueError("canonical must list at least one category name")
    lookup = {_check_key("canonical", c): c for c in canonical}
    for alias, target in (aliases or {}).items():
        if target not in canonical:
            raise ValueError(
                f"alias {alias!r} points to {target!r}, not in {canonical}"
            )
        lookup[_check_key("aliases", alias)] = target
    key = values.astype("string").str.strip().str.casefold()
    key = key.str.replace(r"\s+", " ", regex=True)
    out = key.map(lookup).astype(object)
    unknown = values[out.isna() & values.notna()]
    if len(unknown):
        raise ValueError(
            f"{len(unknown)} values of {values.name!r} match no category of "
            f"{list(canonical)}, e.g. {sorted(set(unknown))[:5]}; add them to aliases"
        )
    return out.where(values.notna(), np.nan)


def standardise(dirty: pd.DataFrame) -> pd.DataFrame:
    """The apartments table with fixed types, units (km) and district names."""
    check_frame(dirty, ["district", "distance_km", "floor"], name="dirty")
    out = dirty.copy()
    out["distance_km"] = parse_numbers(dirty["distance_km"], units={"km": 1, "m": 1e-3})
    out["floor"] = parse_numbers(dirty["floor"], words={"ground": 0})
    out["district"] = normalise_categories(
        dirty["district"], canonical=DISTRICTS, aliases=DISTRICT_ALIASES
    )
    return out


# ------------------------------------------------------------------ duplicates


def find_duplicates(
    df: pd.DataFrame,
    *,
    method: str = "exact",
    tol: float = 0.02,
    columns: Sequence[str] | None = None,
    block: int = 512,
) -> pd.Series:
    """True for each row that repeats an earlier row (the first copy is kept).

    ``"exact"``: every cell equal (NaN equals NaN). ``"near"``: text cells equal and
    every number within relative tolerance ``tol`` (``|a - b| <= tol * max(|a|, |b|)``,
    NaN only matching NaN), so a re-typed record with a rounded area still matches.
    ``"near"`` compares ``block`` rows (at most :data:`MAX_BLOCK`) with all at once.
    """
    check_choice("method", method, ("exact", "near"))
    check_frame(df, name="df")
    cols = list(df.columns if columns is None else columns)
    check_frame(df, cols, name="df")
    tol = check_real("tol", tol, low=0, high=1)
    block = check_int("block", block, low=1, high=MAX_BLOCK)
    if method == "exact":
        return df[cols].duplicated(keep="first").rename("duplicate")
    n = len(df)
    numeric = [c for c in cols if pd.api.types.is_numeric_dtype(df[c])]
    text = [c for c in cols if c not in numeric]
    codes = [pd.factorize(df[c], use_na_sentinel=False)[0] for c in text]
    values = [df[c].to_numpy(dtype=float) for c in numeric]
    found = np.zeros(n, dtype=bool)
    for start in range(0, n, block):
        rows = slice(start, min(start + block, n))
        same = np.ones((rows.stop - start, n), dtype=bool)  # (block, n)
        for code in codes:
            same &= code[rows, None] == code[None, :]
        for x in values:
            a, b = x[rows, None], x[None, :]
            with np.errstate(invalid="ignore"):
                close = np.abs(a - b) <= tol * np.maximum(np.abs(a), np.abs(b))
            same &= close | (np.isnan(a) & np.isnan(b))
        earlier = np.arange(n)[None, :] < np.arange(start, rows.stop)[:, None]
        found[rows] = (same & earlier).any(axis=1)
    return pd.Series(found, index=df.index, name="duplicate")


# -------------------------------------------------------------------- outliers


def zscores(df: pd.DataFrame, *, columns: Sequence[str] = NUMERIC) -> pd.DataFrame:
    """``(x - mean) / std`` per column (population std, NaN ignored)."""
    check_frame(df, columns, name="df")
    x = df[list(columns)].astype(float)
    return (x - x.mean()) / x.std(ddof=0)


def iqr_fences(values: np.ndarray, *, k: float = 1.5) -> tuple[float, float]:
    """Tukey's fences ``(Q1 - k IQR, Q3 + k IQR)`` of the non-missing ``values``
    (``k >= 0``; ``k = 0`` gives the quartiles themselves)."""
    k = check_real("k", k, low=0)
    x = check_array("values", values, ndim=1, finite=False)
    x = x[~np.isnan(x)]
    if x.size == 0:
        raise ValueError("values has no non-missing numbers")
    if not np.all(np.isfinite(x)):
        raise ValueError("values must hold finite numbers (NaN counts as missing)")
    q1, q3 = np.percentile(x, [25, 75])
    return float(q1 - k * (q3 - q1)), float(q3 + k * (q3 - q1))


def outlier_scores(
    df: pd.DataFrame, *, rule: str, columns: Sequence[str] = NUMERIC, seed: int = 0
) -> pd.Series:
    """One score per row; :func:`flag_outliers` flags ``score > threshold``.

    * ``"z-score"``: the largest ``|z|`` over the columns;
    * ``"IQR"``: how many IQRs the furthest cell lies outside the box ``[Q1, Q3]``, so
      ``score > k`` is Tukey's rule with fences ``Q1 - k IQR`` and ``Q3 + k IQR``;
    * ``"isolation forest"``: the forest's anomaly score as a robust z (distance from
      the median in units of 1.4826 x MAD), missing cells filled with the median.
    """
    check_choice("outlier rule", rule, OUTLIER_RULES[1:])
    check_frame(df, columns, name="df")
    seed = check_int("seed", seed, low=0)
    x = df[list(columns)].astype(float)
    if rule == "z-score":
        score = zscores(x, columns=columns).abs().max(axis=1)
    elif rule == "IQR":
        q1, q3 = x.quantile(0.25), x.quantile(0.75)
        iqr = (q3 - q1).replace(0, np.nan)
        outside = np.maximum(q1 - x, x - q3).clip(lower=0)
        score = (outside / iqr).fillna(0).max(axis=1)
    else:
        forest = IsolationForest(n_estimators=100, random_state=seed)
        filled = x.fillna(x.median())
        anomaly = -forest.fit(filled).score_samples(filled)
        mad = 1.4826 * np.median(np.abs(anomaly - np.median(anomaly)))
        score = pd.Series((anomaly - np.median(anomaly)) / mad, index=df.index)
    return score.fillna(0).rename(rule)


def flag_outliers(
    df: pd.DataFrame,
    *,
    rule: str,
    threshold: float,
    columns: Sequence[str] = NUMERIC,
    seed: int = 0,
) -> pd.Series:
    """Rows whose :func:`outlier_scores` exceed ``threshold`` (> 0)."""
    check_real("threshold", threshold, low=0, open_low=True)
    return outlier_scores(df, rule=rule, columns=columns, seed=seed) > threshold


# -------------------------------------------------------------- missing values


def impute(
    df: pd.DataFrame,
    *,
    strategy: str,
    columns: Sequence[str] = FEATURES,
    n_iter: int = 3,
) -> pd.DataFrame:
    """Deal with the missing values of ``columns`` by one of :data:`IMPUTERS`.

    ``"drop rows"`` / ``"drop columns"`` remove every row / column with a missing
    value; ``"mean"`` / ``"median"`` fill each column with its statistic; ``"model"``
    fills each column by a linear regression on the other ``columns`` (missing
    predictors start at the mean; ``n_iter`` rounds, as chained equations do).
    """
    check_choice("imputation strategy", strategy, IMPUTERS)
    check_frame(df, columns, name="df")
    n_iter = check_int("n_iter", n_iter, low=1, high=100)
    cols = list(columns)
    gaps = df[cols].isna()
    if strategy == "drop rows":
        return df[~gaps.any(axis=1)]
    if strategy == "drop columns":
        return df.drop(columns=[c for c in cols if gaps[c].any()])
    if gaps.all().any():
        raise ValueError(f"columns {list(gaps.columns[gaps.all()])} have no values")
    out = df.copy()
    if strategy in ("mean", "median"):
        out[cols] = out[cols].fillna(getattr(out[cols], strategy)())
        return out
    x = out[cols].fillna(out[cols].mean()).to_numpy(dtype=float)  # (n, n_cols)
    holes = gaps.to_numpy()
    order = np.argsort(holes.sum(axis=0), kind="stable")  # fewest missing first
    for _ in range(n_iter):
        for j in order:
            miss = holes[:, j]
            if not miss.any():
                continue
            others = np.column_stack([np.ones(len(x)), np.delete(x, j, axis=1)])
            coef = np.linalg.lstsq(others[~miss], x[~miss, j], rcond=None)[0]
            x[miss, j] = others[miss] @ coef
    out[cols] = x
    return out


def add_missing_indicators(
    df: pd.DataFrame, *, columns: Sequence[str] = FEATURES
) -> pd.DataFrame:
    """A copy of ``df`` with a 0/1 column ``<column>_missing`` per column of
    ``columns``: 1.0 where the cell is blank. Add them *before* imputing, so the model
    still knows which values were guessed (under MNAR, the blank itself is a signal).
    """
    check_frame(df, columns, name="df")
    if isinstance(columns, str):
        raise TypeError("columns must be a sequence of column names, not one string")
    out = df.copy()
    for c in columns:
        out[f"{c}_missing"] = df[c].isna().astype(float)
    return out


def _check_series(name: str, values: object) -> None:
    if not isinstance(values, pd.Series):
        raise TypeError(f"{name} must be a pandas Series, got {type(values).__name__}")


def _check_key(name: str, key: object) -> str:
    """``key`` case-folded, for a lookup; a TypeError if it is not text."""
    if not isinstance(key, str):
        raise TypeError(f"{name} must hold text, got {type(key).__name__} {key!r}")
    return key.casefold()
