"""The precomputed results behind lesson 02's figures and widget (compute).

:func:`cleaning_grid` runs :func:`helpers.prepare.cleaning_plan.clean`'s steps for every
imputation strategy x outlier rule x threshold once and keeps each plan's score and
cleaned columns in a :class:`CleaningGrid`; :func:`lesson_grid` caches it for the
lesson's tables. :func:`detection_curves` measures each outlier rule's precision and
recall over thresholds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.core.cache import cached
from helpers.core.config import pick
from helpers.core.validation import (
    check_array,
    check_choice,
    check_frame,
    check_int,
    check_real,
)
from helpers.prepare.cleaning import (
    IMPUTERS,
    OUTLIER_RULES,
    find_duplicates,
    outlier_scores,
    standardise,
)
from helpers.prepare.cleaning_plan import finish
from helpers.prepare.dirty import (
    COLUMNS,
    DirtyData,
    lesson_tables,
    minimal_fix,
    precision_recall,
    validation_score,
)


@dataclass(frozen=True)
class GridPoint:
    """What one plan (imputation x outlier rule x threshold) did, and its score."""

    r2: float
    rows_kept: int
    rows_changed: int
    outliers: int
    precision: float
    recall: float
    values: dict[str, np.ndarray]

    def __post_init__(self) -> None:
        check_real("r2", self.r2, high=1)
        for name in ("rows_kept", "rows_changed", "outliers"):
            check_int(name, getattr(self, name), low=0)
        for name in ("precision", "recall"):  # NaN where undefined
            value = getattr(self, name)
            if not np.isnan(value):
                check_real(name, value, low=0, high=1)


@dataclass(frozen=True)
class CleaningGrid:
    """Every plan the widget offers, computed once (duplicates: near, tol 0.02)."""

    thresholds: np.ndarray
    points: dict[tuple[str, str, int], GridPoint]
    before: dict[str, np.ndarray]
    truth: dict[str, np.ndarray]
    r2_dirty: float
    r2_clean: float
    duplicates: int

    def __post_init__(self) -> None:
        _check_thresholds(self.thresholds)
        check_real("r2_dirty", self.r2_dirty, high=1)
        check_real("r2_clean", self.r2_clean, high=1)
        check_int("duplicates", self.duplicates, low=0)

    def snap(self, threshold: float) -> int:
        """Index of the grid threshold nearest to ``threshold`` (within the range)."""
        threshold = check_real("threshold", threshold)
        t = self.thresholds
        half = (t[-1] - t[0]) / max(len(t) - 1, 1) / 2
        if not t[0] - half - 1e-9 <= threshold <= t[-1] + half + 1e-9:
            raise ValueError(f"threshold must be in [{t[0]}, {t[-1]}], got {threshold}")
        return int(np.abs(t - threshold).argmin())

    def point(self, imputation: str, rule: str, threshold: float) -> GridPoint:
        """The plan's result at the grid threshold nearest to ``threshold``."""
        check_choice("imputation strategy", imputation, IMPUTERS)
        check_choice("outlier rule", rule, OUTLIER_RULES)
        i = self.snap(threshold)
        return self.points[(imputation, rule, 0 if rule == "none" else i)]

    def curve(self, imputation: str, rule: str) -> np.ndarray:
        """Validation R² over :attr:`thresholds`, shape ``(n_thresholds,)``."""
        return np.array([self.point(imputation, rule, t).r2 for t in self.thresholds])


SHOWN = ("area_m2", "age_years", "price_k")
"""The columns whose values the grid keeps for the before/after histograms."""


def cleaning_grid(
    data: DirtyData,
    valid: pd.DataFrame,
    *,
    thresholds: Sequence[float],
    seed: int = 0,
) -> CleaningGrid:
    """Run :func:`clean`'s steps for every imputation, rule and positive threshold.

    The shared steps (standardise, near duplicates, outlier scores) run once; each
    distinct set of outlier rows is imputed and scored once per strategy.
    """
    if not isinstance(data, DirtyData):
        raise TypeError(f"data must be a DirtyData, got {type(data).__name__}")
    check_frame(valid, COLUMNS, name="valid")
    seed = check_int("seed", seed, low=0)
    grid = _check_thresholds(thresholds)
    typed = standardise(data.dirty)
    dups = typed.index[find_duplicates(typed, method="near")]
    df = typed.drop(index=dups)
    scores = {r: outlier_scores(df, rule=r, seed=seed) for r in OUTLIER_RULES[1:]}
    done: dict[bytes, dict[str, GridPoint]] = {}
    points = {}
    for rule in OUTLIER_RULES:
        for i, t in enumerate(grid[:1] if rule == "none" else grid):
            flags = scores[rule] > t if rule in scores else df.index.isna()
            flags = pd.Series(flags, index=df.index)
            key = flags.to_numpy().tobytes()
            if key not in done:
                p, r = precision_recall(flags, data.outlier_rows)
                done[key] = {}
                for s in IMPUTERS:
                    res = finish(df[~flags], s, dups, df.index[flags])
                    done[key][s] = GridPoint(
                        r2=validation_score(res.frame, valid),
                        rows_kept=len(res.frame),
                        rows_changed=res.rows_changed,
                        outliers=int(flags.sum()),
                        precision=p,
                        recall=r,
                        values={
                            c: res.frame[c].to_numpy(float) if c in res.frame else []
                            for c in SHOWN
                        },
                    )
            for s in IMPUTERS:
                points[(s, rule, i)] = done[key][s]
    originals = data.clean[~data.is_duplicate]
    return CleaningGrid(
        thresholds=grid,
        points=points,
        before={c: typed[c].dropna().to_numpy(float) for c in SHOWN},
        truth={c: originals[c].to_numpy(float) for c in SHOWN},
        r2_dirty=validation_score(minimal_fix(data.dirty), valid),
        r2_clean=validation_score(originals, valid),
        duplicates=len(dups),
    )


def lesson_grid(*, seed: int = 0) -> CleaningGrid:
    """:func:`cleaning_grid` of :func:`helpers.prepare.dirty.lesson_tables`, cached;
    thresholds 1 to 5 in steps of 0.25 (0.5 in fast mode)."""
    seed = check_int("seed", seed, low=0)
    data, valid = lesson_tables(seed=seed)
    thresholds = pick(normal=np.arange(1, 5.01, 0.25), fast=np.arange(1, 5.01, 0.5))
    return cached(
        "cleaning_grid",
        lambda: cleaning_grid(data, valid, thresholds=thresholds, seed=seed),
        params={"seed": seed},
    )


def detection_curves(
    scores: Mapping[str, pd.Series], actual: pd.Series, thresholds: Sequence[float]
) -> pd.DataFrame:
    """Precision and recall of ``score > t`` against ``actual``, per rule and ``t``.

    ``scores`` maps rule names to :func:`helpers.prepare.cleaning.outlier_scores`;
    returns one row per (rule, threshold) with columns ``rule``, ``threshold``,
    ``precision``, ``recall`` (NaN precision where nothing is flagged).
    """
    if not isinstance(scores, Mapping) or not scores:
        raise ValueError("scores must map at least one rule name to its scores")
    if not isinstance(actual, pd.Series):
        raise TypeError(f"actual must be a boolean Series, got {type(actual).__name__}")
    grid = _check_thresholds(thresholds)
    rows = []
    for rule, score in scores.items():
        check_choice("outlier rule", rule, OUTLIER_RULES[1:])
        for t in grid:
            precision, recall = precision_recall(score > t, actual)
            rows.append(
                {"rule": rule, "threshold": t, "precision": precision, "recall": recall}
            )
    return pd.DataFrame(rows)


def _check_thresholds(thresholds: Sequence[float]) -> np.ndarray:
    grid = check_array("thresholds", thresholds, ndim=1)
    if not np.all(grid > 0):
        raise ValueError(f"thresholds must be positive numbers, got {grid.tolist()}")
    return grid
