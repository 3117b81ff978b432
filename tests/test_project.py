"""The project's own promises: pinned environments agree, commands documented, no
import-time side effects."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib

from helpers.core.config import ROOT
from helpers.core.lessons import LESSONS


def pyproject_pins() -> dict[str, str]:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = meta["dependencies"] + meta["optional-dependencies"]["dev"]
    pins = {}
    for spec in specs:
        name, _, version = spec.partition("==")
        assert version, f"{spec!r} in pyproject.toml is not pinned with =="
        pins[name.strip().lower()] = version.strip()
    return pins


def environment_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "environment.yml").read_text().splitlines():
        match = re.match(r"^\s*-\s*([A-Za-z0-9_.\-]+)==([^\s#]+)", line)
        if match:
            pins[match.group(1).lower()] = match.group(2)
    return pins


def test_environment_yml_pins_what_pyproject_pins():
    assert environment_pins() == pyproject_pins()


def test_environment_yml_installs_the_workbook_and_python_311():
    text = (ROOT / "environment.yml").read_text()
    assert re.search(r"^\s*-\s*-e \.\s*$", text, re.M), (
        "environment.yml must `pip -e .`"
    )
    assert re.search(r"^\s*-\s*python=3\.11\s*$", text, re.M)


def test_torch_is_pinned_to_the_cpu_wheel_version():
    assert pyproject_pins()["torch"] == "2.13.0"


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
state = random.getstate(); np_state = np.random.get_state()[1].tolist()
import helpers
names = [m.name for m in pkgutil.walk_packages(helpers.__path__, "helpers.")]
for name in names:
    importlib.import_module(name)
import pathlib
print(json.dumps({{
    "modules": names,
    "rc_same": dict(mpl.rcParams) == before_rc,
    "random_same": random.getstate() == state,
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
    assert report["random_same"] and report["np_same"], "a module seeded at import"
    assert not report["cache_made"], "a helpers module created the cache at import"


def _base_env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k != "WORKBOOK_CACHE_DIR"}
