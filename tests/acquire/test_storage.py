"""Tests of acquire.storage: the SQLite store of acquired captchas."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.acquire import client as acq
from helpers.acquire import storage
from helpers.acquire.server import API_PATH


def test_store_round_trip_and_idempotence(tmp_path, make_server):
    server = make_server(n_records=60, page_size=20)
    result = acq.ApiClient(server.url, api_key=server.config.api_key).fetch_all(
        API_PATH, per_page=20
    )
    path = tmp_path / "sub" / "store.sqlite"
    conn = storage.open_store(path)
    written = storage.store_captchas(
        conn, result.records, source="api", rejected=result.rejected
    )
    storage.store_captchas(conn, result.records, source="api", rejected=result.rejected)
    counts = storage.query(
        conn,
        "SELECT (SELECT COUNT(*) FROM captchas) AS c, "
        "(SELECT COUNT(*) FROM rejected) AS r",
    )
    assert counts.iloc[0].tolist() == [written, len(result.rejected)]  # no duplicates
    conn.close()

    conn = storage.open_store(path)  # reopened: the data lives in the file
    images, texts = storage.load_captchas(conn, source="api")
    assert texts == [r.text for r in sorted(result.records, key=lambda r: r.id)]
    assert np.allclose(images[0] * 255, result.records[0].image)
    reasons = storage.query(
        conn, "SELECT reason FROM rejected WHERE reason LIKE ?", ["text%"]
    )
    assert len(reasons) == 2
    with pytest.raises(ValueError, match="no captchas stored from 'web'"):
        storage.load_captchas(conn, source="web")
    conn.close()
    storage.open_store(path, reset=True).close()
    assert storage.query(storage.open_store(path), "SELECT * FROM captchas").empty


def test_default_store_lives_in_the_cache_and_is_made_on_demand(tmp_cache):
    assert not tmp_cache.exists()  # importing the module created nothing
    conn = storage.open_store()
    conn.close()
    assert (tmp_cache / "lesson01" / "acquired.sqlite").is_file()


def test_wrong_connections_and_sources_are_refused(tmp_path):
    with pytest.raises(TypeError, match="conn must be a sqlite3 connection"):
        storage.query("not a connection", "SELECT 1")
    with pytest.raises(TypeError, match="reset must be True or False"):
        storage.open_store(tmp_path / "s.sqlite", reset="yes")
    conn = storage.open_store(tmp_path / "s.sqlite")
    try:
        with pytest.raises(ValueError, match="source must name where"):
            storage.store_captchas(conn, [], source=" ")
        with pytest.raises(TypeError, match="records must be CaptchaRecord"):
            storage.store_captchas(conn, [{"id": 1}], source="api")
        with pytest.raises(TypeError, match="sql must be the text"):
            storage.query(conn, None)
        assert storage.query(conn, "SELECT COUNT(*) AS n FROM captchas")["n"][0] == 0
    finally:
        conn.close()
