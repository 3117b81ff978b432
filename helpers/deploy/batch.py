"""Batch prediction: the same model scoring a SQLite table, many rows per call.

:func:`write_feature_table` stores rows ``X`` in a table ``(id, f0 .. f{d-1})``;
:func:`score_table` reads it ``batch_size`` rows at a time, runs the ONNX session and
writes ``(id, predicted)`` into a ``scores`` table, timing the whole pass (read,
predict, write). No HTTP, no JSON, one call per batch: what a nightly job does.

>>> import tempfile, pathlib
>>> from helpers.deploy.runtime import make_session
>>> path = pathlib.Path(tempfile.mkdtemp()) / "rows.sqlite"
>>> write_feature_table(path, np.eye(3))
3
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnxruntime as ort

from helpers.core.validation import check_array, check_int
from helpers.deploy.runtime import existing_file, n_inputs, run_logits

TABLE, SCORES = "features", "scores"


def _path(path: object) -> Path:
    if not isinstance(path, str | Path) or not str(path):
        raise TypeError(f"path must be a file path, got {path!r}")
    return Path(path)


def write_feature_table(path: str | Path, X: np.ndarray) -> int:
    """(Re)create the table ``features (id, f0, ..)`` at ``path`` holding ``X``;
    returns the number of rows."""
    path = _path(path)
    X = check_array("X", X, ndim=2)
    columns = [f"f{j}" for j in range(X.shape[1])]
    with sqlite3.connect(path) as db:
        db.execute(f"DROP TABLE IF EXISTS {TABLE}")
        db.execute(
            f"CREATE TABLE {TABLE} (id INTEGER PRIMARY KEY, "
            + ", ".join(f"{c} REAL NOT NULL" for c in columns)
            + ")"
        )
        db.executemany(
            f"INSERT INTO {TABLE} VALUES ({', '.join('?' * (X.shape[1] + 1))})",
            [(i, *map(float, row)) for i, row in enumerate(X)],
        )
    return len(X)


@dataclass(frozen=True)
class BatchResult:
    """Row ids and predicted classes (both ``(n,)``), and the seconds the pass took."""

    ids: np.ndarray
    predictions: np.ndarray
    seconds: float
    batch_size: int

    @property
    def rows_per_second(self) -> float:
        return len(self.ids) / self.seconds


def score_table(
    path: str | Path, session: ort.InferenceSession, *, batch_size: int = 256
) -> BatchResult:
    """Predict every row of the ``features`` table, ``batch_size`` rows per call,
    writing ``scores (id, predicted)``; timed from the first read to the commit."""
    path = existing_file(path, what="SQLite file")
    width = n_inputs(session)
    batch_size = check_int("batch_size", batch_size, low=1, high=1_000_000)
    ids, predicted = [], []
    start = time.perf_counter()
    with sqlite3.connect(path) as db:
        db.execute(f"DROP TABLE IF EXISTS {SCORES}")
        db.execute(f"CREATE TABLE {SCORES} (id INTEGER PRIMARY KEY, predicted INTEGER)")
        cursor = db.execute(f"SELECT * FROM {TABLE} ORDER BY id")
        if len(cursor.description) != width + 1:
            raise ValueError(
                f"the table has {len(cursor.description) - 1} feature columns; "
                f"the model reads {width}"
            )
        while rows := cursor.fetchmany(batch_size):
            block = np.asarray(rows, dtype=np.float32)  # (batch, 1 + n_features)
            labels = run_logits(session, block[:, 1:]).argmax(axis=1)  # (batch,)
            batch_ids = block[:, 0].astype(int)
            db.executemany(
                f"INSERT INTO {SCORES} VALUES (?, ?)",
                zip(batch_ids.tolist(), labels.tolist(), strict=True),
            )
            ids.append(batch_ids)
            predicted.append(labels)
    seconds = time.perf_counter() - start
    return BatchResult(
        np.concatenate(ids), np.concatenate(predicted), seconds, batch_size
    )
