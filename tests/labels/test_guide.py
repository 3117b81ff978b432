"""Tests of labels.guide: walking the decision guide, the table of settings."""

from __future__ import annotations

import pytest

from helpers.labels import guide as labeling
from helpers.labels import guide_data

EVERY_WALK = [
    ({"data": "no"}, "acquire"),
    ({"data": "yes", "labels": "plenty", "good": "yes"}, "supervised"),
    ({"data": "yes", "labels": "plenty", "good": "no"}, "representation"),
    ({"data": "yes", "labels": "none", "budget": "yes"}, "crowdsourcing"),
    ({"data": "yes", "labels": "none", "budget": "no"}, "weak_supervision"),
    (
        {"data": "yes", "labels": "some", "enough": "no", "budget": "yes"},
        "crowdsourcing",
    ),
    (
        {"data": "yes", "labels": "some", "enough": "no", "budget": "no"},
        "weak_supervision",
    ),
    (
        {"data": "yes", "labels": "some", "enough": "yes", "budget": "yes"},
        "active_learning",
    ),
    (
        {"data": "yes", "labels": "some", "enough": "yes", "budget": "no"},
        "self_training",
    ),
]


@pytest.mark.parametrize(("answers", "route"), EVERY_WALK)
def test_every_route(answers, route):
    assert labeling.recommend(answers).key == route


def test_every_route_is_reachable():
    assert {route for _, route in EVERY_WALK} == set(guide_data.ROUTES)


def test_walk_stops_at_the_first_missing_answer():
    path, route = labeling.walk({"data": "yes", "labels": "some"})
    assert path == ["data", "labels", "enough"] and route is None
    path, route = labeling.walk({})
    assert path == ["data"] and route is None


def test_answers_off_the_path_are_ignored():
    answers = {"data": "no", "labels": "plenty", "enough": "yes", "budget": "no"}
    assert labeling.recommend(answers).key == "acquire"


@pytest.mark.parametrize(
    ("answers", "error", "match"),
    [
        ({"data": "yes", "labels": "none"}, ValueError, "needs an answer to 'budget'"),
        (
            {"data": "maybe"},
            ValueError,
            r"unknown answer to 'data' 'maybe'; choose one of \['yes', 'no'\]",
        ),
        ({"data": "yes", "money": "yes"}, ValueError, "unknown question 'money'"),
        (["data", "yes"], TypeError, "must be a mapping"),
    ],
)
def test_bad_answers_raise(answers, error, match):
    with pytest.raises(error, match=match):
        labeling.recommend(answers)


def test_taken_edges_follow_the_answers():
    answers = {"data": "yes", "labels": "some", "enough": "no"}
    assert labeling.taken_edges(answers) == {
        ("data", "labels"),
        ("labels", "enough"),
        ("enough", "budget_few"),
    }
    assert labeling.question_of("budget_more") == "budget"


def test_learning_settings_table():
    table = labeling.learning_settings()
    assert list(table.index) == [
        "supervised",
        "semi-supervised",
        "weakly supervised",
        "unsupervised",
        "self-supervised",
    ]
    assert {"中文", "assumes about labels", "lessons"} <= set(table.columns)
    assert table.loc["weakly supervised", "lessons"] == "05, 08"


def test_question_of_refuses_a_node_off_the_guide():
    with pytest.raises(ValueError, match="unknown node of the guide 'nowhere'"):
        labeling.question_of("nowhere")
