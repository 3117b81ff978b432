"""Tests of monitor.streams: the captcha stream, the tabular stream's known changes,
and the prediction log's order and label delays."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.acquire.captcha import CaptchaStyle, render_captchas
from helpers.monitor import streams as S


def test_embed_averages_blocks():
    images = np.arange(2 * 8 * 12, dtype=np.float32).reshape(2, 8, 12)
    out = S.embed(images)
    assert out.shape == (2, 2 * 3)
    assert out[1, 4] == pytest.approx(images[1, 4:8, 4:8].mean())


def test_digit_probabilities_agree_with_the_reader(reader):
    batch = render_captchas(20, style=CaptchaStyle(), seed=9)
    proba = S.digit_probabilities(reader, batch.images)
    assert proba.shape == (20, 4, 10)
    np.testing.assert_allclose(proba.sum(-1), 1.0, rtol=1e-5)
    read = ["".join(map(str, row)) for row in proba.argmax(-1)]
    assert read == reader.predict(batch.images)


def test_captcha_stream_changes_at_the_known_point(stream):
    assert len(stream) == 400 and stream.change_at == 200
    assert stream.embedding.shape == (400, 154)
    assert stream.accuracy("before") > stream.accuracy("after") + 0.3
    assert stream.confidence[:200].mean() > stream.confidence[200:].mean()
    assert len(stream.ref_correct) == 200
    with pytest.raises(ValueError, match="unknown part"):
        stream.accuracy("during")


def test_covariate_drift_ramps_feature_0_and_keeps_the_rule():
    s = S.tabular_stream(
        40_000, kind="covariate", change_at=10_000, size=1.0, ramp=10_000, seed=0
    )
    x0 = s.X[:, 0]
    assert abs(x0[:10_000].mean()) < 0.05
    assert x0[14_000:16_000].mean() == pytest.approx(0.5, abs=0.08)  # half way
    assert x0[20_000:].mean() == pytest.approx(1.0, abs=0.05)
    share3 = [np.mean(s.category[a:b] == 3) for a, b in ((0, 10_000), (20_000, 40_000))]
    assert share3[0] == pytest.approx(0.1, abs=0.02)
    assert share3[1] == pytest.approx(0.25, abs=0.02)
    assert np.abs(s.X[:, 1:].mean(0)).max() < 0.03  # other features do not move


def test_label_shift_moves_the_prior_not_the_classes():
    s = S.tabular_stream(40_000, kind="label", change_at=20_000, size=1.0, seed=1)
    assert s.y[:20_000].mean() == pytest.approx(0.3, abs=0.015)
    assert s.y[20_000:].mean() == pytest.approx(0.6, abs=0.015)
    for y in (0, 1):
        early = s.X[:20_000][s.y[:20_000] == y].mean(0)
        late = s.X[20_000:][s.y[20_000:] == y].mean(0)
        np.testing.assert_allclose(early, late, atol=0.05)
        np.testing.assert_allclose(early, [1.5 * y, 1.0 * y, 0.0], atol=0.05)
    cat = s.category[s.y == 1]
    np.testing.assert_allclose(np.bincount(cat) / len(cat), S.CATEGORY_P[1], atol=0.02)


def test_size_zero_changes_nothing():
    a = S.tabular_stream(500, kind="covariate", change_at=100, size=0.0, seed=3)
    b = S.tabular_stream(500, kind="covariate", change_at=400, size=0.0, seed=3)
    np.testing.assert_array_equal(a.X, b.X)


def test_prediction_log_order_and_label_delay(stream):
    log = S.prediction_log(stream, label_delay=30)
    preds = [r for r in log if r["kind"] == "prediction"]
    labels = [r for r in log if r["kind"] == "label"]
    assert len(preds) == len(labels) == len(stream)
    assert [r["t"] for r in preds] == list(range(1, len(stream) + 1))
    assert all(r["t"] == r["id"] + 1 + 30 for r in labels)
    ts = [r["t"] for r in log]
    assert ts == sorted(ts)  # append-only: time never goes back
    assert labels[5]["correct"] == bool(stream.correct[5])
    assert preds[7]["prediction"] == "".join(map(str, stream.digits[7]))
