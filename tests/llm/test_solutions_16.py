"""Tests for llm/solutions_16.py, each against an independent computation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.llm import solutions_16
from helpers.llm.checkpoints import PretrainRun


def test_ex1_is_six_n_d_in_tflop():
    run = PretrainRun("tiny", {}, {}, None, n_params=1000, tokens=2_000_000, flops=0.0)
    assert solutions_16.ex1(run) == pytest.approx(6 * 1000 * 2e6 / 1e12)


def test_ex2_names_the_biggest_sender():
    from helpers.llm.parallel import MEASURED_COLUMNS

    table = pd.DataFrame({c: [0, 0, 0] for c in MEASURED_COLUMNS[1:]})
    table["bytes per step per rank"] = [10, 300, 20]
    assert solutions_16.ex2(table) == "b"
    with pytest.raises(ValueError, match="lacks"):
        solutions_16.ex2(table.drop(columns=["share held"]))


def test_ex3_on_a_unigram_by_hand():
    ids = np.array([0, 1, 1, 2, 0, 0, 3, 3])  # first half: 0, 1, 1, 2
    val = np.array([1, 2])
    counts = np.array([1, 2, 1, 0])  # of the first half, vocabulary of 97
    d = 2 / (2 + 2 * 1)  # n1 = 2, n2 = 1
    p = np.maximum(counts - d, 0) / 4 + d * 3 / 4 / 97
    expected = -np.mean(np.log2(p[val]))
    assert solutions_16.ex3(ids, val, order=1) == pytest.approx(expected)
