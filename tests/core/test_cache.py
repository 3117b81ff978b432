import numpy as np
import pytest

from helpers.core import cache


def test_computes_once_then_loads(tmp_cache, capsys):
    calls = []

    def compute():
        calls.append(1)
        return {"weights": np.arange(5)}

    first = cache.cached("thing", compute, params={"seed": 1})
    assert "computed thing in" in capsys.readouterr().out
    second = cache.cached("thing", compute, params={"seed": 1})
    assert "loaded thing from cache" in capsys.readouterr().out
    assert len(calls) == 1
    np.testing.assert_array_equal(first["weights"], second["weights"])
    assert len(list(tmp_cache.glob("thing-*.pkl"))) == 1


def test_params_change_the_key(tmp_cache):
    a = cache.cached("x", lambda: 1, params={"n": 1}, verbose=False)
    b = cache.cached("x", lambda: 2, params={"n": 2}, verbose=False)
    assert (a, b) == (1, 2)
    assert cache.cache_key("x", {"n": 1}) != cache.cache_key("x", {"n": 2})
    assert cache.cache_key("x", {"a": 1, "b": 2}) == cache.cache_key(
        "x", {"b": 2, "a": 1}
    )


def test_unreadable_file_is_recomputed(tmp_cache, capsys):
    cache.cached("y", lambda: 1, params={}, verbose=False)
    (path,) = tmp_cache.glob("y-*.pkl")
    path.write_bytes(b"garbage")
    assert cache.cached("y", lambda: 2, params={}) == 2
    assert "unreadable" in capsys.readouterr().out


def test_no_cache_switch_recomputes(tmp_cache, monkeypatch):
    cache.cached("z", lambda: 1, params={}, verbose=False)
    monkeypatch.setenv("WORKBOOK_NO_CACHE", "1")
    assert cache.cached("z", lambda: 2, params={}, verbose=False) == 2


def test_bad_arguments(tmp_cache):
    with pytest.raises(ValueError, match="name must be"):
        cache.cached("bad name/..", lambda: 1, params={})
    with pytest.raises(ValueError, match="compute must be callable"):
        cache.cached("ok", 5, params={})
    with pytest.raises(ValueError, match="params must be a mapping"):
        cache.cached("ok", lambda: 1, params=[1, 2])
