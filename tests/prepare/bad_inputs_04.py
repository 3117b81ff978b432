"""Bad-input cases of lesson 04's new modules in helpers.prepare (see
tests/bad_input.py): the data-set audit and the exercises' solutions."""

from __future__ import annotations

import numpy as np
from bad_input import Case

from helpers.prepare import solutions_04, splitting_audit

RNG = np.random.default_rng(0)
X20 = RNG.normal(size=(20, 3))
Y20 = np.arange(20) % 2
GROUPS20 = np.arange(20) // 4  # five groups of four
SERIES = np.cumsum(RNG.normal(size=80)) + 50.0

CASES = [
    Case(
        splitting_audit.audit,
        lambda: {"X": X20, "y": Y20, "near": 0.05},
        {"y": "shorter", "near": "prob"},
        # X: NaN and inf are what the audit counts (missing values), so the array
        # kind's planted NaN is valid input; its shape checks are in
        # tests/prepare/test_splitting_audit.py
    ),
    Case(
        splitting_audit.audit_table,
        lambda: {"datasets": {"a": (X20, Y20)}},
        {"datasets": "instance"},
    ),
    Case(
        solutions_04.ex1_test_size,
        lambda: {"n": 569, "ratios": (0.8, 0.1, 0.1)},
        {"n": "count", "ratios": "array"},
    ),
    Case(
        solutions_04.ex2_error_bar,
        lambda: {"accuracy": 0.93, "n_test": 57},
        {"accuracy": "prob", "n_test": "count"},
    ),
    Case(
        solutions_04.ex3_shared_patients,
        lambda: {"groups": GROUPS20, "k": 4, "seed": 0},
        {"groups": "array", "k": "count", "seed": "index"},
    ),
    Case(
        solutions_04.moving_average_feature,
        lambda: {"y": SERIES, "window": 7},
        {"y": "array", "window": "count"},
    ),
    Case(
        solutions_04.ex4_letter,
        lambda: {"y": SERIES, "window": 7, "seeds": range(1)},
        {"y": "array", "window": "count"},  # seeds: a range of seeds
    ),
    Case(
        solutions_04.ex5_optimism,
        lambda: {
            "X": X20,
            "y": Y20,
            "groups": GROUPS20,
            "n_neighbors": 3,
            "seeds": range(1),
        },
        {"X": "array", "y": "shorter", "groups": "shorter", "n_neighbors": "count"},
    ),
]

EXEMPT: dict[str, str] = {}
