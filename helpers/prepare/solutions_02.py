"""Expected answers of lesson 02's exercises, computed from the lesson's tables.

The check cells call these, so no expected value is typed or shown in the notebook.
``tests/prepare/test_solutions_02.py`` checks each against an independent computation.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.core.validation import check_array, check_choice, check_frame, check_real
from helpers.prepare.cleaning import (
    FEATURES,
    IMPUTERS,
    OUTLIER_RULES,
    add_missing_indicators,
    find_duplicates,
    impute,
)
from helpers.prepare.cleaning_grid import CleaningGrid
from helpers.prepare.dirty import COLUMNS, precision_recall, validation_score


def rows_with_blank(df: pd.DataFrame) -> int:
    """Exercise 02.1: how many rows hold at least one missing cell."""
    check_frame(df, name="df")
    return int(df.isna().any(axis=1).sum())


def upper_fence(values: np.ndarray, *, k: float = 1.5) -> float:
    """Exercise 02.2: Tukey's upper fence ``Q3 + k IQR`` of the non-missing values."""
    x = check_array("values", values, ndim=1, finite=False)  # NaN: a missing value
    k = check_real("k", k, low=0)
    if np.isinf(x).any():
        raise ValueError("values must not hold inf")
    x = x[~np.isnan(x)]
    if x.size == 0:
        raise ValueError("values must hold at least one number")
    q1, q3 = np.percentile(x, [25, 75])
    return float(q3 + k * (q3 - q1))


INDICATOR_CHOICES = {
    "a": "floor (MCAR)",
    "b": "age_years (MAR)",
    "c": "area_m2 (MNAR)",
}
"""The choices of exercise 02.3: whose missing indicator helps the model most."""
_INDICATOR_COLUMNS = {"a": "floor", "b": "age_years", "c": "area_m2"}


def indicator_gains(
    kept: pd.DataFrame, valid: pd.DataFrame, *, strategy: str = "mean"
) -> pd.Series:
    """Validation R² gained by adding ONE column's missing indicator before
    ``strategy`` imputation, per letter of :data:`INDICATOR_CHOICES`."""
    check_choice("imputation strategy", strategy, ("mean", "median", "model"))
    check_frame(kept, FEATURES, name="kept")
    base = validation_score(impute(kept, strategy=strategy), valid)
    gains = {}
    for letter, column in _INDICATOR_COLUMNS.items():
        train = impute(
            add_missing_indicators(kept, columns=[column]), strategy=strategy
        )
        score = validation_score(train, add_missing_indicators(valid, columns=[column]))
        gains[letter] = score - base
    return pd.Series(gains, name="R² gain")


def best_indicator(
    kept: pd.DataFrame, valid: pd.DataFrame, *, strategy: str = "mean"
) -> str:
    """Exercise 02.3: the letter whose indicator gains the most (see
    :func:`indicator_gains`)."""
    return str(indicator_gains(kept, valid, strategy=strategy).idxmax())


def largest_safe_threshold(
    grid: CleaningGrid, *, imputation: str, rule: str, min_r2: float
) -> float:
    """Exercise 02.4: the largest grid threshold at which the plan still reaches a
    validation R² of ``min_r2``; NaN when none does."""
    if not isinstance(grid, CleaningGrid):
        raise TypeError(f"grid must be a CleaningGrid, got {type(grid).__name__}")
    check_choice("imputation strategy", imputation, IMPUTERS)
    check_choice("outlier rule", rule, OUTLIER_RULES[1:])
    min_r2 = check_real("min_r2", min_r2, high=1)
    good = grid.thresholds[grid.curve(imputation, rule) >= min_r2]
    return float(good.max()) if good.size else float("nan")


def near_duplicate_recall(
    typed: pd.DataFrame, is_duplicate: pd.Series, *, tol: float
) -> float:
    """Exercise 02.5: recall of near-duplicate matching at relative tolerance ``tol``
    (``typed`` is the standardised table: every column of the lesson's table)."""
    check_frame(typed, COLUMNS, name="typed")
    found = find_duplicates(typed, method="near", tol=tol)
    return precision_recall(found, is_duplicate)[1]
