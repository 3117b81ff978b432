"""Tests of evaluate.solutions_12 against independent computations."""

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import f1_score

from helpers.evaluate import solutions_12 as sol
from helpers.evaluate.honest import tuning_optimism


def test_ex1_is_sklearn_macro_f1():
    y = np.array([0, 0, 1, 1, 0])
    p = np.array([0.2, 0.6, 0.7, 0.4, 0.1])
    assert sol.ex1(y, p, 0.5) == pytest.approx(f1_score(y, p >= 0.5, average="macro"))
    assert sol.ex1(y, p) == pytest.approx(f1_score(y, p >= 0.3, average="macro"))


def test_ex2_picks_the_nearest_growth():
    # errors: one of 0 becomes s; n = 4 -> MSE = s^2 / 4 (+ 0): growth 4
    sweep = pd.DataFrame(
        {"size": [0.0, 500.0, 1000.0], "mse": [0.0, 62500.0, 250000.0]}
    )
    assert sol.ex2(sweep) == "c"


def test_ex3_is_the_median_optimism_of_tuning_on_test():
    runs = tuning_optimism([0, 1, 2], test_size=50)
    best = runs.scores[:, :, 1].argmax(axis=1)  # by test score
    gaps = [runs.scores[i, j, 1] - runs.scores[i, j, 2] for i, j in enumerate(best)]
    assert sol.ex3([0, 1, 2]) == pytest.approx(np.median(gaps))


def test_ex3_letter_compares_with_the_given_optimism():
    value = sol.ex3([0, 1, 2])
    assert sol.ex3([0, 1, 2], versus=value - 0.01) == "a"
    assert sol.ex3([0, 1, 2], versus=value + 0.01) == "b"
    assert sol.ex3([0, 1, 2], versus=value + 0.001) == "c"
    assert set(sol.OPTIMISM_CHOICES) == {"a", "b", "c"}
