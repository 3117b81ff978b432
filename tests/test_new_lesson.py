"""`make new-lesson` stamps out a lesson that passes the suite as it is.

The lesson is stamped into a scratch copy of the project; there its lint, layer rules,
notebook house rules, unit and widget tests and the executed notebook must all pass.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from helpers.core.config import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import new_lesson  # noqa: E402

COPIED = (
    "helpers",
    "tests",
    "benchmarks",
    "tools",
    "conftest.py",
    "pyproject.toml",
    "README.md",
)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    root = tmp_path_factory.mktemp("project")
    ignore = shutil.ignore_patterns("__pycache__", "cache", "*.pyc")
    for name in COPIED:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, root / name, ignore=ignore)
        else:
            shutil.copy(src, root / name)
    (root / "notebooks").mkdir()
    (root / "data").mkdir()
    # Lesson 11 exists by now: the scratch copy forgets its phase (code and tests), so
    # the stamp starts from what a new lesson in a new phase starts from.
    shutil.rmtree(root / "helpers" / "train", ignore_errors=True)
    shutil.rmtree(root / "tests" / "train", ignore_errors=True)
    for path in new_lesson.plan(root, 11, "training", "train"):
        path.unlink(missing_ok=True)
    return root


@pytest.fixture(scope="module")
def stamped(scratch):
    return new_lesson.stamp(scratch, 11, "training")


def run(cmd: list[str], root) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "PYTHONPATH": str(root),
        "WORKBOOK_FAST": "1",
        "WORKBOOK_CACHE_DIR": str(root / "data" / "cache"),
        "MPLBACKEND": "Agg",
    }
    return subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True)


def test_stamp_writes_every_file_of_a_lesson(scratch, stamped):
    names = sorted(str(p.relative_to(scratch)) for p in stamped)
    assert names == [
        "benchmarks/bench_11_training.py",
        "helpers/train/training.py",
        "helpers/train/training_plots.py",
        "helpers/train/training_widget.py",
        "notebooks/11_training.ipynb",
        "tests/train/test_training.py",
        "tests/train/test_training_plots.py",
        "tests/train/test_training_widget.py",
    ]
    assert (scratch / "helpers" / "train" / "__init__.py").is_file()
    nb = json.loads((scratch / "notebooks" / "11_training.ipynb").read_text())
    assert "".join(nb["cells"][0]["source"]).startswith("# 11 · Training")


def test_stamp_refuses_to_overwrite_or_misname(scratch, stamped):
    with pytest.raises(SystemExit, match="refusing to overwrite"):
        new_lesson.stamp(scratch, 11, "training")
    with pytest.raises(SystemExit, match="lesson 12 is 'evaluation"):
        new_lesson.stamp(scratch, 12, "tuning")


def test_stamped_lesson_passes_lint(scratch, stamped):
    files = [str(p.relative_to(scratch)) for p in stamped]
    ruff = [sys.executable, "-m", "ruff"]
    lint = run([*ruff, "check", *files], scratch)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    fmt = run([*ruff, "format", "--check", *files], scratch)
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr


def test_stamped_lesson_passes_its_tests_and_the_house_rules(scratch, stamped):
    result = run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/train",
            "tests/test_layers.py::test_every_phase_module_has_a_test_file",
            "tests/test_notebooks.py",
            "--nbval-lax",
            "--nbval-current-env",
            "notebooks/11_training.ipynb",
        ],
        scratch,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "failed" not in result.stdout


def test_stamped_benchmark_runs(scratch, stamped):
    code = "from benchmarks.bench_11_training import run; t, = run(); print(t.passed)"
    result = run([sys.executable, "-c", code], scratch)
    assert result.returncode == 0, result.stderr[-2000:]
