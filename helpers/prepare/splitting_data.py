"""Seeded data sets on which a random split is too optimistic (lesson 04, data).

:func:`make_grouped_data` -- recordings of patients, several per patient;
:func:`make_time_series` -- daily demand that drifts. A shuffled k-fold lets the model
see the patient or the neighbouring days it is tested on;
:func:`helpers.prepare.splitting.split_optimism` measures by how much.
"""

from __future__ import annotations

import numpy as np

from helpers.core.validation import check_int


def make_grouped_data(
    *, n_groups: int = 40, per_group: int = 10, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(X, y, groups): recordings of patients, ``per_group`` each.

    Every patient has a personal signature (a random offset) much larger than the weak
    signal of the label, and one label for all their recordings. A model that has seen
    a patient recognises them; a new patient must be judged on the weak signal.
    """
    n_groups = check_int("n_groups", n_groups, low=4, high=10_000)
    per_group = check_int("per_group", per_group, low=1, high=1_000)
    seed = check_int("seed", seed, low=0)
    rng = np.random.default_rng(seed)
    labels = rng.permutation(np.arange(n_groups) % 2)  # (n_groups,)
    signature = rng.normal(0, 3.0, size=(n_groups, 5))  # (n_groups, 5)
    groups = np.repeat(np.arange(n_groups), per_group)  # (n,)
    y = labels[groups]
    X = signature[groups] + rng.normal(0, 0.5, size=(len(groups), 5))  # (n, 5)
    X[:, 0] += 0.8 * y  # the weak, real signal
    return X, y, groups


def make_time_series(
    *, n_days: int = 730, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """(X, y): daily demand that drifts (a random walk) plus a weekly pattern.

    Features are the day number and one-hot weekday; the level on a given day is only
    knowable from its neighbours in time, which a random split hands to the model.
    """
    n_days = check_int("n_days", n_days, low=60, high=100_000)
    seed = check_int("seed", seed, low=0)
    rng = np.random.default_rng(seed)
    day = np.arange(n_days)
    level = 100 + np.cumsum(rng.normal(0, 2.0, n_days))
    weekly = np.array([0, 2, 3, 3, 5, 12, 8])[day % 7]
    y = level + weekly + rng.normal(0, 2.0, n_days)
    X = np.column_stack([day, np.eye(7)[day % 7]])  # (n_days, 8)
    return X, y
