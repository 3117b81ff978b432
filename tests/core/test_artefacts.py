"""Tests of core.artefacts: shipped artefacts are used only when current, and every
shipped artefact matches the code that makes it."""

from __future__ import annotations

import hashlib
import sys

import numpy as np
import pytest

from helpers.core import artefacts, config, serialize
from helpers.core.config import ROOT
from helpers.core.data import load_digits_split

sys.path.insert(0, str(ROOT / "tools"))
import artefacts as make_artefacts  # noqa: E402  (tools/artefacts.py)

# A helpers function stands for a lesson's compute: the key digests its module's
# closure, so it must live in the package.
make_grid = load_digits_split


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "SHA256SUMS").write_text("")
    monkeypatch.setattr(config, "DATA_DIR", folder)
    monkeypatch.setattr(config, "FAST", False)
    monkeypatch.setattr(config, "CACHE_DIR", tmp_path / "cache")
    return folder


def ship(folder, monkeypatch, params):
    monkeypatch.setenv(artefacts.BUILD_ENV, "1")
    artefacts.shipped("demo", make_grid, params=params, verbose=False)
    monkeypatch.delenv(artefacts.BUILD_ENV)
    path = folder / artefacts.artefact_name("demo")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    (folder / "SHA256SUMS").write_text(f"{digest}  {artefacts.artefact_name('demo')}\n")
    return path


def test_closure_follows_imports_transitively():
    closure = artefacts.module_closure("helpers.labels.curves")
    assert "helpers.core.data" in closure and "helpers.core.validation" in closure
    assert "helpers.core.config" in closure  # through helpers.core.data
    assert not any(m.endswith("_plots") for m in closure)
    assert artefacts.module_closure("helpers.core.validation") == [
        "helpers.core.validation"
    ]


def test_closure_digest_is_stable_and_module_specific():
    a = artefacts.closure_digest("helpers.labels.curves")
    assert a == artefacts.closure_digest("helpers.labels.curves")
    assert a != artefacts.closure_digest("helpers.core.validation")
    with pytest.raises(ValueError, match="inside the helpers package"):
        artefacts.module_file("os.path")


def test_a_current_shipped_artefact_is_loaded(data_dir, monkeypatch, capsys):
    ship(data_dir, monkeypatch, {"seeds": 3})
    value = artefacts.shipped("demo", make_grid, params={"seeds": 3})
    assert np.array_equal(value.X_pool, make_grid().X_pool)
    assert "loaded demo shipped in data/artefacts/demo.entry" in capsys.readouterr().out


def test_other_params_compute_instead(data_dir, monkeypatch, capsys):
    ship(data_dir, monkeypatch, {"seeds": 3})
    artefacts.shipped("demo", make_grid, params={"seeds": 4})
    out = capsys.readouterr().out
    assert "made by other code or parameters" in out and "computed demo" in out


def test_a_tampered_shipped_artefact_is_not_used(data_dir, monkeypatch, capsys):
    path = ship(data_dir, monkeypatch, {"seeds": 3})
    blob = bytearray(path.read_bytes())
    blob[-5] ^= 0xFF
    path.write_bytes(bytes(blob))
    artefacts.shipped("demo", make_grid, params={"seeds": 3})
    out = capsys.readouterr().out
    assert "does not match its recorded SHA-256" in out and "computed demo" in out


def test_key_probe_computes_nothing(monkeypatch):
    monkeypatch.setenv(artefacts.BUILD_ENV, "key")

    def boom():
        raise AssertionError("must not compute")

    boom.__module__ = "helpers.core.data"
    with pytest.raises(artefacts.KeyProbe) as probe:
        artefacts.shipped("demo", boom, params={"seeds": 3})
    assert probe.value.key == artefacts.shipped_key(
        "demo", {"seeds": 3}, module="helpers.core.data"
    )


@pytest.mark.parametrize("name", list(make_artefacts.ARTEFACTS))
def test_every_shipped_artefact_matches_its_code(name, monkeypatch):
    """Fails when a helper that makes a shipped artefact changed without
    `make artefacts`: the lesson would compute instead of loading it."""
    monkeypatch.setattr(config, "FAST", False)
    rel = artefacts.artefact_name(name)
    path = ROOT / "data" / rel
    assert path.is_file(), f"data/{rel} is missing: run `make artefacts`"
    recorded = serialize.recorded_key(path.read_bytes())
    assert make_artefacts.expected_key(name) == recorded, (
        f"data/{rel} was made by other code or parameters: "
        f"run `make artefacts NAMES={name}`"
    )
