"""The labeling decision guide of lesson 05 as a widget: answer, see the route."""

from __future__ import annotations

import numpy as np

from helpers.labels.guide import question_of, walk
from helpers.labels.guide_data import QUESTIONS, ROUTES
from helpers.labels.guide_plots import plot_flowchart
from helpers.ui.widgets import InteractiveFigure, toggle


def build_decision_widget() -> InteractiveFigure:
    """The decision guide: one set of buttons per question, shown as the walk needs it.

    Returns an :class:`~helpers.ui.widgets.InteractiveFigure` whose ``controls`` are the
    questions' ToggleButtons (value None until answered) and whose summary names the
    recommended route with links to its lessons. Nothing needs precomputing: the
    callback follows the answers through the guide (a few dictionary look-ups), shows
    the questions on that path and redraws the flowchart. ``state`` holds the guide
    it walks: ``{"questions": ..., "routes": ...}`` from :mod:`guide_data`.
    """
    controls = {key: toggle(q.text, list(q.options)) for key, q in QUESTIONS.items()}
    for control in controls.values():
        control.value = None  # unanswered (ipywidgets would preselect the first)

    def draw(axes: np.ndarray, answers: dict) -> str:
        path, route = walk(answers)
        asked = {question_of(node) for node in path}
        for key, control in controls.items():
            control.layout.display = None if key in asked else "none"
        plot_flowchart(answers, ax=axes[0, 0])
        if route is None:
            return f"Next question: <b>{QUESTIONS[question_of(path[-1])].text}</b>"
        return route.to_html()

    widget = InteractiveFigure(
        controls,
        draw,
        figsize=(8.5, 4.4),
        adjust={"left": 0.01, "right": 0.99, "bottom": 0.01, "top": 0.93},
        state={"questions": QUESTIONS, "routes": ROUTES},
    )
    widget.children[0].layout.flex_flow = "column"  # one question per line
    return widget
