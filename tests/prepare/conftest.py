"""Shared fixtures of the prepare tests: the lessons' small tables and grids, built
once per test session (the grids are the slow part)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import load_breast_cancer

from helpers.core.data import load_bundled
from helpers.prepare import cleaning_grid, dirty, features_grid, shop, splitting_grid


@pytest.fixture(scope="session")
def lesson() -> tuple[dirty.DirtyData, pd.DataFrame]:
    """Lesson 02's tables, smaller: 500 dirty training rows, 300 clean validation."""
    return dirty.lesson_tables(n_train=500, n_valid=300, seed=1)


@pytest.fixture(scope="session")
def clean_grid(lesson) -> cleaning_grid.CleaningGrid:
    data, valid = lesson
    return cleaning_grid.cleaning_grid(data, valid, thresholds=[1.5, 3.0, 4.5])


@pytest.fixture(scope="session")
def shop_table() -> pd.DataFrame:
    return shop.make_shop_table(seed=0)


@pytest.fixture(scope="session")
def feature_grid(shop_table) -> features_grid.FeatureGrid:
    return features_grid.feature_grid(shop_table, components=(1, 2, 3), n_splits=3)


@pytest.fixture(scope="session")
def wine() -> tuple[np.ndarray, np.ndarray]:
    frame = load_bundled("wine")
    return frame.drop(columns="target").to_numpy(), frame["target"].to_numpy()


@pytest.fixture(scope="session")
def cancer() -> tuple[np.ndarray, np.ndarray]:
    return load_breast_cancer(return_X_y=True)


@pytest.fixture(scope="session")
def split_grid(cancer) -> splitting_grid.SplitGrid:
    X, y = cancer
    return splitting_grid.split_grid(X, y, n_seeds=4, ks=(2, 5))
