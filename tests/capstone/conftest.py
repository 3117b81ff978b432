"""Fixtures of the capstone tests: the whole lifecycle once, on tiny sizes, shared by
the tests of a session. Every test must leave no model server running."""

from __future__ import annotations

import pytest

from helpers.capstone import operate, stages
from helpers.core.repro import set_threads
from helpers.deploy import server as server_module

TINY = stages.CapstoneConfig(
    n_api=60,
    n_val=20,
    n_test=20,
    budget=80,
    per_class=2,
    batch_size=10,
    epochs=30,
    n_traffic=25,
    window=50,
    n_new_pool=20,
    relabel_budget=20,
)


@pytest.fixture(scope="session", autouse=True)
def one_thread():
    set_threads(1)


@pytest.fixture(autouse=True)
def no_server_left():
    yield
    assert not server_module._LIVE, "a test left a model server running"


@pytest.fixture(scope="session")
def config():
    return TINY


@pytest.fixture(scope="session")
def acquired(config):
    return stages.acquire(config)


@pytest.fixture(scope="session")
def labelled(acquired, config):
    return stages.label(acquired, config)


@pytest.fixture(scope="session")
def trained(acquired, labelled, config):
    return stages.train(acquired, labelled, config)


@pytest.fixture(scope="session")
def exported(trained, acquired):
    return stages.export(trained, acquired)


@pytest.fixture(scope="session")
def served(exported, config):
    return operate.serve(exported, config)


@pytest.fixture(scope="session")
def monitored(served, exported, acquired, config):
    return operate.monitor(served, exported, acquired, config)


@pytest.fixture(scope="session")
def relabelled(acquired, labelled, config):
    return operate.relabel(acquired, labelled, config)


@pytest.fixture(scope="session")
def redeployed(relabelled, config):
    return operate.redeploy(relabelled, config)
