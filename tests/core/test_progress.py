"""helpers.core.progress: a bar in normal mode, the bare iterable when disabled."""

from __future__ import annotations

import pytest

from helpers.core import config, progress


def test_disabled_returns_the_iterable_itself():
    items = [1, 2, 3]
    assert progress.progress(items, desc="x", enabled=False) is items


def test_fast_mode_disables_by_default(monkeypatch):
    monkeypatch.setattr(config, "FAST", True)
    items = range(4)
    assert progress.progress(items, desc="x") is items


def test_enabled_wraps_in_a_bar_that_yields_everything(monkeypatch, capsys):
    monkeypatch.setattr(config, "FAST", False)
    bar = progress.progress(range(5), desc="epochs", total=5)
    assert bar is not range(5)
    assert list(bar) == [0, 1, 2, 3, 4]
    assert bar.desc == "epochs" and bar.total == 5


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"desc": ""}, ValueError),
        ({"desc": "x", "total": -1}, ValueError),
        ({"desc": "x", "total": 2.5}, ValueError),
        ({"desc": "x", "enabled": "yes"}, TypeError),
    ],
)
def test_bad_arguments_are_refused(kwargs, error):
    with pytest.raises(error):
        progress.progress([1], **kwargs)
