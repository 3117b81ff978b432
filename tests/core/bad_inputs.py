"""Bad-input cases of helpers.core (see tests/bad_input.py)."""

import numpy as np
import pandas as pd
from bad_input import Case

from helpers.core import config, exercises, lessons, progress, repro, validation

CASES = [
    Case(
        config.pick,
        lambda: {"normal": 1, "fast": 2, "is_fast": None},
        {},
    ),
    Case(
        exercises.check,
        lambda: {"name": "q", "answer": 1.0, "expected": 1.0, "tol": 0.1},
        {"tol": "real"},
    ),
    Case(lessons.lesson, lambda: {"number": 3}, {"number": "index"}),
    Case(lessons.phase_of, lambda: {"number": 3}, {"number": "index"}),
    Case(
        lessons.Lesson,
        lambda: {"number": 3, "slug": "x", "title": "X", "concept": "y"},
        {"number": "index"},
    ),
    # desc, total and enabled are checked by hand (tests/core/test_progress.py): no
    # kind fits a free-text label or an optional total that may be 0.
    Case(
        progress.progress,
        lambda: {"iterable": [1], "desc": "x", "enabled": False},
        {},
    ),
    Case(repro.set_seeds, lambda: {"seed": 0}, {"seed": "index"}),
    Case(repro.set_threads, lambda: {"n": 1}, {"n": "count"}),
    Case(repro.environment_report, dict, {}),
    Case(
        validation.check_int,
        lambda: {"name": "k", "value": 3, "low": 1, "high": 5},
        {"value": "count"},
    ),
    Case(
        validation.check_real,
        lambda: {"name": "p", "value": 0.5, "low": 0, "high": 1},
        {"value": "prob"},
    ),
    Case(
        validation.check_array,
        lambda: {"name": "x", "value": np.ones((3, 2)), "ndim": 2},
        {"value": "array"},
    ),
    Case(
        validation.check_labels,
        lambda: {"name": "y", "value": np.array([0, 1, 1]), "n_classes": 2},
        {"value": "labels"},
    ),
    Case(
        validation.check_probabilities,
        lambda: {"name": "p", "value": np.full((2, 2), 0.5)},
        {"value": "array"},
    ),
    Case(
        validation.check_choice,
        lambda: {"name": "c", "value": "a", "options": ("a", "b")},
        {"value": "choice"},
    ),
    Case(
        validation.check_frame,
        lambda: {"df": pd.DataFrame({"a": [1, 2], "b": [3, 4]}), "columns": ["a", "b"]},
        {"df": "frame"},
    ),
    Case(validation.check_seeds, lambda: {"seeds": [0, 1]}, {}),
]

EXEMPT = {
    "helpers.core.validation.check_same_length": (
        "takes any named sequences; a mismatch is its one failure, tested in "
        "tests/core/test_validation.py"
    ),
}
