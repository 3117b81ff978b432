"""helpers.train.solutions_11: each expected answer against an independent route."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.train import solutions_11 as S
from helpers.train.families import digits_parts
from helpers.train.grid import DEFAULT, GridResults


def test_ex1_counts_parameters_by_the_formula():
    assert S.ex1_parameters() == 64 * 32 + 32 + 32 * 10 + 10
    assert S.ex1_parameters(n_features=5, width=3, n_classes=2) == 5 * 3 + 3 + 3 * 2 + 2


def _grid_with_gap(gap: float) -> GridResults:
    import pandas as pd

    from helpers.train.grid import settings

    runs = pd.DataFrame(settings()).assign(
        **{"train accuracy": 0.5, "val accuracy": 0.5, "best val accuracy": 0.5},
        seconds=1.0,
    )
    curves = np.full((len(runs), 4, 3), 0.5)
    i = int(np.flatnonzero(runs["n_train"] == 50)[0])
    curves[i, 2, -1] = 0.5 + gap  # train accuracy at the last epoch
    return GridResults(runs, curves, 3)


@pytest.mark.parametrize(("gap", "letter"), [(0.2, "b"), (0.01, "a"), (-0.2, "c")])
def test_ex2_reads_the_gap_of_the_small_run(gap, letter):
    assert S.ex2_overfit_letter(_grid_with_gap(gap)) == letter
    assert letter in S.OVERFIT_CHOICES
    assert DEFAULT["n_train"] != 50


def test_ex3_is_a_deterministic_sgd_run():
    parts = digits_parts(n_train=60)
    a = S.ex3_sgd_accuracy(parts, lr=0.1, epochs=2)
    b = S.ex3_sgd_accuracy(parts, lr=0.1, epochs=2)
    assert a == b and 0.1 < a <= 1.0
    assert S.ex3_sgd_accuracy(parts, lr=0.001, epochs=2) != a
