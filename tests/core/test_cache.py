import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers.core import cache, serialize
from helpers.core.data import load_split
from tests.core.test_serialize import assert_same


class Returns:
    """A compute whose result can change while its code, and so the key, stays."""

    def __init__(self, value):
        self.value = value

    def __call__(self):
        return self.value


def zero():
    return 0


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
    assert_same(first, second)
    assert [p.suffix for p in tmp_cache.iterdir()] == [cache.SUFFIX]


def test_params_change_the_key(tmp_cache):
    a = cache.cached("x", lambda: 1, params={"n": 1}, verbose=False)
    b = cache.cached("x", lambda: 2, params={"n": 2}, verbose=False)
    assert (a, b) == (1, 2)
    assert cache.cache_key("x", {"n": 1}) != cache.cache_key("x", {"n": 2})
    assert cache.cache_key("x", {"a": 1, "b": 2}) == cache.cache_key(
        "x", {"b": 2, "a": 1}
    )
    big = np.zeros(10_000)
    other = big.copy()
    other[5_000] = 1.0  # prints the same as ``big``: the key hashes the bytes
    assert str(big) == str(other)
    assert cache.cache_key("x", {"a": big}) != cache.cache_key("x", {"a": other})


def test_a_code_change_changes_the_key(tmp_path, monkeypatch, capsys):
    package = tmp_path / "helpers"
    (package / "labels").mkdir(parents=True)
    module = package / "labels" / "grid.py"
    module.write_text("def grid():\n    return 1\n")
    monkeypatch.setattr(cache, "PACKAGE_DIR", package)
    folder = tmp_path / "cache"
    compute = Returns(1)
    before = cache.cache_key("g", {})
    assert cache.cached("g", compute, params={}, cache_dir=folder) == 1
    module.write_text("def grid():\n    return 2  # changed\n")
    assert cache.cache_key("g", {}) != before
    compute.value = 2
    assert cache.cached("g", compute, params={}, cache_dir=folder) == 2
    assert capsys.readouterr().out.count("computed g in") == 2
    (package / "labels" / "__pycache__").mkdir()
    (package / "labels" / "__pycache__" / "grid.pyc").write_bytes(b"x")
    compute.value = 3  # bytecode caches are not code changes: still a hit
    assert cache.cached("g", compute, params={}, cache_dir=folder) == 2


def test_compute_defined_outside_helpers_is_part_of_the_key():
    def notebook_sweep():
        return 1

    def notebook_sweep_edited():
        return 2

    same = cache.cache_key("n", {}, compute=notebook_sweep)
    assert same == cache.cache_key("n", {}, compute=notebook_sweep)
    assert same != cache.cache_key("n", {}, compute=notebook_sweep_edited)
    # a compute from the helpers package is covered by the package digest
    assert cache.cache_key("n", {}, compute=load_split) == cache.cache_key("n", {})


class Plant:
    """Unpickling this creates the file ``marker``: a stand-in for any code."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def pickled_payload(marker: Path) -> bytes:
    return pickle.dumps(Plant(marker))


def test_a_planted_pickle_never_runs(tmp_cache, tmp_path, capsys):
    proof = tmp_path / "proof"
    pickle.loads(pickled_payload(proof))
    assert proof.exists(), "the planted pickle does run code when unpickled"

    marker = tmp_path / "pwned"
    path = tmp_cache / f"{cache.cache_key('p', {}, compute=zero)}{cache.SUFFIX}"
    tmp_cache.mkdir()
    path.write_bytes(pickled_payload(marker))
    (tmp_cache / path.name.replace(cache.SUFFIX, ".pkl")).write_bytes(
        pickled_payload(marker)
    )
    assert cache.cached("p", zero, params={}, verbose=False) == 0
    out = capsys.readouterr().out
    assert f"cache entry {path.name} is unreadable (not a cache entry" in out
    assert not marker.exists()
    assert path.read_bytes().startswith(serialize.MAGIC)  # overwritten
    assert cache.cached("p", zero, params={}, verbose=False) == 0
    assert capsys.readouterr().out == ""


def sample_values(rng: np.random.Generator):
    """Values shaped like the cached artefacts: grids, curves, frames, dataclasses."""
    n = int(rng.integers(2, 6))
    yield {(s, t): rng.normal(size=n) for s in ("a", "b") for t in (0.5, 0.9)}
    yield rng.integers(0, 10, size=(n, 3))
    yield pd.DataFrame({"acc": rng.random(n), "name": [f"r{i}" for i in range(n)]})
    yield load_split("iris")
    yield [float(rng.random()), {"k": (1, "x")}, None, np.float32(rng.random())]


def test_byte_flips_are_detected_or_harmless(tmp_cache, capsys):
    """Flip 1-3 random bytes in 150 entries: each is detected and recomputed, or
    loads exactly the original value. No silent different value, no crash."""
    rng = np.random.default_rng(2024)
    detected = harmless = 0
    for i in range(30):
        for j, value in enumerate(sample_values(rng)):
            name, params = f"v{j}", {"i": i}

            compute = Returns(value)
            cache.cached(name, compute, params=params, verbose=False)
            (path,) = tmp_cache.glob(f"{name}-*")
            blob = bytearray(path.read_bytes())
            for pos in rng.choice(len(blob), size=rng.integers(1, 4), replace=False):
                blob[pos] ^= int(rng.integers(1, 256))
            path.write_bytes(bytes(blob))
            compute.value = "recomputed"
            got = cache.cached(name, compute, params=params, verbose=False)
            if got == "recomputed":
                detected += 1
                assert "is unreadable" in capsys.readouterr().out
            else:
                harmless += 1
                assert_same(value, got)
            path.unlink()
    assert detected + harmless == 150
    assert detected == 150  # in practice every flip breaks the SHA-256 check


def test_truncated_and_wrong_format_entries_are_misses(tmp_cache, capsys):
    compute = Returns(np.arange(100))
    cache.cached("t", compute, params={}, verbose=False)
    (path,) = tmp_cache.iterdir()
    blob = path.read_bytes()
    for broken in (
        blob[: len(blob) // 2],
        b"",
        blob.replace(b"WBCACHE 1", b"WBCACHE 9"),
    ):
        path.write_bytes(broken)
        compute.value = "again"
        assert cache.cached("t", compute, params={}, verbose=False) == "again"
        assert "is unreadable" in capsys.readouterr().out
        path.unlink()


def test_unsupported_results_raise_at_save_and_write_nothing(tmp_cache):
    with pytest.raises(TypeError, match=r"cannot cache value\['model'\]: type"):
        cache.cached("bad", lambda: {"model": object()}, params={}, verbose=False)
    assert not tmp_cache.exists() or list(tmp_cache.iterdir()) == []


def test_an_interrupted_write_leaves_no_temp_and_keeps_the_old_entry(
    tmp_cache, monkeypatch
):
    cache.cached("w", lambda: 1, params={}, verbose=False)
    (path,) = tmp_cache.iterdir()
    old = path.read_bytes()

    def crash(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(cache.os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        cache.write_atomic(path, b"new")
    assert list(tmp_cache.iterdir()) == [path]
    assert path.read_bytes() == old


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_temp_files_of_dead_writers_are_removed(tmp_cache):
    tmp_cache.mkdir()
    host = cache._HOST
    files = {
        "dead": f"x.entry~{host}~{dead_pid()}~ab12.tmp",
        "alive": f"x.entry~{host}~{os.getpid()}~cd34.tmp",
        "other host": f"x.entry~elsewhere~{dead_pid()}~ef56.tmp",
        "old other host": f"x.entry~elsewhere~{os.getpid()}~0000.tmp",
        "old unnamed": "tmpk2j3h4.tmp",
        "new unnamed": "tmpa1b2c3.tmp",
        "not a temp": "y.entry",
    }
    for name in files.values():
        (tmp_cache / name).write_bytes(b"partial")
    two_hours_ago = time.time() - 7200
    for key in ("old other host", "old unnamed"):
        os.utime(tmp_cache / files[key], (two_hours_ago, two_hours_ago))
    cache.cached("z", lambda: 1, params={}, verbose=False)  # cleans first
    left = {p.name for p in tmp_cache.iterdir()}
    for key in ("dead", "old other host", "old unnamed"):
        assert files[key] not in left, key
    for key in ("alive", "other host", "new unnamed", "not a temp"):
        assert files[key] in left, key


def test_no_cache_switch_recomputes(tmp_cache, monkeypatch):
    compute = Returns(1)
    cache.cached("z", compute, params={}, verbose=False)
    monkeypatch.setenv("WORKBOOK_NO_CACHE", "1")
    compute.value = 2
    assert cache.cached("z", compute, params={}, verbose=False) == 2


def test_bad_arguments(tmp_cache):
    with pytest.raises(ValueError, match="name must be"):
        cache.cached("bad name/..", lambda: 1, params={})
    with pytest.raises(ValueError, match="compute must be callable"):
        cache.cached("ok", 5, params={})
    with pytest.raises(ValueError, match="params must be a mapping"):
        cache.cached("ok", lambda: 1, params=[1, 2])
