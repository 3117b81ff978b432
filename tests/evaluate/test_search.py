"""Tests of evaluate.search: the grid, the samplers and the best-so-far curves."""

import math

import numpy as np
import pytest
from sklearn.decomposition import PCA
from sklearn.svm import SVC

from helpers.evaluate import search as S


@pytest.mark.parametrize("budget", [1, 16, 36, 50])
def test_grid_fits_the_budget_and_avoids_edges(budget):
    grid = S.grid_levels(budget)
    assert math.prod(len(v) for v in grid.values()) <= budget
    assert 1e-2 < min(grid["C"]) and max(grid["C"]) < 1e3
    assert set(grid["whiten"]) <= {False, True}


def test_grid_36_is_3_3_2_2():
    assert [len(v) for v in S.grid_levels(36).values()] == [3, 3, 2, 2]


def test_validation_error_matches_a_hand_fit():
    data = S.search_data(n_train=200)
    params = {"C": 10.0, "gamma": 0.05, "n_components": 20, "whiten": False}
    X = PCA(20, random_state=0).fit(data.X_train)
    model = SVC(C=10.0, gamma=0.05).fit(X.transform(data.X_train), data.y_train)
    expected = np.mean(model.predict(X.transform(data.X_val)) != data.y_val)
    assert S.validation_error(params, data) == pytest.approx(expected)


def test_run_search_counts_trials_and_grid_visits_every_point():
    calls = []

    def objective(p):
        calls.append(p)
        return p["C"] / 1e3 + p["gamma"]  # cheap stand-in

    data = S.search_data(n_train=100)
    for method in S.METHODS:
        calls.clear()
        errors = S.run_search(method, seed=0, budget=16, data=data, objective=objective)
        assert errors.shape == (16,) and not np.isnan(errors).any()
        if method == "grid":
            assert len({tuple(sorted(p.items())) for p in calls}) == 16


def test_best_so_far_and_winners():
    errors = np.array(
        [[[0.5, 0.2, 0.3]], [[0.4, 0.4, 0.1]], [[0.3, np.nan, np.nan]]]
    )  # (methods, seeds, trials)
    curves = S.SearchCurves(("a", "b", "c"), (0,), errors, 0.0)
    np.testing.assert_allclose(curves.best_so_far("a"), [[0.5, 0.2, 0.2]])
    np.testing.assert_allclose(curves.best_so_far("c"), [[0.3, 0.3, 0.3]])
    table = curves.winners([1, 2, 3])
    assert table.winner.tolist() == ["c", "a", "b"]


def test_unknown_sampler_is_refused():
    with pytest.raises(ValueError, match="unknown sampler 'bayes'"):
        S.make_sampler("bayes", seed=0)


def test_search_comparison_fast_run(tmp_path, monkeypatch):
    from helpers.core import config

    monkeypatch.setattr(config, "CACHE_DIR", tmp_path)  # not the project's cache
    curves = S.search_comparison(budget=4, seeds=[0], n_train=100)
    assert curves.errors.shape == (3, 1, 4)
    assert np.all(np.diff(curves.best_so_far("tpe"), axis=1) <= 0)
