"""Choosing how to get labels: the decision guide and the map of settings (lesson 05).

* :func:`recommend` -- a pure function from answers (data? labels? enough labels?
  budget?) to a :class:`Route`: acquire data first (01), supervised learning (04, 11),
  crowdsourcing (05), semi-supervised learning (06, 07) or weak supervision (08);
* :func:`plot_flowchart` and :func:`build_decision_widget` -- the same guide drawn as
  a flowchart, with the path of the current answers highlighted;
* :func:`learning_settings` and :func:`plot_learning_settings` -- supervised,
  semi-supervised, weakly supervised, unsupervised and self-supervised learning, by
  what each assumes about labels.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from helpers.core.lessons import lesson
from helpers.ui.plots import color_for, label_axes, new_ax


@dataclass(frozen=True)
class Question:
    """One question of the guide and the answers it accepts."""

    key: str
    text: str
    options: tuple[str, ...]


QUESTIONS: dict[str, Question] = {
    q.key: q
    for q in (
        Question(
            "data", "Do you have the raw data (the inputs) for the task?", ("yes", "no")
        ),
        Question("labels", "Do you have labels for it?", ("none", "some", "plenty")),
        Question(
            "enough",
            "Enough labels to train a first model (a few per class)?",
            ("yes", "no"),
        ),
        Question("budget", "Is there budget to pay people to label?", ("yes", "no")),
    )
}


@dataclass(frozen=True)
class Route:
    """Where the guide leads: a way to get (or use) labels, and the lessons on it."""

    key: str
    name: str
    why: str
    lessons: tuple[int, ...]

    @property
    def links(self) -> list[tuple[str, str]]:
        """``(title, notebook file name)`` for each lesson of the route."""
        return [
            (f"{lesson(n).number:02d} · {lesson(n).title}", lesson(n).notebook)
            for n in self.lessons
        ]

    def to_html(self) -> str:
        links = ", ".join(
            f"<a href='{nb}' target='_blank'>{t}</a>" for t, nb in self.links
        )
        return f"Recommended: <b>{self.name}</b>. {self.why}<br>Lessons: {links}"


ROUTES: dict[str, Route] = {
    r.key: r
    for r in (
        Route(
            "acquire",
            "first acquire data",
            "No labeling strategy helps without inputs: collect or generate data.",
            (1,),
        ),
        Route(
            "supervised",
            "supervised learning",
            "You have the labels you need: split carefully and train.",
            (4, 11),
        ),
        Route(
            "crowdsourcing",
            "crowdsourcing",
            "Pay several people per item and aggregate their votes (Dawid-Skene).",
            (5,),
        ),
        Route(
            "weak_supervision",
            "weak supervision",
            "Write labeling functions (rules, heuristics); combine their noisy votes.",
            (8, 5),
        ),
        Route(
            "active_learning",
            "semi-supervised learning with active learning",
            "Spend the budget on the examples the model is least sure about.",
            (7, 6),
        ),
        Route(
            "self_training",
            "semi-supervised learning with self-training",
            "Let the model label the unlabelled data it is confident about.",
            (6, 7),
        ),
    )
}

# The guide as a graph: node -> {answer: next node}; nodes are questions or routes.
# "budget_few" and "budget_more" both ask the "budget" question.
_TREE: dict[str, dict[str, str]] = {
    "data": {"no": "acquire", "yes": "labels"},
    "labels": {"plenty": "supervised", "none": "budget_few", "some": "enough"},
    "enough": {"no": "budget_few", "yes": "budget_more"},
    "budget_few": {"yes": "crowdsourcing", "no": "weak_supervision"},
    "budget_more": {"yes": "active_learning", "no": "self_training"},
}


def _question_of(node: str) -> str:
    return "budget" if node.startswith("budget") else node


def walk(answers: Mapping[str, str | None]) -> tuple[list[str], Route | None]:
    """Follow the answers from the first question.

    Returns the nodes visited (question nodes, in order) and the route reached, or
    ``None`` when an answer on the path is still missing (``None`` or absent).
    Answers to questions off the path are ignored.
    """
    if not isinstance(answers, Mapping):
        raise ValueError(f"answers must be a mapping, got {type(answers).__name__}")
    unknown = set(answers) - set(QUESTIONS)
    if unknown:
        raise ValueError(
            f"unknown question(s) {sorted(unknown)}; questions: {list(QUESTIONS)}"
        )
    for key, value in answers.items():
        if value is not None and value not in QUESTIONS[key].options:
            raise ValueError(
                f"answer to {key!r} must be one of {list(QUESTIONS[key].options)}, "
                f"got {value!r}"
            )
    node, path = "data", []
    while node in _TREE:
        path.append(node)
        answer = answers.get(_question_of(node))
        if answer is None:
            return path, None
        node = _TREE[node][answer]
    return path, ROUTES[node]


def recommend(answers: Mapping[str, str | None]) -> Route:
    """The route the decision guide recommends for these answers.

    >>> recommend({"data": "yes", "labels": "none", "budget": "yes"}).key
    'crowdsourcing'
    """
    path, route = walk(answers)
    if route is None:
        q = QUESTIONS[_question_of(path[-1])]
        raise ValueError(
            f"the guide needs an answer to {q.key!r} ({q.text} {list(q.options)})"
        )
    return route


# ------------------------------------------------------------------ flowchart

_POS: dict[str, tuple[float, float]] = {
    "data": (5.0, 5.4),
    "acquire": (1.5, 5.4),
    "labels": (5.0, 4.2),
    "supervised": (8.6, 4.2),
    "enough": (7.0, 3.0),
    "budget_few": (2.6, 1.85),
    "budget_more": (7.0, 1.85),
    "crowdsourcing": (1.3, 0.5),
    "weak_supervision": (3.8, 0.5),
    "active_learning": (6.0, 0.5),
    "self_training": (8.5, 0.5),
}
_TEXT = {
    "data": "data?",
    "labels": "labels?",
    "enough": "enough labels\nfor a first model?",
    "budget_few": "budget for\nlabeling?",
    "budget_more": "budget for\nlabeling?",
    "acquire": "01 acquire data",
    "supervised": "04, 11 supervised",
    "crowdsourcing": "05 crowdsourcing",
    "weak_supervision": "08 weak\nsupervision",
    "active_learning": "07 active learning\n(semi-supervised)",
    "self_training": "06 self-training\n(semi-supervised)",
}
_GREY = "#BBBBBB"


def plot_flowchart(
    answers: Mapping[str, str | None], *, ax: Axes | None = None
) -> Axes:
    """The decision guide as a flowchart; the path of ``answers`` is highlighted."""
    path, route = walk(answers)
    on_path = set(path) | ({route.key} if route else set())
    taken = {
        (node, _TREE[node][answers[_question_of(node)]])
        for node in path
        if answers.get(_question_of(node)) is not None
    }
    ax = new_ax(ax, figsize=(9, 5))
    for node, edges in _TREE.items():
        for answer, target in edges.items():
            hot = (node, target) in taken
            color = color_for("after") if hot else _GREY
            ax.annotate(
                "",
                xy=_POS[target],
                xytext=_POS[node],
                arrowprops={
                    "arrowstyle": "-|>",
                    "color": color,
                    "lw": 2.2 if hot else 1.0,
                    "shrinkA": 16,
                    "shrinkB": 16,
                },
            )
            mid = np.mean([_POS[node], _POS[target]], axis=0)
            ax.text(
                *mid,
                answer,
                fontsize=7.5,
                ha="center",
                va="center",
                color=color,
                bbox={"fc": "white", "ec": "none", "pad": 0.5},
            )
    for node, (x, y) in _POS.items():
        leaf = node in ROUTES
        if node in on_path:
            face = color_for("correct") if leaf else color_for("after")
            fg = "white"
        else:
            face, fg = "#F2F2F2", "#555555"
        ax.text(
            x,
            y,
            _TEXT[node],
            ha="center",
            va="center",
            fontsize=8,
            color=fg,
            weight="bold" if node in on_path else "normal",
            bbox={
                "boxstyle": "round,pad=0.4" if leaf else "square,pad=0.4",
                "fc": face,
                "ec": face if node in on_path else _GREY,
            },
        )
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 6)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    title = f"Route: {route.name}" if route else "Answer the highlighted question"
    return label_axes(ax, title=title, xlabel="", ylabel="")


def build_decision_widget():
    """The decision guide: one set of buttons per question, shown as the walk needs it.

    Returns an :class:`~helpers.ui.widgets.InteractiveFigure` whose ``controls`` are the
    questions' ToggleButtons (value None until answered) and whose summary names the
    recommended route with links to its lessons.
    """
    from helpers.ui.widgets import InteractiveFigure, toggle

    controls = {key: toggle(q.text, list(q.options)) for key, q in QUESTIONS.items()}
    for control in controls.values():
        control.value = None  # unanswered (ipywidgets would preselect the first)

    def draw(axes: np.ndarray, answers: dict) -> str:
        path, route = walk(answers)
        asked = {_question_of(node) for node in path}
        for key, control in controls.items():
            control.layout.display = None if key in asked else "none"
        plot_flowchart(answers, ax=axes[0, 0])
        if route is None:
            return f"Next question: <b>{QUESTIONS[_question_of(path[-1])].text}</b>"
        return route.to_html()

    widget = InteractiveFigure(
        controls,
        draw,
        figsize=(8.5, 4.4),
        adjust={"left": 0.01, "right": 0.99, "bottom": 0.01, "top": 0.93},
    )
    widget.children[0].layout.flex_flow = "column"  # one question per line
    return widget


# ------------------------------------------------------------ learning settings

_SETTINGS = (
    # setting, Chinese, labels assumed, typical methods, lessons, (x, y) on the map
    (
        "supervised",
        "监督学习",
        "every training example has a correct label",
        "logistic regression, CNNs",
        "04, 11",
        (0.86, 0.86),
    ),
    (
        "semi-supervised",
        "半监督学习",
        "a few correct labels plus many unlabelled examples",
        "self-training, active learning",
        "06, 07",
        (0.2, 0.86),
    ),
    (
        "weakly supervised",
        "弱监督学习",
        "many labels, but noisy, partial or inexact",
        "crowd aggregation, label models",
        "05, 08",
        (0.76, 0.3),
    ),
    (
        "unsupervised",
        "无监督学习",
        "no labels at all: structure only",
        "clustering, PCA",
        "03",
        (0.14, 0.1),
    ),
    (
        "self-supervised",
        "自监督学习",
        "no human labels; targets made from the inputs",
        "contrastive learning, masked prediction",
        "09",
        (0.14, 0.5),
    ),
)


def learning_settings() -> pd.DataFrame:
    """The map of learning settings as a table: what each assumes about labels."""
    return pd.DataFrame(
        [row[:5] for row in _SETTINGS],
        columns=[
            "setting",
            "中文",
            "assumes about labels",
            "typical methods",
            "lessons",
        ],
    ).set_index("setting")


def plot_learning_settings(*, ax: Axes | None = None) -> Axes:
    """Each setting placed by how many examples carry a human label and how trustworthy
    those labels are (a qualitative map: positions are not measurements)."""
    ax = new_ax(ax, figsize=(8, 5))
    for name, _, assumes, _, lessons, (x, y) in _SETTINGS:
        ax.scatter([x], [y], s=900, color=color_for(name), alpha=0.25, edgecolor="none")
        ax.text(
            x,
            y + 0.01,
            f"{name}\n(lessons {lessons})",
            ha="center",
            va="bottom",
            fontsize=8.5,
            weight="bold",
        )
        ax.text(
            x,
            y - 0.03,
            textwrap.fill(assumes, 30),
            ha="center",
            va="top",
            fontsize=7.5,
            linespacing=1.1,
        )
    ax.set_xlim(-0.12, 1.12)
    ax.set_ylim(-0.08, 1.1)
    ax.set_xticks([0, 0.5, 1], ["none", "some", "all"])
    ax.set_yticks([0.1, 0.9], ["noisy /\nnone", "exact"])
    return label_axes(
        ax,
        title="Learning settings by what they assume about labels",
        xlabel="share of training examples with a human label",
        ylabel="how far each label can be trusted",
    )
