"""Tests of deploy.predlog: the schema, appends from several threads, reading."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from helpers.deploy import predlog as P


def row(i: int) -> P.LogRow:
    return P.LogRow(
        float(i), f"r{i}", 0, "ab", [0.25, 0.5], i % 10, 0.9, 1.0, "cd", "fp32"
    )


def test_the_table_has_the_documented_columns(tmp_path):
    log = P.PredictionLog(tmp_path / "log.sqlite")
    log.close()
    with sqlite3.connect(tmp_path / "log.sqlite") as db:
        names = [r[1] for r in db.execute("PRAGMA table_info(predictions)")]
    assert names == ["id", *P.COLUMNS]
    for name in names:
        assert f"``{name}``" in P.__doc__


def test_appends_from_many_threads_all_land(tmp_path):
    log = P.PredictionLog(tmp_path / "log.sqlite")
    threads = [
        threading.Thread(
            target=lambda k=k: [log.append([row(10 * k + j)]) for j in range(10)]
        )
        for k in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    frame = P.read_log(log.path)
    log.close()
    assert len(frame) == 40 and sorted(frame["ts"]) == [float(i) for i in range(40)]
    assert frame["features"].iloc[0] == [0.25, 0.5]


def test_missing_files_and_folders_are_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="no prediction log"):
        P.read_log(tmp_path / "none.sqlite")
    with pytest.raises(FileNotFoundError, match="no folder"):
        P.PredictionLog(tmp_path / "no" / "log.sqlite")


def test_only_log_rows_are_appended(tmp_path):
    log = P.PredictionLog(tmp_path / "log.sqlite")
    with pytest.raises(TypeError, match="LogRow"):
        log.append([{"ts": 1}])
    log.close()
