"""Tests of acquire.problem: the ranking by hand, and the kinds of data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.acquire import problem


def test_ranking_by_hand():
    a = problem.Candidate("a", value=5, data=2, labels=5, metric=5, risk=5)
    b = problem.Candidate("b", value=3, data=4, labels=3, metric=5, risk=4)
    c = problem.Candidate("c", value=2, data=5, labels=5, metric=5, risk=5)
    table = problem.rank_candidates([a, b, c])
    # a is blocked by its data (2 < 3); b scores 3 * 3 = 9; c scores 2 * 5 = 10.
    assert list(table.index) == ["c", "b", "a"]
    assert table.loc["b", "feasibility"] == 3 and table.loc["b", "score"] == 9
    assert table.loc["a", "score"] == 0 and table.loc["a", "blocked by"] == "data"
    assert table.loc["c", "blocked by"] == "-"
    relaxed = problem.rank_candidates([a, b, c], min_link=2)
    assert relaxed.index[0] == "a"  # 5 * 2 = 10 ties c on score, wins on value


def test_office_candidates_pick_the_reader():
    table = problem.rank_candidates(problem.OFFICE_CANDIDATES)
    assert table.index[0].startswith("captcha reader")
    assert table["value"].idxmax() != table.index[0]


def test_candidate_ratings_are_checked():
    with pytest.raises(ValueError):
        problem.Candidate("x", value=6, data=1, labels=1, metric=1, risk=1)
    with pytest.raises(TypeError, match="list or tuple"):
        problem.rank_candidates(problem.OFFICE_CANDIDATES[0])


def test_data_kinds():
    assert problem.data_kind(pd.DataFrame({"a": [1]})) == "structured"
    assert problem.data_kind({"id": 1, "tags": ["x"]}) == "semi-structured"
    assert problem.data_kind([{"id": 1}, {"id": 2, "extra": 3}]) == "semi-structured"
    assert problem.data_kind(np.zeros((3, 28, 88))) == "unstructured"
    assert problem.data_kind("free text about a refund") == "unstructured"
    with pytest.raises(TypeError, match="cannot name"):
        problem.data_kind(3.5)
