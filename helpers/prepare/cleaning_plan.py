"""The whole cleaning plan of lesson 02 (compute): choices in, cleaned table out.

:class:`CleaningPlan` holds the choices (imputation, outlier rule and threshold,
duplicates); :func:`clean` runs the steps of :mod:`helpers.prepare.cleaning` in a
careful analyst's order and returns a :class:`CleaningResult` that records what each
step dropped or filled; :func:`finish` is its last step, shared with
:mod:`helpers.prepare.cleaning_grid`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from helpers.core.validation import check_choice, check_frame, check_real
from helpers.prepare.cleaning import (
    FEATURES,
    IMPUTERS,
    OUTLIER_RULES,
    find_duplicates,
    flag_outliers,
    impute,
    standardise,
)
from helpers.prepare.dirty import COLUMNS


@dataclass(frozen=True)
class CleaningPlan:
    """Choices for :func:`clean`; the defaults are the lesson's recommendation."""

    imputation: str = "model"
    outlier_rule: str = "IQR"
    threshold: float = 3.0
    duplicates: str = "near"
    tol: float = 0.02

    def __post_init__(self) -> None:
        check_choice("imputation strategy", self.imputation, IMPUTERS)
        check_choice("outlier rule", self.outlier_rule, OUTLIER_RULES)
        check_choice("duplicates method", self.duplicates, ("none", "exact", "near"))
        check_real("threshold", self.threshold, low=0, open_low=True)
        check_real("tol", self.tol, low=0, high=1)


@dataclass(frozen=True)
class CleaningResult:
    """The cleaned frame (index = rows of the dirty frame) and what was done."""

    frame: pd.DataFrame
    duplicates: pd.Index
    outliers: pd.Index
    dropped_for_missing: pd.Index
    dropped_columns: tuple[str, ...]
    imputed: pd.DataFrame

    def __post_init__(self) -> None:
        if not isinstance(self.frame, pd.DataFrame):
            raise TypeError(
                f"frame must be a pandas DataFrame, got {type(self.frame).__name__}"
            )
        for name in ("duplicates", "outliers", "dropped_for_missing"):
            rows = getattr(self, name)
            if not isinstance(rows, pd.Index):
                raise TypeError(
                    f"{name} must be a pandas Index, got {type(rows).__name__}"
                )
        if not isinstance(self.imputed, pd.DataFrame):
            raise TypeError(
                f"imputed must be a pandas DataFrame, got {type(self.imputed).__name__}"
            )
        kept = [c for c in FEATURES if c in self.frame.columns]
        if list(self.imputed.columns) != kept or not self.imputed.index.equals(
            self.frame.index
        ):
            raise ValueError(
                f"imputed must mark the cells of frame's rows and feature columns "
                f"{kept}, got columns {list(self.imputed.columns)} and "
                f"{len(self.imputed)} rows for {len(self.frame)}"
            )

    @property
    def rows_changed(self) -> int:
        """Rows dropped for any reason, plus kept rows with at least one filled cell."""
        dropped = len(self.duplicates) + len(self.outliers)
        return (
            dropped
            + len(self.dropped_for_missing)
            + int(self.imputed.any(axis=1).sum())
        )


def clean(dirty: pd.DataFrame, *, plan: CleaningPlan | None = None) -> CleaningResult:
    """Standardise, drop duplicates, drop outlier rows, then impute -- in that order.

    ``dirty`` must hold every column of :data:`helpers.prepare.dirty.COLUMNS`.
    """
    check_frame(dirty, COLUMNS, name="dirty")
    plan = CleaningPlan() if plan is None else plan
    if not isinstance(plan, CleaningPlan):
        raise TypeError(f"plan must be a CleaningPlan, got {type(plan).__name__}")
    df = standardise(dirty)
    dups = df.index[:0]
    if plan.duplicates != "none":
        dups = df.index[find_duplicates(df, method=plan.duplicates, tol=plan.tol)]
    df = df.drop(index=dups)
    outliers = df.index[:0]
    if plan.outlier_rule != "none":
        flags = flag_outliers(df, rule=plan.outlier_rule, threshold=plan.threshold)
        outliers = df.index[flags]
    return finish(df.drop(index=outliers), plan.imputation, dups, outliers)


def finish(
    df: pd.DataFrame, strategy: str, dups: pd.Index, outliers: pd.Index
) -> CleaningResult:
    """Impute a standardised, de-duplicated, outlier-free frame; record the changes.

    ``dups`` and ``outliers`` are the rows the earlier steps dropped (kept as a record).
    """
    check_choice("imputation strategy", strategy, IMPUTERS)
    check_frame(df, FEATURES, name="df")
    for name, rows in (("dups", dups), ("outliers", outliers)):
        if not isinstance(rows, pd.Index):
            raise TypeError(f"{name} must be a pandas Index, got {type(rows).__name__}")
    gaps = df[list(FEATURES)].isna()
    out = impute(df, strategy=strategy)
    dropped_cols = tuple(c for c in df.columns if c not in out.columns)
    imputed = gaps.loc[out.index, [c for c in FEATURES if c in out.columns]]
    if strategy in ("drop rows", "drop columns"):
        imputed = imputed & False
    return CleaningResult(
        frame=out,
        duplicates=dups,
        outliers=outliers,
        dropped_for_missing=df.index.difference(out.index),
        dropped_columns=dropped_cols,
        imputed=imputed,
    )
