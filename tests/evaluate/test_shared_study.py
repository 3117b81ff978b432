"""Tests of evaluate.shared_study: two worker processes, one SQLite study."""

import os

import numpy as np
import pytest

from helpers.evaluate import shared_study as SS


def test_two_workers_complete_the_budget_without_duplicates(tmp_path):
    result = SS.run_shared_study(tmp_path, n_trials=4, n_workers=2, timeout=300)
    assert len(result.numbers) == 4
    assert len(np.unique(result.numbers)) == 4  # no trial number given out twice
    assert result.trials_per_worker() == {0: 2, 1: 2}
    assert np.all((result.values >= 0) & (result.values <= 1))
    assert result.storage_url.startswith("sqlite:///")


def test_bad_settings_fail_before_any_process_starts(tmp_path, monkeypatch):
    started = []
    monkeypatch.setattr(SS.subprocess, "Popen", lambda *a, **k: started.append(a))
    with pytest.raises(ValueError, match="unknown sampler 'bayes'"):
        SS.run_shared_study(tmp_path, sampler="bayes")
    with pytest.raises(ValueError, match="not an existing folder"):
        SS.run_shared_study(tmp_path / "missing")
    a_file = tmp_path / "file"
    a_file.write_text("x")
    with pytest.raises(ValueError, match="not an existing folder"):
        SS.run_shared_study(a_file / "sub")
    assert not started


@pytest.mark.parametrize(
    ("arg", "bad"),
    [
        ("n_trials", 0),
        ("n_trials", 10**12),
        ("n_trials", 2.5),
        ("n_workers", 0),
        ("n_workers", 64),
        ("seed", -1),
        ("timeout", float("nan")),
        ("timeout", 0.0),
        ("study_name", "no spaces allowed"),
        ("sampler", None),
        ("folder", None),
    ],
)
def test_every_argument_is_checked_before_a_process_starts(
    tmp_path, monkeypatch, arg, bad
):
    started = []
    monkeypatch.setattr(SS.subprocess, "Popen", lambda *a, **k: started.append(a))
    kwargs = {"folder": tmp_path, arg: bad}
    folder = kwargs.pop("folder")
    with pytest.raises((ValueError, TypeError)):
        SS.run_shared_study(folder, **kwargs)
    assert not started


def test_read_only_folder_is_refused(tmp_path):
    # A folder no one may write, root included (the CI runs as root): /proc.
    with pytest.raises(ValueError, match="not writable"):
        SS.storage_url("/proc")
    if os.geteuid() != 0:  # a folder without write permission, for other users
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(0o500)
        try:
            with pytest.raises(ValueError, match="not writable"):
                SS.storage_url(folder)
        finally:
            folder.chmod(0o700)


def test_timeout_stops_the_workers(tmp_path):
    with pytest.raises(TimeoutError, match="stopped them"):
        SS.run_shared_study(tmp_path, n_trials=200, timeout=0.5)
