"""Fixtures of the deploy tests: a tiny ONNX model built by hand (no exporter, so
instant and exact), its file, and one real server shared by a module's tests.

Every test must leave no server process and no listening port behind: the autouse
fixture checks that the servers a test started are stopped, and the shared server's
teardown checks its process ended and its port is closed.
"""

from __future__ import annotations

import numpy as np
import pytest

from helpers.deploy import server as server_module
from helpers.deploy.server import ModelServer, port_is_open

from .deploy_support import gemm_model

N_FEATURES, N_CLASSES = 64, 10


@pytest.fixture(scope="session")
def weights():
    rng = np.random.default_rng(0)
    return rng.normal(size=(N_CLASSES, N_FEATURES)), rng.normal(size=N_CLASSES)


@pytest.fixture(scope="session")
def tiny_onnx(weights):
    return gemm_model(*weights)


@pytest.fixture(scope="session")
def rows():
    """Twenty rows in [0, 1] of 64 features."""
    return np.random.default_rng(1).random((20, N_FEATURES)).astype(np.float32)


@pytest.fixture
def model_file(tmp_path, tiny_onnx):
    path = tmp_path / "model.onnx"
    path.write_bytes(tiny_onnx)
    return path


@pytest.fixture(scope="module")
def live_server(tmp_path_factory, tiny_onnx):
    """One real server for the module's tests; stopped and checked at the end."""
    folder = tmp_path_factory.mktemp("served")
    (folder / "model.onnx").write_bytes(tiny_onnx)
    server = ModelServer(
        folder / "model.onnx", log_path=folder / "log.sqlite", max_batch=50
    ).start()
    yield server
    port = server.port
    server.stop()
    assert server.process.poll() is not None, "the server process is still running"
    assert not port_is_open(port), f"port {port} still accepts connections"


@pytest.fixture(autouse=True)
def _no_new_live_servers():
    before = set(server_module._LIVE)
    yield
    left = set(server_module._LIVE) - before
    for server in left:
        server.stop()
    assert not left, f"servers left running by the test: {left}"
