"""The whole cleaning plan (helpers.prepare.cleaning_plan): steps, record, choices."""

from __future__ import annotations

import pytest

from helpers.prepare import cleaning, cleaning_plan, dirty
from helpers.prepare.cleaning_plan import CleaningPlan


def test_clean_runs_every_step_and_counts_the_changes(lesson):
    data, valid = lesson
    result = cleaning_plan.clean(data.dirty, plan=CleaningPlan())
    frame = result.frame
    assert frame.notna().all().all()
    assert len(result.duplicates) == pytest.approx(data.is_duplicate.sum(), abs=3)
    assert frame.index.isin(data.dirty.index).all()
    imputed_rows = int(result.imputed.any(axis=1).sum())
    assert result.rows_changed == len(result.duplicates) + len(result.outliers) + (
        imputed_rows
    )
    assert dirty.validation_score(frame, valid) > dirty.validation_score(
        dirty.minimal_fix(data.dirty), valid
    )


def test_cleaning_plan_validates_its_choices(lesson):
    with pytest.raises(ValueError, match="unknown imputation strategy"):
        CleaningPlan(imputation="zero")
    with pytest.raises(ValueError, match="unknown outlier rule"):
        CleaningPlan(outlier_rule="dbscan")
    with pytest.raises(ValueError, match=r"threshold must be in \(0, inf\)"):
        CleaningPlan(threshold=0)
    with pytest.raises(ValueError, match="tol must be a finite number"):
        CleaningPlan(tol=float("nan"))
    with pytest.raises(TypeError, match="plan must be a CleaningPlan"):
        cleaning_plan.clean(lesson[0].dirty, plan={"imputation": "mean"})
    with pytest.raises(ValueError, match=r"dirty lacks columns \['district'\]"):
        cleaning_plan.clean(lesson[0].dirty.drop(columns="district"))
    with pytest.raises(ValueError, match="unknown duplicates method"):
        CleaningPlan(duplicates="fuzzy")


def test_cleaning_result_refuses_a_record_that_does_not_add_up(lesson):
    typed = cleaning.standardise(lesson[0].dirty)
    none = typed.index[:0]
    result = cleaning_plan.finish(typed, "median", none, none)
    fields = {f: getattr(result, f) for f in result.__dataclass_fields__}
    assert not result.imputed.any().any() or result.rows_changed > 0
    with pytest.raises(ValueError, match="imputed must mark the cells"):
        cleaning_plan.CleaningResult(**{**fields, "imputed": result.imputed.iloc[:3]})
    with pytest.raises(ValueError, match="imputed must mark the cells"):
        cleaning_plan.CleaningResult(
            **{**fields, "imputed": result.imputed.drop(columns="floor")}
        )
    with pytest.raises(TypeError, match="outliers must be a pandas Index"):
        cleaning_plan.CleaningResult(**{**fields, "outliers": [1, 2]})
    with pytest.raises(ValueError, match="unknown imputation strategy 'zero'"):
        cleaning_plan.finish(typed, "zero", none, none)
