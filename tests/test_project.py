"""The project's own promises: commands documented, every lesson listed, no
import-time side effects. (Pinned environments: tests/test_environment.py.)"""

from __future__ import annotations

import json
import re
import subprocess
import sys

from helpers.core.config import ROOT
from helpers.core.lessons import LESSONS


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme and "make lab" in readme
    ci = (ROOT / ".ci" / "run").read_text()
    commands = [ln.strip() for ln in ci.splitlines() if ln.strip() and ln[0] != "#"]
    assert "make test" in commands
    assert "set -euo pipefail" in commands


def test_readme_lesson_table_lists_every_lesson():
    readme = (ROOT / "README.md").read_text()
    for lesson in LESSONS:
        assert re.search(rf"^\|\s*{lesson.number:02d}\s*\|", readme, re.M), (
            f"README's lesson map has no row for lesson {lesson.number:02d}"
        )


def test_importing_helpers_has_no_side_effects(tmp_path):
    """Import every module: no folder created, rcParams untouched, no seeding."""
    probe = f"""
import importlib, json, pkgutil, random
import matplotlib as mpl, numpy as np
before_rc = dict(mpl.rcParams)
np_state = np.random.get_state()[1].tolist()
# Python's global generator: some libraries draw from it at import (rich, which
# scikit-learn's progress bar imports when it is installed), so record who seeds it.
seeded_by = []
_seed = random.seed
def _recording_seed(*args, **kwargs):
    import sys
    seeded_by.append(sys._getframe(1).f_globals.get("__name__", "?"))
    return _seed(*args, **kwargs)
random.seed = _recording_seed
import helpers
names = [m.name for m in pkgutil.walk_packages(helpers.__path__, "helpers.")]
for name in names:
    importlib.import_module(name)
import pathlib
print(json.dumps({{
    "modules": names,
    "rc_same": dict(mpl.rcParams) == before_rc,
    "random_seeded_by": [m for m in seeded_by if m.startswith("helpers")],
    "np_same": np.random.get_state()[1].tolist() == np_state,
    "cache_made": pathlib.Path({str(tmp_path / "cache")!r}).exists(),
}}))
"""
    env = {"WORKBOOK_CACHE_DIR": str(tmp_path / "cache"), "MPLBACKEND": "Agg"}
    out = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={**_base_env(), **env},
        cwd=tmp_path,
    ).stdout
    report = json.loads(out.strip().splitlines()[-1])
    assert {"helpers.core.config", "helpers.ui.plots", "helpers.ui.widgets"} <= set(
        report["modules"]
    )
    assert report["rc_same"], "a helpers module changed rcParams at import"
    assert not report["random_seeded_by"], "a module seeded at import"
    assert report["np_same"], "a module seeded or drew from NumPy's global generator"
    assert not report["cache_made"], "a helpers module created the cache at import"


def _base_env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k != "WORKBOOK_CACHE_DIR"}
