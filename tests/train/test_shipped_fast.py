"""Tests of helpers.train.shipped_fast: its key is core's normal-mode key, every
lesson artefact it knows is found, and fast mode loads instead of computing."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.core import artefacts, config
from helpers.monitor.maintenance import MaintenanceConfig, maintenance_table
from helpers.train import shipped_fast as sf

PARAMS = {"config": MaintenanceConfig()}
MODULE = "helpers.monitor.maintenance"


@pytest.mark.parametrize("name", ["monitor_maintenance", "training_grid"])
def test_normal_key_is_cores_key_in_normal_mode(monkeypatch, name):
    params = sf._normal_params(name)
    module = sf.LESSON_ARTEFACTS[name]
    ours = sf.normal_key(name, params, module=module)
    monkeypatch.setattr(config, "FAST", False)
    assert ours == artefacts.shipped_key(name, params, module=module)
    monkeypatch.setattr(config, "FAST", True)  # our key does not depend on the mode
    assert sf.normal_key(name, params, module=module) == ours
    assert ours != artefacts.shipped_key(name, params, module=module)


@pytest.mark.parametrize("name", sorted(sf.LESSON_ARTEFACTS))
def test_every_lesson_artefact_is_found_for_its_normal_params(name):
    """Fails when a producer's normal-mode params changed (update _normal_params) or
    its shipped file is stale (`make artefacts NAMES=<name>`)."""
    module = sf.LESSON_ARTEFACTS[name]
    value = sf.load_normal(name, params=sf._normal_params(name), module=module)
    assert value is not None, f"{name}: not found; `make artefacts NAMES={name}`?"


def test_load_normal_is_none_for_other_params():
    other = {"config": MaintenanceConfig(n_test=123)}
    assert sf.load_normal("monitor_maintenance", params=other, module=MODULE) is None
    assert sf.load_normal("no_such_artefact", params=PARAMS, module=MODULE) is None


def test_fast_mode_loads_the_shipped_result_and_never_computes(monkeypatch, capsys):
    def boom():
        raise AssertionError("computed although the shipped file is current")

    monkeypatch.setattr(config, "FAST", True)
    got = sf.reuse("monitor_maintenance", boom, normal_params=PARAMS, module=MODULE)
    assert "loaded monitor_maintenance shipped" in capsys.readouterr().out
    monkeypatch.setattr(config, "FAST", False)
    shipped = maintenance_table()  # normal mode: core's shipped() loads the file
    pd.testing.assert_frame_equal(got, shipped)
    assert len(got) == 3 and got.loc["retrain", "hand labels"] == 300


def test_normal_mode_and_stale_files_call_the_producer(monkeypatch):
    calls = []

    def produce():
        calls.append(1)
        return "computed"

    monkeypatch.setattr(config, "FAST", False)
    assert sf.reuse("monitor_maintenance", produce, normal_params=PARAMS, module=MODULE)
    monkeypatch.setattr(config, "FAST", True)
    other = {"config": MaintenanceConfig(n_test=7)}
    assert (
        sf.reuse("monitor_maintenance", produce, normal_params=other, module=MODULE)
        == "computed"
    )
    assert len(calls) == 2


def test_lesson_artefact_refuses_unknown_names():
    with pytest.raises(ValueError, match="name must be one of"):
        sf.lesson_artefact("no_such_artefact", maintenance_table)
    with pytest.raises(TypeError, match="produce must be callable"):
        sf.lesson_artefact("monitor_maintenance", None)
