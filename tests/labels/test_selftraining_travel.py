"""Tests of labels.selftraining_travel: lesson 06's comparison on other data sets."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.labels import selftraining as st
from helpers.labels import selftraining_travel as stt

TINY = stt.TravelConfig(
    datasets=("wine",), thresholds=(0.5,), sklearn_thresholds=(0.9,), n_seeds=1
)


def test_scores_and_table_by_hand(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBOOK_CACHE_DIR", str(tmp_path))
    scores = stt.travel_scores(TINY, verbose=False)["wine"]
    # 2 supervised + 2 models x 2 rules x 1 threshold + 1 scikit-learn setting
    assert len(scores) == 7 and all(v.shape == (1, 2) for v in scores.values())
    # supervised logistic regression, recomputed by hand
    Xp, yp, Xt, yt = stt.travel_data("wine")
    y = st.partial_labels(yp, per_class=3, seed=0)
    val = stt.labelled_subset(yt, per_class=3, seed=0)
    test = np.setdiff1d(np.arange(len(yt)), val)
    model = st.logistic_regression().fit(Xp[y >= 0], y[y >= 0])
    got = scores["supervised only|logistic regression"][0]
    assert got[0] == pytest.approx(model.score(Xt[val], yt[val]))
    assert got[1] == pytest.approx(model.score(Xt[test], yt[test]))
    table = stt.travel_table({"wine": scores})
    assert list(table.index.get_level_values("family")) == list(stt.FAMILIES)
    best_val = max(v[0, 0] for k, v in scores.items() if k.startswith("scikit"))
    row = table.loc[("wine", "scikit-learn")]
    assert row["validation accuracy"] == pytest.approx(best_val)


def test_bad_input():
    with pytest.raises(ValueError, match="dataset"):
        stt.TravelConfig(datasets=("iris",))
    with pytest.raises(TypeError, match="thresholds must be a tuple"):
        stt.TravelConfig(thresholds=())
    with pytest.raises(TypeError, match="scores must map data set names"):
        stt.travel_table({})
    with pytest.raises(ValueError, match="has no setting of"):
        stt.travel_table({"wine": {"scikit-learn|x": np.zeros((1, 2))}})
