"""Tests of labels.guide_data: the guide's questions, routes, graph and settings."""

from __future__ import annotations

import pytest

from helpers.core.lessons import LESSONS
from helpers.labels import guide, guide_data


def test_every_route_links_existing_lessons():
    notebooks = {lesson.notebook for lesson in LESSONS}
    expected_lessons = {
        "acquire": 1,
        "crowdsourcing": 5,
        "self_training": 6,
        "active_learning": 7,
        "weak_supervision": 8,
        "representation": 3,
    }
    for key, number in expected_lessons.items():
        assert guide_data.ROUTES[key].lessons[0] == number
    for route in guide_data.ROUTES.values():
        for title, notebook in route.links:
            assert notebook in notebooks
            assert title[:2] == notebook[:2]
        assert route.links[0][1] in route.to_html()


def test_semi_supervised_routes_link_lessons_06_and_07():
    for key in ("self_training", "active_learning"):
        assert set(guide_data.ROUTES[key].lessons) == {6, 7}


def test_the_seed_terms_are_named():
    """众包 and 人在回路 name their routes; self-supervised is a kind of unsupervised;
    active learning buys labels, it is not listed as a semi-supervised method."""
    assert "众包" in guide_data.ROUTES["crowdsourcing"].name
    assert "人在回路" in guide_data.ROUTES["active_learning"].name
    rows = {row[0]: row for row in guide_data.SETTINGS}
    assert "unsupervised" in rows["self-supervised"][2]
    assert not rows["semi-supervised"][3].startswith("self-training, active")


def test_the_tree_is_closed():
    """Every answer of every question node leads to a node or a route, and every
    answer a question accepts has an edge."""
    nodes = set(guide_data.TREE) | set(guide_data.ROUTES)
    for node, edges in guide_data.TREE.items():
        question = guide_data.QUESTIONS[guide.question_of(node)]
        assert set(edges) == set(question.options), node
        assert set(edges.values()) <= nodes
    reached = {t for edges in guide_data.TREE.values() for t in edges.values()}
    assert set(guide_data.ROUTES) <= reached


def test_settings_rows_are_complete():
    names = [row[0] for row in guide_data.SETTINGS]
    assert len(names) == len(set(names)) == 5
    for _, chinese, assumes, methods, lessons, (x, y) in guide_data.SETTINGS:
        assert chinese.endswith("学习") and assumes and methods and lessons
        assert 0 <= x <= 1 and 0 <= y <= 1


def test_questions_and_routes_check_their_fields():
    with pytest.raises(TypeError, match="options must be a tuple"):
        guide_data.Question("q", "Which?", "yes")  # one string, not two answers
    with pytest.raises(ValueError, match="at least two distinct answers"):
        guide_data.Question("q", "Which?", ("yes", "yes"))
    with pytest.raises(ValueError, match="no lesson 99"):
        guide_data.Route("r", "route", "why", (5, 99))
    with pytest.raises(ValueError, match="lessons must hold integer"):
        guide_data.Route("r", "route", "why", (5.5,))
    assert guide_data.Route("r", "route", "why", [5]).lessons == (5,)
