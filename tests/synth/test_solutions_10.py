"""Tests of synth.solutions_10: lesson 10's expected answers, computed another way."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.core.data import load_digits_split
from helpers.synth import groups
from helpers.synth import solutions_10 as sol
from helpers.synth.synthetic import distance_to_closest_record
from helpers.synth.vae import VaeConfig, generate, train_vae


def test_median_gain_is_the_median_of_per_seed_differences(small_grid):
    s, r = small_grid.strengths[0], small_grid.ratios[-1]
    per_seed = [
        small_grid.accuracy["augmented"][k, 0, -1]
        - small_grid.accuracy["augmented"][k, 0, 0]
        for k in range(len(small_grid.seeds))
    ]
    got = sol.median_gain(small_grid, source="augmented", strength=s, ratio=r)
    assert got == pytest.approx(float(np.median(per_seed)))


def _results(drop_blind: float, drop_terms: float) -> pd.DataFrame:
    rows = []
    for model, drop in (("group-blind", drop_blind), ("with group terms", drop_terms)):
        for balancing, acc in (("none", 0.9), ("SMOTE", 0.9 - drop)):
            for group in groups.GROUPS:
                rows.append(
                    {
                        "model": model,
                        "balancing": balancing,
                        "group": group,
                        "accuracy": acc,
                    }
                )
    return pd.DataFrame(rows)


def test_rebalance_letter_reads_the_drops():
    assert sol.rebalance_letter(_results(0.2, 0.0)) == "a"
    # (c) is never the answer: measurements that fit neither (a) nor (b) are refused
    with pytest.raises(ValueError, match="fit no choice of 10.2"):
        sol.rebalance_letter(_results(0.0, 0.0))
    with pytest.raises(ValueError, match="fit no choice of 10.2"):
        sol.rebalance_letter(_results(0.2, 0.2))
    with pytest.raises(ValueError, match="lack the cell"):
        sol.rebalance_letter(_results(0.2, 0.0).query("balancing == 'none'"))


def test_near_copy_share_is_the_privacy_rule_worked_out_by_hand():
    d = load_digits_split()
    vae = train_vae(d.X_pool[:200], d.y_pool[:200], VaeConfig(steps=20, seed=0))
    requested = np.repeat(np.arange(10), 5)
    got = sol.near_copy_share(
        vae, requested, d.X_pool, d.X_test, temperature=0.0, seed=0
    )
    samples = generate(vae, requested, temperature=0.0, seed=0)
    cut = np.quantile(distance_to_closest_record(d.X_test, d.X_pool), 0.05)
    expected = (distance_to_closest_record(samples, d.X_pool) < cut).mean()
    assert got == pytest.approx(expected)
