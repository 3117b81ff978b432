"""Tests of labels.active_travel: lesson 07's loop on other data sets."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import load_wine

from helpers.labels import active_travel as at
from helpers.labels.active_loop import Curves


@pytest.mark.parametrize("name", at.DATASETS)
def test_travel_data_is_a_scaled_split(name):
    Xp, yp, Xt, yt = at.travel_data(name)
    assert len(Xp) == len(yp) and len(Xt) == len(yt) and Xp.shape[1] == Xt.shape[1]
    assert set(np.unique(yt)) == set(np.unique(yp))
    if name != "digits":  # standardised on the pool
        np.testing.assert_allclose(Xp.mean(axis=0), 0, atol=1e-9)
        np.testing.assert_allclose(Xp.std(axis=0), 1, atol=1e-9)
    if name == "wine":
        assert len(yp) + len(yt) == len(load_wine().target)


def test_travel_curves_and_table_by_hand(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBOOK_CACHE_DIR", str(tmp_path))
    config = at.TravelConfig(
        datasets=("wine",), budgets=(26,), strategies=("random", "margin"), n_seeds=2
    )
    curves = at.travel_curves(config, verbose=False)
    c = curves["wine"]
    assert isinstance(c, Curves) and c.n_labels.tolist() == [6, 16, 26]
    table = at.travel_table(curves)
    expected = 100 * (c.median("margin") - c.median("random"))[1:].mean()
    assert table.loc["wine", "margin"] == pytest.approx(expected)
    assert list(table.columns) == ["margin"]


def test_config_and_table_refuse_bad_input():
    with pytest.raises(ValueError, match="one budget per data set"):
        at.TravelConfig(datasets=("wine",), budgets=(30, 40))
    with pytest.raises(ValueError, match="include the 'random' baseline"):
        at.TravelConfig(strategies=("margin",))
    with pytest.raises(TypeError, match="curves must map data set names"):
        at.travel_table({})
