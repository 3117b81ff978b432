"""Tests of prepare.splitting_data: grouped recordings and a drifting time series."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.prepare import splitting_data


def test_grouped_data_shape_and_errors():
    X, y, g = splitting_data.make_grouped_data(n_groups=10, per_group=3, seed=1)
    assert X.shape == (30, 5) and y.shape == g.shape == (30,)
    for group in np.unique(g):
        assert np.unique(y[g == group]).size == 1  # one label per patient
    with pytest.raises(ValueError, match="n_groups"):
        splitting_data.make_grouped_data(n_groups=2)
    with pytest.raises(ValueError, match="n_days"):
        splitting_data.make_time_series(n_days=10)


def test_grouped_data_personal_signature_dominates_the_label():
    X, y, g = splitting_data.make_grouped_data(n_groups=40, per_group=10, seed=0)
    # Between-patient spread (std 3) dwarfs the label's shift (0.8) on feature 0.
    means = np.array([X[g == p, 0].mean() for p in np.unique(g)])
    assert means.std() > 2.0
    assert abs(X[y == 1, 0].mean() - X[y == 0, 0].mean()) < means.std()
    with pytest.raises(TypeError, match="per_group must be an integer"):
        splitting_data.make_grouped_data(per_group=2.5)
    with pytest.raises(ValueError, match="seed must be an integer"):
        splitting_data.make_grouped_data(seed=-1)


def test_time_series_has_day_and_weekday_columns():
    X, y = splitting_data.make_time_series(n_days=70, seed=2)
    assert X.shape == (70, 8) and y.shape == (70,)
    np.testing.assert_array_equal(X[:, 0], np.arange(70))
    np.testing.assert_array_equal(X[:, 1:].sum(axis=1), 1)  # one weekday each
    np.testing.assert_array_equal(X[7, 1:], X[0, 1:])  # a week later, same weekday
    again = splitting_data.make_time_series(n_days=70, seed=2)[1]
    np.testing.assert_array_equal(y, again)
    with pytest.raises(ValueError, match="n_days must be an integer"):
        splitting_data.make_time_series(n_days=10**9)
