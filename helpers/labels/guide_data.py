"""The tables behind lesson 05's labeling decision guide (data, no logic).

* :data:`QUESTIONS` -- what the guide asks and the answers each question accepts;
* :data:`ROUTES` -- where it can lead: a way to get (or use) labels and its lessons;
* :data:`TREE` -- the guide as a graph from questions to questions or routes;
* :data:`SETTINGS` -- the map of learning settings by what each assumes about labels.

The walk through the guide is :mod:`helpers.labels.guide`; its figures are
:mod:`helpers.labels.guide_plots`.
"""

from __future__ import annotations

from dataclasses import dataclass

from helpers.core.lessons import lesson
from helpers.core.validation import check_labels


def _check_text(name: str, value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise TypeError(f"{name} must be a non-empty string, got {value!r}")


@dataclass(frozen=True)
class Question:
    """One question of the guide and the answers it accepts."""

    key: str
    text: str
    options: tuple[str, ...]

    def __post_init__(self) -> None:
        _check_text("key", self.key)
        _check_text("text", self.text)
        if not isinstance(self.options, tuple):
            raise TypeError(
                f"options must be a tuple of answers, got {type(self.options).__name__}"
            )
        for option in self.options:
            _check_text("each option", option)
        if len(set(self.options)) < max(len(self.options), 2):
            raise ValueError(
                f"options must be at least two distinct answers, got {self.options}"
            )


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
        Question(
            "good",
            "Does a first model on your current features do well enough?",
            ("yes", "no"),
        ),
    )
}


@dataclass(frozen=True)
class Route:
    """Where the guide leads: a way to get (or use) labels, and the lessons on it."""

    key: str
    name: str
    why: str
    lessons: tuple[int, ...]

    def __post_init__(self) -> None:
        for name in ("key", "name", "why"):
            _check_text(name, getattr(self, name))
        numbers = check_labels("lessons", self.lessons)
        for n in numbers:
            lesson(int(n))  # a ValueError for a lesson that does not exist
        object.__setattr__(self, "lessons", tuple(int(n) for n in numbers))

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
            "representation",
            "improve the representation",
            "Better inputs before more labels: clean and transform the features "
            "(preprocessing), or learn features from the unlabelled data "
            "(unsupervised or self-supervised pretraining).",
            (3, 2, 9),
        ),
        Route(
            "crowdsourcing",
            "crowdsourcing (众包)",
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
            "active learning (human in the loop, 人在回路)",
            "Spend the budget on the examples the model is least sure about; a person "
            "labels what the model asks for.",
            (7, 6),
        ),
        Route(
            "self_training",
            "semi-supervised learning: self-training",
            "Let the model label the unlabelled data it is confident about.",
            (6, 7),
        ),
    )
}


# The guide as a graph: node -> {answer: next node}; nodes are questions or routes.
# "budget_few" and "budget_more" both ask the "budget" question.
TREE: dict[str, dict[str, str]] = {
    "data": {"no": "acquire", "yes": "labels"},
    "labels": {"plenty": "good", "none": "budget_few", "some": "enough"},
    "good": {"yes": "supervised", "no": "representation"},
    "enough": {"no": "budget_few", "yes": "budget_more"},
    "budget_few": {"yes": "crowdsourcing", "no": "weak_supervision"},
    "budget_more": {"yes": "active_learning", "no": "self_training"},
}


SETTINGS: tuple[tuple, ...] = (
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
        "self-training, label propagation (labels bought by active learning)",
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
        "no human labels; targets made from the inputs (a kind of unsupervised)",
        "contrastive learning, masked prediction",
        "09",
        (0.14, 0.5),
    ),
)
