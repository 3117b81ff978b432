"""Choosing how to get labels: the decision guide and the map of settings (lesson 05).

* :func:`walk` and :func:`recommend` -- pure functions from answers (data? labels?
  enough labels? budget?) to a :class:`~helpers.labels.guide_data.Route`: acquire
  data first (01), supervised learning (04, 11), crowdsourcing (05), semi-supervised
  learning (06, 07) or weak supervision (08);
* :func:`learning_settings` -- supervised, semi-supervised, weakly supervised,
  unsupervised and self-supervised learning, by what each assumes about labels.

The tables are in :mod:`helpers.labels.guide_data`; the flowchart and the settings map
in :mod:`helpers.labels.guide_plots`; the widget in :mod:`helpers.labels.guide_widget`.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from helpers.core.validation import check_choice
from helpers.labels.guide_data import QUESTIONS, ROUTES, SETTINGS, TREE, Route

FIRST = "data"
"""The node the guide starts from."""


def question_of(node: str) -> str:
    """The question a node of :data:`~helpers.labels.guide_data.TREE` asks
    (``"budget_few"`` and ``"budget_more"`` both ask ``"budget"``)."""
    check_choice("node of the guide", node, list(TREE))
    return "budget" if node.startswith("budget") else node


def walk(answers: Mapping[str, str | None]) -> tuple[list[str], Route | None]:
    """Follow the answers from the first question.

    Returns the nodes visited (question nodes, in order) and the route reached, or
    ``None`` when an answer on the path is still missing (``None`` or absent).
    Answers to questions off the path are ignored.

    Raises ``TypeError`` if ``answers`` is not a mapping and ``ValueError`` for an
    unknown question or an answer a question does not accept.
    """
    if not isinstance(answers, Mapping):
        raise TypeError(f"answers must be a mapping, got {type(answers).__name__}")
    for key, value in answers.items():
        check_choice("question", key, list(QUESTIONS))
        if value is not None:
            check_choice(f"answer to {key!r}", value, QUESTIONS[key].options)
    node, path = FIRST, []
    while node in TREE:
        path.append(node)
        answer = answers.get(question_of(node))
        if answer is None:
            return path, None
        node = TREE[node][answer]
    return path, ROUTES[node]


def taken_edges(answers: Mapping[str, str | None]) -> set[tuple[str, str]]:
    """The ``(node, next node)`` edges the answers walk along."""
    path, _ = walk(answers)
    return {
        (node, TREE[node][answers[question_of(node)]])
        for node in path
        if answers.get(question_of(node)) is not None
    }


def recommend(answers: Mapping[str, str | None]) -> Route:
    """The route the decision guide recommends for these answers.

    >>> recommend({"data": "yes", "labels": "none", "budget": "yes"}).key
    'crowdsourcing'
    """
    path, route = walk(answers)
    if route is None:
        q = QUESTIONS[question_of(path[-1])]
        raise ValueError(
            f"the guide needs an answer to {q.key!r} ({q.text} {list(q.options)})"
        )
    return route


def learning_settings() -> pd.DataFrame:
    """The map of learning settings as a table: what each assumes about labels."""
    return pd.DataFrame(
        [row[:5] for row in SETTINGS],
        columns=[
            "setting",
            "中文",
            "assumes about labels",
            "typical methods",
            "lessons",
        ],
    ).set_index("setting")
