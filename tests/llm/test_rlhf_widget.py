"""Tests for llm/rlhf_widget.py: the slider selects another REINFORCE run."""

from __future__ import annotations

import pytest
from widget_checks import set_and_check_redraw

from helpers.llm.rlhf_widget import build_kl_widget
from llm.rlhf_support import fake_run


def test_moving_beta_redraws_that_run():
    run = fake_run()
    widget = build_kl_widget(run)
    assert widget.state is run
    first = widget.summary.value
    state = set_and_check_redraw(widget, "beta", 0.0)
    log = run.pg_logs["0.0"]
    assert f"KL <b>{log['kl'][-10:].mean():.2f}</b>" in state["summary"]
    assert max(widget.latencies) < 5.0 and first


def test_a_wrong_run_is_refused():
    with pytest.raises(TypeError):
        build_kl_widget("shipped")
