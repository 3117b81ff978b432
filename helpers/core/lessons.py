"""The lesson map: one table of lessons (the lifecycle figure is drawn from it by
:mod:`helpers.ui.lessons_plots`)."""

from __future__ import annotations

from dataclasses import dataclass

from helpers.core.validation import check_int


@dataclass(frozen=True)
class Lesson:
    number: int
    slug: str
    title: str
    concept: str

    def __post_init__(self) -> None:
        check_int("number", self.number, low=0, high=99)
        for name in ("slug", "title", "concept"):
            if not isinstance(getattr(self, name), str) or not getattr(self, name):
                raise TypeError(f"{name} must be a non-empty string")

    @property
    def notebook(self) -> str:
        return f"{self.number:02d}_{self.slug}.ipynb"


LESSONS: tuple[Lesson, ...] = (
    Lesson(0, "welcome", "Welcome", "how the workbook works; the lifecycle map"),
    Lesson(
        1,
        "problem_and_data",
        "Problem and data acquisition",
        "formulation; official APIs, polite scraping, generated data",
    ),
    Lesson(2, "cleaning", "Data cleaning", "missing values, duplicates, outliers"),
    Lesson(
        3,
        "features",
        "Transformation and features",
        "scaling, encoding, PCA, pipelines, leakage",
    ),
    Lesson(
        4,
        "splitting",
        "Splitting and validation",
        "train/validation/test, stratified, k-fold, grouped, time splits",
    ),
    Lesson(
        5,
        "labeling_and_crowdsourcing",
        "Labeling strategies and crowdsourcing",
        "choosing a route; majority vote vs Dawid-Skene",
    ),
    Lesson(
        6,
        "self_training",
        "Self-training",
        "pseudo-labels above a confidence threshold",
    ),
    Lesson(
        7,
        "active_learning",
        "Active learning",
        "uncertainty, committees, diversity; a human in the loop",
    ),
    Lesson(
        8,
        "weak_supervision",
        "Weak supervision",
        "labeling functions and a label model",
    ),
    Lesson(
        9,
        "contrastive",
        "Self-supervised and contrastive learning",
        "pretext tasks, InfoNCE, linear probes",
    ),
    Lesson(
        10,
        "synthetic_data",
        "Synthetic data and augmentation",
        "generators, GANs, augmentation, privacy",
    ),
    Lesson(11, "training", "Training", "losses, optimisers, curves"),
    Lesson(
        12,
        "evaluation_and_tuning",
        "Evaluation and tuning",
        "metrics, thresholds, hyper-parameter search",
    ),
    Lesson(
        13, "deployment", "Deployment", "model formats, quantization, serving an API"
    ),
    Lesson(14, "monitoring", "Monitoring and drift", "data drift, alerts, retraining"),
    Lesson(15, "capstone", "Capstone", "the whole lifecycle on one problem"),
    Lesson(
        16,
        "pretraining",
        "Pretraining and parallelism",
        "language-model pretraining, data and model parallelism",
    ),
    Lesson(
        17, "fine_tuning", "Fine-tuning", "SFT, adapters, prompt/prefix tuning, LoRA"
    ),
    Lesson(
        18,
        "rlhf_and_prompting",
        "RLHF, evaluation and prompting",
        "reward models, RLHF, BLEU/ROUGE, prompt engineering",
    ),
)


def lesson(number: int) -> Lesson:
    """The lesson with this number."""
    check_int("number", number)
    for item in LESSONS:
        if item.number == number:
            return item
    raise ValueError(f"no lesson {number}; lessons are numbered 0..{len(LESSONS) - 1}")


# (stage, lessons that teach it) around the main loop, then the large-model branch.
# Splitting (lesson 04) prepares the data: it belongs with cleaning, not training.


MAIN_LOOP = (
    ("Problem", (1,)),
    ("Data", (1, 2, 4)),
    ("Labels", (5, 6, 7, 8)),
    ("Features", (3, 9, 10)),
    ("Training", (11,)),
    ("Evaluation", (12,)),
    ("Deployment", (13,)),
    ("Monitoring", (14,)),
)


LLM_BRANCH = (
    ("Pretraining", (16,)),
    ("SFT / PEFT", (17,)),
    ("RLHF", (18,)),
    ("Evaluation", (18,)),
    ("Prompting", (18,)),
)


PHASES: dict[str, tuple[str, tuple[int, ...]]] = {
    "acquire": ("problem framing and data acquisition", (1,)),
    "prepare": ("cleaning, features, splitting", (2, 3, 4)),
    "labels": ("getting labels: crowds, self-training, active, weak", (5, 6, 7, 8)),
    "represent": ("self-supervised and contrastive representations", (9,)),
    "synth": ("synthetic data and augmentation", (10,)),
    "train": ("training models", (11,)),
    "evaluate": ("evaluation, thresholds and tuning", (0, 12)),
    "deploy": ("deployment: formats, quantization, serving", (13,)),
    "monitor": ("monitoring and drift", (14,)),
    "capstone": ("the whole lifecycle on one problem", (15,)),
    "llm": ("the large-model branch: pretraining, fine-tuning, RLHF", (16, 17, 18)),
}
"""``{phase: (what it covers, lesson numbers)}``: the helpers subpackage of each
lesson (``core`` and ``ui`` serve them all)."""


def phase_of(number: int) -> str:
    """The helpers phase (subpackage name) that holds lesson ``number``'s code."""
    check_int("number", number)
    for phase, (_, numbers) in PHASES.items():
        if number in numbers:
            return phase
    raise ValueError(f"no lesson {number}; the lessons are 0..{len(LESSONS) - 1}")
