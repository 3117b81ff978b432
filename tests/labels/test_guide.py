"""Tests of labels.guide: the decision guide, its widget, the settings map."""

from __future__ import annotations

import pytest
from widget_checks import set_and_check_redraw

from helpers.core.lessons import LESSONS
from helpers.labels import guide as labeling

EVERY_WALK = [
    ({"data": "no"}, "acquire"),
    ({"data": "yes", "labels": "plenty"}, "supervised"),
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


def test_every_route_is_reachable_and_links_existing_lessons():
    reached = {route for _, route in EVERY_WALK}
    assert reached == set(labeling.ROUTES)
    notebooks = {lesson.notebook for lesson in LESSONS}
    expected_lessons = {
        "acquire": 1,
        "crowdsourcing": 5,
        "self_training": 6,
        "active_learning": 7,
        "weak_supervision": 8,
    }
    for key, number in expected_lessons.items():
        assert labeling.ROUTES[key].lessons[0] == number
    for route in labeling.ROUTES.values():
        for title, notebook in route.links:
            assert notebook in notebooks
            assert title[:2] == notebook[:2]
        assert route.links[0][1] in route.to_html()


def test_semi_supervised_routes_link_lessons_06_and_07():
    for key in ("self_training", "active_learning"):
        assert set(labeling.ROUTES[key].lessons) == {6, 7}


def test_walk_stops_at_the_first_missing_answer():
    path, route = labeling.walk({"data": "yes", "labels": "some"})
    assert path == ["data", "labels", "enough"] and route is None
    path, route = labeling.walk({})
    assert path == ["data"] and route is None


def test_answers_off_the_path_are_ignored():
    answers = {"data": "no", "labels": "plenty", "enough": "yes", "budget": "no"}
    assert labeling.recommend(answers).key == "acquire"


@pytest.mark.parametrize(
    ("answers", "match"),
    [
        ({"data": "yes", "labels": "none"}, "needs an answer to 'budget'"),
        ({"data": "maybe"}, r"answer to 'data' must be one of \['yes', 'no'\]"),
        ({"data": "yes", "money": "yes"}, r"unknown question\(s\) \['money'\]"),
        (["data", "yes"], "must be a mapping"),
    ],
)
def test_bad_answers_raise(answers, match):
    with pytest.raises(ValueError, match=match):
        labeling.recommend(answers)


def test_flowchart_title_follows_the_answers():
    ax = labeling.plot_flowchart({"data": "yes"})
    assert ax.get_title() == "Answer the highlighted question"
    ax = labeling.plot_flowchart({"data": "no"})
    assert ax.get_title() == "Route: first acquire data"


def test_decision_widget_walks_to_a_route():
    widget = labeling.build_decision_widget()
    shown = {k: c.layout.display != "none" for k, c in widget.controls.items()}
    assert shown == {"data": True, "labels": False, "enough": False, "budget": False}
    assert all(c.value is None for c in widget.controls.values())
    assert "Next question" in widget.summary.value

    set_and_check_redraw(widget, "data", "yes")
    assert widget.controls["labels"].layout.display != "none"
    set_and_check_redraw(widget, "labels", "none")
    assert widget.controls["enough"].layout.display == "none"
    assert widget.controls["budget"].layout.display != "none"
    state = set_and_check_redraw(widget, "budget", "yes")
    assert "crowdsourcing" in state["summary"]
    assert "05_labeling_and_crowdsourcing.ipynb" in state["summary"]

    state = set_and_check_redraw(widget, "data", "no")  # change of mind upstream
    assert "first acquire data" in state["summary"]
    assert widget.controls["labels"].layout.display == "none"


def test_learning_settings_table_and_map():
    table = labeling.learning_settings()
    assert list(table.index) == [
        "supervised",
        "semi-supervised",
        "weakly supervised",
        "unsupervised",
        "self-supervised",
    ]
    assert {"中文", "assumes about labels", "lessons"} <= set(table.columns)
    ax = labeling.plot_learning_settings()
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    texts = " ".join(t.get_text() for t in ax.texts)
    assert all(name in texts for name in table.index)
