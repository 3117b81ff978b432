"""Tests of deploy.batch: scoring a SQLite table equals scoring the array at once."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest

from helpers.deploy import batch as B
from helpers.deploy.runtime import make_session


@pytest.mark.parametrize("batch_size", [1, 7, 256])
def test_scores_equal_numpy_for_any_batch_size(
    tmp_path, tiny_onnx, weights, rows, batch_size
):
    W, b = weights
    path = tmp_path / "rows.sqlite"
    assert B.write_feature_table(path, rows) == 20
    result = B.score_table(path, make_session(tiny_onnx), batch_size=batch_size)
    np.testing.assert_array_equal(result.ids, np.arange(20))
    np.testing.assert_array_equal(result.predictions, (rows @ W.T + b).argmax(axis=1))
    with sqlite3.connect(path) as db:
        stored = db.execute("SELECT predicted FROM scores ORDER BY id").fetchall()
    assert [s[0] for s in stored] == result.predictions.tolist()
    assert result.rows_per_second > 0


def test_a_table_of_the_wrong_width_is_refused(tmp_path, tiny_onnx):
    path = tmp_path / "rows.sqlite"
    B.write_feature_table(path, np.zeros((3, 5)))
    with pytest.raises(ValueError, match="5 feature columns; the model reads 64"):
        B.score_table(path, make_session(tiny_onnx))


def test_a_missing_file_is_named(tmp_path, tiny_onnx):
    with pytest.raises(FileNotFoundError, match="no SQLite file"):
        B.score_table(tmp_path / "none.sqlite", make_session(tiny_onnx))
