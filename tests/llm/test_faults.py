"""Tests for llm/faults.py: the on-purpose failures and their argument checks."""

from __future__ import annotations

import pytest

from helpers.llm import faults
from helpers.llm.launch import launch


def test_check_args_refuses_what_cannot_run():
    with pytest.raises(ValueError, match="mode"):
        faults.check_args(2, mode="explode")
    with pytest.raises(ValueError, match="bad_rank"):
        faults.check_args(2, bad_rank=2)
    with pytest.raises(ValueError, match="at_step"):
        faults.check_args(2, at_step=9, steps=5)


def test_ok_mode_all_reduces_every_step():
    results = launch("fail", world_size=2, args={"mode": "ok", "steps": 4})
    assert [r["steps"] for r in results] == [4, 4]
    assert faults.MODES == ("ok", "raise", "kill", "hang", "loop")
