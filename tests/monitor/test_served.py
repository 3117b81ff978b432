"""Tests of monitor.served: the monitoring loop against lesson 13's real server
(alerts after the change, none before; nothing left running), the new pen, the
reference rows and the served model."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from onnx import TensorProto, helper, numpy_helper
from sklearn.linear_model import LogisticRegression

from helpers.core.data import load_digits_split
from helpers.deploy import server as server_module
from helpers.deploy.client import ServerUnavailable
from helpers.deploy.digits_models import N_TRAIN, load_model, train_digits_models
from helpers.deploy.runtime import make_session, run_logits
from helpers.deploy.server import ModelServer, port_is_open
from helpers.monitor import detectors as D
from helpers.monitor import loop as L
from helpers.monitor.metrics import class_counts
from helpers.monitor.served import (
    LABEL,
    METRIC,
    METRICS_DETECTOR,
    held_out_digits,
    linear_onnx,
    restyle_digits,
    small_model_onnx,
    watch_served,
)
from helpers.train.shipped_fast import lesson_artefact

CHECKS = [
    L.Check("KS confidence", "confidence", "ks", 0.01),
    L.Check("chi2 classes", "predicted", "chi2", 0.01),
]


def gemm_onnx(W: np.ndarray, b: np.ndarray) -> bytes:
    """ONNX bytes of ``x @ W.T + b`` (a linear classifier), dynamic batch axis."""
    k, d = W.shape
    graph = helper.make_graph(
        [helper.make_node("Gemm", ["x", "W", "b"], ["logits"], transB=1)],
        "linear",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", d])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", k])],
        initializer=[
            numpy_helper.from_array(W.astype(np.float32), "W"),
            numpy_helper.from_array(b.astype(np.float32), "b"),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)])
    model.ir_version = 10
    return model.SerializeToString()


@pytest.fixture(scope="module")
def split():
    return load_digits_split()


@pytest.fixture(scope="module")
def linear_model_file(split, tmp_path_factory):
    """A logistic regression on lesson 13's training rows, as an ONNX file (fast:
    no torch training, no exporter)."""
    order = np.random.default_rng(0).permutation(len(split.y_pool))[:N_TRAIN]
    clf = LogisticRegression(max_iter=300).fit(split.X_pool[order], split.y_pool[order])
    path = tmp_path_factory.mktemp("served") / "linear.onnx"
    path.write_bytes(gemm_onnx(clf.coef_, clf.intercept_))
    return path


@pytest.fixture(autouse=True)
def _nothing_left_running():
    before = set(server_module._LIVE)
    yield
    left = set(server_module._LIVE) - before
    for server in left:
        server.stop()
    assert not left, f"servers left running by the test: {left}"


def test_restyle_digits_thickens_by_a_running_max_and_adds_noise():
    X = np.zeros((2, 64))
    X[0, 8 * 3 + 2] = 1.0  # one ink pixel at row 3, column 2
    same = restyle_digits(X, thicken=0, noise=0.0)
    np.testing.assert_array_equal(same, X)
    wide = restyle_digits(X, thicken=2, noise=0.0).reshape(2, 8, 8)
    assert np.flatnonzero(wide[0, 3]).tolist() == [2, 3, 4]
    assert wide[0].sum() == 3 and wide[1].sum() == 0
    noisy = restyle_digits(X, noise=0.4, seed=1)
    assert noisy.dtype == np.float32 and noisy.min() >= 0 and noisy.max() <= 1
    np.testing.assert_array_equal(noisy, restyle_digits(X, noise=0.4, seed=1))
    assert not np.array_equal(noisy, restyle_digits(X, noise=0.4, seed=2))
    with pytest.raises(ValueError, match="64 columns"):
        restyle_digits(np.zeros((2, 63)))
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        restyle_digits(np.full((1, 64), 2.0))


def test_held_out_digits_are_the_rows_lesson_13_did_not_train_on(split):
    X = held_out_digits(split)
    assert X.shape == (len(split.y_pool) - N_TRAIN, 64) and X.dtype == np.float32
    order = np.random.default_rng(0).permutation(len(split.y_pool))
    trained = {row.tobytes() for row in split.X_pool[order[:N_TRAIN]].astype("f4")}
    unique_held = [row.tobytes() for row in X]
    assert sum(r in trained for r in unique_held) <= 5, "(digits has a few duplicates)"


def test_small_model_onnx_matches_lesson_13s_torch_model(split):
    blob = small_model_onnx()  # the shipped models, in fast mode too
    trained = lesson_artefact("deploy_digits_models", train_digits_models)
    model = load_model(trained, "small")
    X = split.X_test[:50].astype(np.float32)
    with torch.no_grad():
        expected = model(torch.from_numpy(X)).numpy()  # (50, 10)
    np.testing.assert_allclose(run_logits(make_session(blob), X), expected, atol=1e-4)


def test_linear_onnx_matches_torchs_exporter():
    from helpers.deploy.formats import export_onnx

    torch.manual_seed(0)
    layer = torch.nn.Sequential(torch.nn.Linear(7, 3)).eval()
    X = np.random.default_rng(0).normal(size=(20, 7)).astype(np.float32)
    state = layer.state_dict()
    ours = linear_onnx(state["0.weight"].numpy(), state["0.bias"].numpy())
    exported = export_onnx(layer, n_features=7)
    got, want = (run_logits(make_session(b), X) for b in (ours, exported))
    np.testing.assert_allclose(got, want, atol=1e-6)
    with torch.no_grad():
        np.testing.assert_allclose(got, layer(torch.from_numpy(X)).numpy(), atol=1e-6)


def test_linear_onnx_refuses_mismatched_bias():
    with pytest.raises(ValueError, match="one value per row"):
        linear_onnx(np.ones((3, 4)), np.ones(4))


def test_the_loop_alerts_after_the_change_and_not_before(split, linear_model_file):
    X_ref = held_out_digits(split)[:200]
    clean = split.X_test[:300].astype(np.float32)
    X = np.concatenate([clean, restyle_digits(clean, thicken=2, seed=0)])  # at 300
    log_file = linear_model_file.parent / "log.sqlite"
    with ModelServer(linear_model_file, log_path=log_file) as server:
        run = watch_served(
            server.url, log_file, X_ref, X, change_at=300, window=100, checks=CHECKS
        )
        port, process = server.port, server.process
    # nothing left running: the process ended, the port is closed
    assert process.poll() is not None and not server.running
    assert not port_is_open(port)
    with pytest.raises(ServerUnavailable):
        watch_served(
            server.url, log_file, X_ref, X, change_at=300, window=100, checks=CHECKS
        )
    summary = run.summary()
    assert list(summary.index) == ["KS confidence", "chi2 classes", METRICS_DETECTOR]
    assert (summary["false alarms before"] == 0).all()
    assert (summary["delay (predictions)"] == 100).all(), summary
    assert (run.alerts["t"] > 300).all()
    # the log holds every prediction, and /metrics counted them all
    assert len(run.reference) == 200 and len(run.log) == 600
    np.testing.assert_array_equal(run.log["t"], np.arange(1, 601))
    total = class_counts(run.scrapes[-1][1], metric=METRIC, label=LABEL).sum()
    assert total == 800
    # an alert's statistic is the test on that window's log rows, by hand
    first = run.alerts[run.alerts.detector == "KS confidence"].iloc[0]
    window = run.log["confidence"].to_numpy()[300:400]
    by_hand = D.ks_test(run.reference["confidence"].to_numpy(), window)
    assert first.t == 400 and first.statistic == pytest.approx(by_hand.statistic)
    metrics_first = run.alerts[run.alerts.detector == METRICS_DETECTOR].iloc[0]
    chi2 = D.chi2_test(
        run.reference["predicted"].to_numpy(),
        run.log["predicted"].to_numpy()[300:400],
        n_categories=10,
    )
    assert metrics_first.statistic == pytest.approx(chi2.statistic)


def test_watch_served_checks_its_arguments_before_any_request():
    X = np.zeros((100, 64))
    url = "http://127.0.0.1:9"  # nothing is contacted: the checks come first
    call = dict(change_at=50, window=50, checks=CHECKS)
    with pytest.raises(ValueError, match="window"):
        watch_served(url, "log.sqlite", X, X, **{**call, "window": 101})
    with pytest.raises(ValueError, match="change_at"):
        watch_served(url, "log.sqlite", X, X, **{**call, "change_at": 101})
    with pytest.raises(TypeError, match="checks"):
        watch_served(url, "log.sqlite", X, X, **{**call, "checks": []})
    bad = [L.Check("MMD", "embedding", "mmd", 0.01)]
    with pytest.raises(ValueError, match="embedding"):
        watch_served(url, "log.sqlite", X, X, **{**call, "checks": bad})
    with pytest.raises(TypeError, match="log_path"):
        watch_served(url, None, X, X, **call)
