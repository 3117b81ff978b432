"""Tests of helpers.capstone.timeline: windows by hand, and the lifecycle fixtures."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.capstone import timeline as tl
from helpers.capstone.stages import captcha_accuracy


def test_window_accuracy_matches_a_loop_by_hand():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 10, 4 * 23)  # 23 captchas
    pred = np.where(rng.random(len(y)) < 0.8, y, (y + 1) % 10)
    ends, acc = tl.window_accuracy(y, pred, captchas=5)
    assert ends.tolist() == [5, 10, 15, 20, 23]
    for start, end, a in zip([0, 5, 10, 15, 20], ends, acc, strict=True):
        expected = captcha_accuracy(y[4 * start : 4 * end], pred[4 * start : 4 * end])
        assert a == pytest.approx(expected)


def test_window_accuracy_refuses_partial_captchas_and_bad_windows():
    y = np.zeros(12, dtype=int)
    with pytest.raises(ValueError, match="multiple of 4"):
        tl.window_accuracy(y[:10], y[:10], captchas=1)
    with pytest.raises(ValueError, match="captchas"):
        tl.window_accuracy(y, y, captchas=4)  # only 3 captchas


def test_lifecycle_lays_both_days_end_to_end(
    served, monitored, relabelled, redeployed, config
):
    t = tl.lifecycle(served, monitored, relabelled, redeployed, window=config.window)
    n1, n2 = len(served.truth) // 4, len(redeployed.truth) // 4
    assert t.redeploy_at == n1 and t.window_end[-1] == n1 + n2
    assert t.change_at == served.change_at // 4
    assert np.all(np.diff(t.window_end) > 0)
    assert set(t.version.tolist()) == {1, 2}
    v1 = t.accuracy[t.version == 1]
    ends1 = t.window_end[t.version == 1]
    # the windows' captchas together give the day's captcha accuracy
    sizes = np.diff(np.append(0, ends1))
    assert np.average(v1, weights=sizes) == pytest.approx(
        captcha_accuracy(served.truth, served.predicted)
    )
    assert t.new_labels == relabelled.n_new_labels
    alerts = monitored.alerts
    fired = alerts[alerts["t"] > served.change_at]
    if len(fired):
        assert t.alert_at == fired["t"].min() / 4
    else:
        assert np.isnan(t.alert_at)
    assert np.array_equal(t.accuracy_of(2), t.accuracy[t.version == 2]) and len(
        t.accuracy_of(1)
    ) + len(t.accuracy_of(1, after_change=False)) == len(v1)
