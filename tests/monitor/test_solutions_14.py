"""Tests of monitor.solutions_14: each expected answer against an independent
computation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.monitor import solutions_14 as S
from helpers.monitor.streams import tabular_stream


def test_ex1_is_the_psi_of_the_last_window_by_hand(stream):
    ref, win = stream.ref_confidence, stream.confidence[-50:]
    edges = np.quantile(ref, np.arange(1, 10) / 10)
    p = np.bincount(np.searchsorted(edges, ref, side="right"), minlength=10) / len(ref)
    q = np.bincount(np.searchsorted(edges, win, side="right"), minlength=10) / len(win)
    p, q = np.maximum(p, 1e-4), np.maximum(q, 1e-4)
    assert S.ex1(stream, window=50) == pytest.approx(np.sum((q - p) * np.log(q / p)))


def test_ex2_letters_follow_the_delays():
    def table(ks, acc):
        return pd.DataFrame(
            {"delay (predictions)": [ks, acc]}, index=["KS confidence", "accuracy"]
        )

    assert S.ex2(table(100, 300), label_delay=200) == "B"
    assert S.ex2(table(100, 500), label_delay=200) == "C"
    assert S.ex2(table(300, 300), label_delay=200) == "D"


def test_ex3_counts_psi_false_alarms_by_hand():
    from helpers.monitor import detectors as D

    ref = tabular_stream(1000, kind="covariate", change_at=999, size=0.0, seed=1)
    s = tabular_stream(
        2000, kind="covariate", change_at=1000, size=1.0, ramp=500, seed=0
    )
    by_hand = sum(
        max(D.psi(ref.X[:, j], s.X[a : a + 50, j]).statistic for j in range(3)) > 0.25
        for a in range(0, 1000, 50)
    )
    assert S.ex3(ref, s, window=50, psi_level=0.25) == by_hand
