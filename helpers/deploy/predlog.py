"""The prediction log: one SQLite row per predicted item, appended by the server.

Lesson 14 (monitoring) reads it to watch the inputs and the predictions over time.
The schema (table ``predictions``):

================  =======  ====================================================
column            type     meaning
================  =======  ====================================================
``id``            INTEGER  row number, increasing (primary key)
``ts``            REAL     Unix time in seconds when the request was answered
``request_id``    TEXT     one random id per HTTP request (a batch shares it)
``item``          INTEGER  position of the item inside its request (0 for one)
``input_sha256``  TEXT     SHA-256 of the item's features as float32 bytes
``features``      TEXT     the features as a JSON list of floats
``predicted``     INTEGER  the predicted class
``confidence``    REAL     the probability the model gave that class
``latency_ms``    REAL     server time for the whole request, in milliseconds
``model_sha256``  TEXT     SHA-256 of the model file that answered
``precision``     TEXT     the model's precision ("fp32", "int8 static" ...)
================  =======  ====================================================

Rows are only ever inserted (never updated or deleted); the file is in SQLite's WAL
mode, so a reader (lesson 14, a notebook) can read while the server writes.

>>> import tempfile, pathlib
>>> log = PredictionLog(pathlib.Path(tempfile.mkdtemp()) / "log.sqlite")
>>> log.append([LogRow(1.0, "r1", 0, "ab", [0.0, 1.0], 3, 0.9, 2.5, "cd", "fp32")])
1
>>> read_log(log.path)[["predicted", "confidence"]].to_dict("records")
[{'predicted': 3, 'confidence': 0.9}]
>>> log.close()
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Sequence
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from helpers.deploy.runtime import MissingFile, existing_file

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = (
    "ts",
    "request_id",
    "item",
    "input_sha256",
    "features",
    "predicted",
    "confidence",
    "latency_ms",
    "model_sha256",
    "precision",
)
SCHEMA = """
CREATE TABLE IF NOT EXISTS predictions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ts REAL NOT NULL,
    request_id TEXT NOT NULL,
    item INTEGER NOT NULL,
    input_sha256 TEXT NOT NULL,
    features TEXT NOT NULL,
    predicted INTEGER NOT NULL,
    confidence REAL NOT NULL,
    latency_ms REAL NOT NULL,
    model_sha256 TEXT NOT NULL,
    precision TEXT NOT NULL
)
"""


@dataclass(frozen=True)
class LogRow:
    """One predicted item, in the order of :data:`COLUMNS` (``features`` a list)."""

    ts: float
    request_id: str
    item: int
    input_sha256: str
    features: list[float]
    predicted: int
    confidence: float
    latency_ms: float
    model_sha256: str
    precision: str


class PredictionLog:
    """An append-only SQLite prediction log at ``path`` (created if missing).

    Safe to share between the server's worker threads (one lock, one connection).
    """

    def __init__(self, path: str | Path) -> None:
        if not isinstance(path, str | Path) or not str(path):
            raise TypeError(f"path must be a file path, got {path!r}")
        self.path = Path(path)
        if not self.path.parent.is_dir():
            raise MissingFile(f"no folder {self.path.parent} for the log")
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, timeout=10)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")  # WAL: no fsync per commit
        self._db.execute(SCHEMA)
        self._db.commit()

    def append(self, rows: Sequence[LogRow]) -> int:
        """Insert ``rows`` in one transaction; returns how many."""
        values = []
        for row in rows:
            if not isinstance(row, LogRow):
                raise TypeError(f"rows must be LogRow, got {type(row).__name__}")
            fields = list(astuple(row))
            fields[4] = json.dumps([round(float(v), 6) for v in row.features])
            values.append(fields)
        placeholders = ", ".join("?" * len(COLUMNS))
        with self._lock:
            self._db.executemany(
                f"INSERT INTO predictions ({', '.join(COLUMNS)}) "
                f"VALUES ({placeholders})",
                values,
            )
            self._db.commit()
        return len(values)

    def close(self) -> None:
        with self._lock:
            self._db.close()


def read_log(path: str | Path) -> pd.DataFrame:
    """The whole log as a DataFrame (``features`` decoded to lists), oldest first."""
    path = existing_file(path, what="prediction log")
    import pandas as pd  # here, not at the top: the server never reads the log

    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        frame = pd.read_sql_query("SELECT * FROM predictions ORDER BY id", db)
    frame["features"] = frame["features"].map(json.loads)
    return frame
