"""Fixtures shared by the labels tests: the digits split and a fitted model and
committee on a few labels of its pool."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.core.data import labelled_subset, load_digits_split
from helpers.labels import active_loop as L
from helpers.labels import sources as S


@pytest.fixture(scope="module")
def digits():
    return load_digits_split()


@pytest.fixture(scope="module")
def fitted(digits):
    start = labelled_subset(digits.y_pool, per_class=3, seed=0)
    model = L.make_model(warm_start=False).fit(
        digits.X_pool[start], digits.y_pool[start]
    )
    committee = S.fit_committee(
        L.make_model(),
        digits.X_pool[start],
        digits.y_pool[start],
        rng=np.random.default_rng(0),
    )
    rest = np.setdiff1d(np.arange(len(digits.y_pool)), start)
    return {"model": model, "committee": committee, "start": start, "rest": rest}
