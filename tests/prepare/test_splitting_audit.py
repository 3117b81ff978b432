"""Tests of prepare.splitting_audit: quality, diversity and balance by hand."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.prepare import splitting_audit as A


def test_quality_counts_by_hand():
    X = np.array(
        [
            [0.0, 1.0, 5.0],
            [0.0, 1.0, 5.0],
            [0.0, 1.0, 5.0],
            [2.0, 1.0, np.nan],
            [3, 1, 7],
        ]
    )
    y = np.array([0, 0, 1, 1, 1])
    a = A.audit(X, y)
    assert a["rows with missing values"] == 1
    assert a["duplicate rows"] == 2  # three copies of one row
    assert a["conflicting duplicates"] == 1  # that row has labels 0 and 1
    assert a["constant features"] == 1  # the middle column
    assert a["smallest class share"] == pytest.approx(2 / 5)
    assert a["largest / smallest class"] == pytest.approx(3 / 2)


def test_tight_clusters_show_as_small_nearest_neighbour_distances():
    rng = np.random.default_rng(0)
    spread = rng.normal(size=(200, 4))
    centres = rng.normal(size=(20, 4)) * 5
    clustered = np.repeat(centres, 10, axis=0) + 0.01 * rng.normal(size=(200, 4))
    y = np.arange(200) % 2
    loose, tight = A.audit(spread, y), A.audit(clustered, y)
    assert (
        tight["nearest / typical distance"] < 0.1 < loose["nearest / typical distance"]
    )
    assert tight["near-duplicate share"] == 1.0 and loose["near-duplicate share"] < 0.1


def test_units_do_not_matter():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(100, 3))
    y = np.arange(100) % 3
    scaled = X * np.array([1.0, 1000.0, 0.001])
    a, b = A.audit(X, y), A.audit(scaled, y)
    assert a["nearest / typical distance"] == pytest.approx(
        b["nearest / typical distance"]
    )


def test_table_and_bad_input():
    rng = np.random.default_rng(2)
    X, y = rng.normal(size=(30, 2)), np.arange(30) % 2
    table = A.audit_table({"a": (X, y), "b": (X[:20], y[:20])})
    assert list(table.columns) == ["a", "b"] and table.loc["rows", "b"] == 20
    with pytest.raises(ValueError, match="same length"):
        A.audit(X, y[:-1])
    with pytest.raises(ValueError, match="2-D"):
        A.audit(X[:, 0], y)
    with pytest.raises(ValueError, match="3 to"):
        A.audit(X[:2], y[:2])
    with pytest.raises(TypeError, match="tuple"):
        A.audit_table({"a": [X, y]})
