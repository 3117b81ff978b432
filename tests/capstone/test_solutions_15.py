"""Tests of capstone.solutions_15: each expected answer against an independent
computation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.capstone import solutions_15 as S
from helpers.capstone.operate import Monitored
from helpers.labels.active_loop import run_active_learning


def test_ex1_is_digit_accuracy_to_the_fourth(trained):
    p = trained.test_scores["digit accuracy"]
    assert S.ex1(trained) == pytest.approx(p * p * p * p)


def _monitored(before, after):
    summary = pd.DataFrame(
        {"false alarms before": [0], "delay (predictions)": [100.0]},
        index=["KS confidence"],
    )
    return Monitored(pd.DataFrame(), summary, 100, {"before": before, "after": after})


def test_ex2_letters_follow_the_confidence():
    assert S.ex2(_monitored(0.8, 0.6)) == "A"
    assert S.ex2(_monitored(0.6, 0.8)) == "B"
    assert S.ex2(_monitored(0.8, 0.805)) == "C"


def test_ex3_is_the_loop_run_directly(acquired, labelled, config):
    start = np.sort(labelled.indices[: 10 * config.per_class])
    direct = run_active_learning(
        acquired.X_pool,
        acquired.y_pool,
        acquired.X_val,
        acquired.y_val,
        strategy="least_confidence",
        start=start,
        batch_size=config.batch_size,
        budget=config.budget,
        seed=config.seed,
    )
    got = S.ex3(acquired, config, strategy="least_confidence")
    assert got == pytest.approx(direct.accuracy[-1])
    with pytest.raises(ValueError, match="strategy"):
        S.ex3(acquired, config, strategy="random")
