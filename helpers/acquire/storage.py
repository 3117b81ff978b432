"""Storing what was collected (lesson 01): a real SQLite file, queried back with SQL.

:func:`open_store` opens the file, :func:`store_captchas` writes validated records
(and the ones set aside), :func:`query` and :func:`load_captchas` read them back.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from helpers.acquire.records import CaptchaRecord, RejectedRecord
from helpers.core import config

_SCHEMA = """
CREATE TABLE IF NOT EXISTS captchas (
    id INTEGER PRIMARY KEY, text TEXT NOT NULL, height INTEGER NOT NULL,
    width INTEGER NOT NULL, pixels BLOB NOT NULL, issued_at TEXT, source TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rejected (
    source TEXT, page INTEGER, position INTEGER, record_id TEXT, reason TEXT, raw TEXT);
"""


def open_store(
    path: Path | str | None = None, *, reset: bool = False
) -> sqlite3.Connection:
    """Open (or create) a SQLite file; default ``CACHE_DIR/lesson01/acquired.sqlite``.

    ``reset=True`` deletes the file first, so a lesson run starts from nothing.
    """
    if (path is not None and not isinstance(path, (str, Path))) or path == "":
        raise TypeError(f"path must be a file path (str or Path), got {path!r}")
    if not isinstance(reset, bool):
        raise TypeError(f"reset must be True or False, got {reset!r}")
    path = (
        Path(path)
        if path is not None
        else config.CACHE_DIR / "lesson01" / "acquired.sqlite"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    if reset and path.exists():
        path.unlink()
    conn = sqlite3.connect(path)
    conn.executescript(_SCHEMA)
    return conn


def store_captchas(
    conn: sqlite3.Connection,
    records: Iterable[CaptchaRecord],
    *,
    source: str,
    rejected: Iterable[RejectedRecord] = (),
) -> int:
    """Insert (or replace, by id) records and their set-aside companions; returns
    how many records were written. Re-running it does not duplicate rows."""
    _check_conn(conn)
    if not isinstance(source, str) or not source.strip():
        raise ValueError(
            f"source must name where the records came from, got {source!r}"
        )
    records, rejected = list(records), list(rejected)
    if not all(isinstance(r, CaptchaRecord) for r in records):
        raise TypeError("records must be CaptchaRecord objects")
    if not all(isinstance(r, RejectedRecord) for r in rejected):
        raise TypeError("rejected must be RejectedRecord objects")
    rows = [
        (r.id, r.text, *r.image.shape, r.image.tobytes(), r.issued_at, source)
        for r in records
    ]
    bad = [
        (
            source,
            r.page,
            r.position,
            json.dumps(r.record_id),
            r.reason,
            json.dumps(r.raw),
        )
        for r in rejected
    ]
    with conn:  # one transaction
        conn.executemany("INSERT OR REPLACE INTO captchas VALUES (?,?,?,?,?,?,?)", rows)
        conn.execute("DELETE FROM rejected WHERE source = ?", (source,))
        conn.executemany("INSERT INTO rejected VALUES (?,?,?,?,?,?)", bad)
    return len(rows)


def query(
    conn: sqlite3.Connection, sql: str, params: Iterable[Any] = ()
) -> pd.DataFrame:
    """Run a SQL query and return the rows as a DataFrame."""
    _check_conn(conn)
    if not isinstance(sql, str) or not sql.strip():
        raise TypeError(f"sql must be the text of a query, got {sql!r}")
    return pd.read_sql_query(sql, conn, params=tuple(params))


def load_captchas(
    conn: sqlite3.Connection, *, source: str | None = None
) -> tuple[np.ndarray, list[str]]:
    """Images ``(n, h, w)`` in [0, 1] and texts of the stored captchas, by id."""
    _check_conn(conn)
    if source is not None and not isinstance(source, str):
        raise TypeError(f"source must be a str or None, got {source!r}")
    where, params = ("WHERE source = ?", (source,)) if source else ("", ())
    rows = conn.execute(
        f"SELECT height, width, pixels, text FROM captchas {where} ORDER BY id", params
    ).fetchall()
    if not rows:
        raise ValueError(f"no captchas stored{f' from {source!r}' if source else ''}")
    images = np.stack([np.frombuffer(p, np.uint8).reshape(h, w) for h, w, p, _ in rows])
    return images.astype(np.float32) / 255.0, [t for *_, t in rows]


def _check_conn(conn: object) -> None:
    if not isinstance(conn, sqlite3.Connection):
        raise TypeError(
            f"conn must be a sqlite3 connection (open_store), got {type(conn).__name__}"
        )
