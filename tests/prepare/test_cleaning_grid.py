"""Tests of prepare.cleaning_grid: the grid of cleaning plans and detection curves."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.prepare import cleaning, cleaning_grid, dirty
from helpers.prepare.cleaning_plan import CleaningPlan, clean


def test_grid_points_agree_with_clean(lesson, clean_grid):
    data, valid = lesson
    grid = clean_grid
    plan = CleaningPlan(imputation="median", outlier_rule="IQR", threshold=3.0)
    direct = clean(data.dirty, plan=plan)
    point = grid.point("median", "IQR", 3.0)
    assert point.r2 == pytest.approx(dirty.validation_score(direct.frame, valid))
    assert point.rows_changed == direct.rows_changed
    assert point.outliers == len(direct.outliers)
    assert grid.curve("model", "z-score").shape == (3,)
    assert grid.r2_dirty < 0 < grid.r2_clean
    # A value between grid points (a slider set by code) selects the nearest one.
    assert grid.point("median", "IQR", 3.2) is point
    # "drop columns" loses area_m2 (it has missing values): nothing to show after.
    assert len(grid.point("drop columns", "IQR", 3.0).values["area_m2"]) == 0


def test_grid_refuses_bad_input(lesson, clean_grid):
    data, valid = lesson
    with pytest.raises(ValueError, match=r"threshold must be in \[1.5, 4.5\]"):
        clean_grid.point("median", "IQR", 6.0)
    with pytest.raises(ValueError, match="threshold must be a finite number"):
        clean_grid.point("median", "IQR", float("nan"))
    with pytest.raises(ValueError, match="unknown imputation strategy"):
        clean_grid.point("knn", "IQR", 3.0)
    with pytest.raises(ValueError, match="thresholds must be positive"):
        cleaning_grid.cleaning_grid(data, valid, thresholds=[0, 1])
    with pytest.raises(ValueError, match="thresholds must hold finite numbers"):
        cleaning_grid.cleaning_grid(data, valid, thresholds=[1, np.nan])
    with pytest.raises(TypeError, match="data must be a DirtyData"):
        cleaning_grid.cleaning_grid(data.dirty, valid, thresholds=[1])
    with pytest.raises(ValueError, match="lacks columns"):
        cleaning_grid.cleaning_grid(
            data, valid.drop(columns=dirty.TARGET), thresholds=[1]
        )
    with pytest.raises(ValueError, match="seed must be an integer"):
        cleaning_grid.cleaning_grid(data, valid, thresholds=[1], seed=-1)
    with pytest.raises(TypeError, match="seed must be an integer"):
        cleaning_grid.lesson_grid(seed=0.5)


def test_lesson_grid_is_cached(tmp_cache, capsys):
    grid = cleaning_grid.lesson_grid(seed=0)
    assert "computed cleaning_grid" in capsys.readouterr().out
    again = cleaning_grid.lesson_grid(seed=0)
    assert "loaded cleaning_grid from cache" in capsys.readouterr().out
    np.testing.assert_array_equal(grid.thresholds, again.thresholds)
    assert again.point("model", "IQR", 3.0).r2 == grid.point("model", "IQR", 3.0).r2


def test_detection_curves_equal_precision_recall_at_each_threshold(lesson):
    data, _ = lesson
    typed = cleaning.standardise(data.dirty)
    scores = {r: cleaning.outlier_scores(typed, rule=r) for r in ("z-score", "IQR")}
    curves = cleaning_grid.detection_curves(scores, data.outlier_rows, [2.0, 3.0, 4.0])
    assert list(curves.columns) == ["rule", "threshold", "precision", "recall"]
    assert len(curves) == 6
    row = curves.query("rule == 'IQR' and threshold == 3.0").iloc[0]
    expected = dirty.precision_recall(scores["IQR"] > 3.0, data.outlier_rows)
    assert (row["precision"], row["recall"]) == pytest.approx(expected)
    # A higher threshold flags fewer rows: recall can only fall.
    iqr = curves[curves["rule"] == "IQR"]["recall"].to_numpy()
    assert np.all(np.diff(iqr) <= 0)
    with pytest.raises(ValueError, match="unknown outlier rule 'mad'"):
        cleaning_grid.detection_curves({"mad": scores["IQR"]}, data.outlier_rows, [3])
    with pytest.raises(ValueError, match="at least one rule"):
        cleaning_grid.detection_curves({}, data.outlier_rows, [3])
    with pytest.raises(ValueError, match="thresholds must be positive"):
        cleaning_grid.detection_curves(scores, data.outlier_rows, [-1])


def test_grid_records_refuse_impossible_values(clean_grid):
    point = clean_grid.point("median", "IQR", 3.0)
    fields = {f: getattr(point, f) for f in point.__dataclass_fields__}
    with pytest.raises(ValueError, match="rows_kept must be an integer"):
        cleaning_grid.GridPoint(**{**fields, "rows_kept": -1})
    with pytest.raises(ValueError, match=r"r2 must be in \(-inf, 1\]"):
        cleaning_grid.GridPoint(**{**fields, "r2": 1.5})
    with pytest.raises(ValueError, match=r"precision must be in \[0, 1\]"):
        cleaning_grid.GridPoint(**{**fields, "precision": 2.0})
    nothing = cleaning_grid.GridPoint(**{**fields, "precision": float("nan")})
    assert np.isnan(nothing.precision)  # undefined when no row is flagged
    grid = {f: getattr(clean_grid, f) for f in clean_grid.__dataclass_fields__}
    with pytest.raises(ValueError, match="thresholds must hold finite numbers"):
        cleaning_grid.CleaningGrid(**{**grid, "thresholds": np.array([1.0, np.nan])})
    with pytest.raises(ValueError, match="r2_clean must be a finite number"):
        cleaning_grid.CleaningGrid(**{**grid, "r2_clean": float("nan")})
