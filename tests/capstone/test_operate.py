"""Tests of capstone.operate: the served answers are the model's, the log and the
metrics count what was sent, the monitor agrees with lesson 14's detectors run by
hand, and no server or port is left behind."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.capstone import operate as O
from helpers.capstone import stages as S
from helpers.deploy import server as server_module
from helpers.monitor import detectors as D


def _local(model, X):
    """The INT8 model's answers, request by request: dynamic quantization scales the
    activations by each batch's range, so the batches must be the server's."""
    X = np.round(X, 5)
    return np.concatenate(
        [S.onnx_predict(model, X[i : i + O.BATCH]) for i in range(0, len(X), O.BATCH)]
    )


def test_serve_answers_what_the_int8_model_answers(served, exported, config):
    X_old, y_old = O.traffic(config, style="old")
    X_new, y_new = O.traffic(config, style="new")
    local = np.r_[_local(exported.int8, X_old), _local(exported.int8, X_new)]
    np.testing.assert_array_equal(served.predicted, local)
    np.testing.assert_array_equal(served.truth, np.r_[y_old, y_new])
    assert served.change_at == 4 * config.n_traffic
    assert served.captcha_accuracy("before") == S.captcha_accuracy(
        y_old, served.predicted[: served.change_at]
    )


def test_log_and_metrics_count_every_cell(served, config):
    n = 8 * config.n_traffic
    assert len(served.log) == n
    np.testing.assert_array_equal(served.log["predicted"], served.predicted)
    counts = O.served_counts(served)
    assert counts["predicted cells"] == n
    assert counts["predict requests"] == -(-4 * config.n_traffic // O.BATCH) * 2


def test_no_server_or_port_is_left(served):
    assert not server_module._LIVE
    assert served.startup_seconds > 0


def test_monitor_agrees_with_the_ks_test_by_hand(monitored, served, exported, acquired):
    ref = O.reference(exported, acquired.X_val)["confidence"]
    conf = served.log["confidence"].to_numpy()
    w = 50
    fired = [
        D.ks_test(ref, conf[i : i + w]).p_value < 0.01
        for i in range(0, len(conf) - w + 1, w)
    ]
    alerts = monitored.alerts[monitored.alerts["detector"] == "KS confidence"]
    assert sorted(alerts["t"].tolist()) == [
        (k + 1) * w for k, f in enumerate(fired) if f
    ]
    assert monitored.mean_confidence["before"] == pytest.approx(
        conf[: served.change_at].mean()
    )


def test_relabel_buys_new_labels_and_redeploy_serves_the_new_model(
    relabelled, redeployed, config
):
    assert relabelled.n_new_labels == config.relabel_budget
    X, y = O.traffic(config, style="new", seed_offset=8)
    local = _local(relabelled.exported.int8, X)
    np.testing.assert_array_equal(redeployed.predicted, local)
    assert len(redeployed.model_sha256) == 64
    assert not server_module._LIVE


def test_summary_table(
    acquired,
    labelled,
    trained,
    exported,
    served,
    monitored,
    relabelled,
    redeployed,
    config,
):
    table = O.summary_table(
        acquired,
        labelled,
        trained,
        exported,
        served,
        monitored,
        relabelled,
        redeployed,
    )
    assert len(table) == 8
    assert table["hand labels"].sum() == config.budget + config.relabel_budget
    with pytest.raises(TypeError, match="redeployed"):
        O.summary_table(
            acquired, labelled, trained, exported, served, monitored, relabelled, None
        )


def test_served_refuses_bad_part(served):
    with pytest.raises(ValueError, match="part"):
        served.captcha_accuracy("during")
