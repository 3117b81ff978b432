"""Shared test fixtures: a private cache, lesson 01's server, closing figures.

Fast mode, the plotting backends and the figure check of executed notebooks are set up
in the top-level ``conftest.py``, which covers ``notebooks/`` too.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from helpers.core import config

# Support modules, not tests: `make test` runs --doctest-modules over tests/ too, and
# the bad-input registries share a basename across phases. tests/test_bad_input.py
# loads the registries itself, by path.
collect_ignore_glob = ["*/bad_inputs*.py", "bad_input.py", "widget_checks.py"]
collect_ignore_glob += ["local_server.py"]


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every pyplot figure a test opened, so memory stays flat."""
    yield
    plt.close("all")


@pytest.fixture
def tmp_cache(tmp_path, monkeypatch):
    """Point :data:`helpers.core.config.CACHE_DIR` at an empty folder for one test."""
    folder = tmp_path / "cache"
    monkeypatch.setattr(config, "CACHE_DIR", folder)
    return folder


@pytest.fixture
def make_server():
    """Start lesson 01's server with config overrides; after the test stop every
    server, check each stop() took under 2 s and that no server thread is left."""
    import time

    from local_server import EASY

    from helpers.acquire.server import (
        AcquisitionServer,
        ServerConfig,
        server_threads,
    )

    started = []

    def start(**overrides):
        server = AcquisitionServer(ServerConfig(**{**EASY, **overrides})).start()
        started.append(server)
        return server

    yield start
    took = []
    for server in started:
        began = time.monotonic()
        server.stop()
        took.append(time.monotonic() - began)
    assert server_threads() == []
    assert max(took, default=0.0) < 2.0, f"stop() took {max(took):.2f} s"
