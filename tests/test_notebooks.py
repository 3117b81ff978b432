"""House rules for every lesson notebook (nbval runs them; this checks their form)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from helpers.core.config import NOTEBOOKS_DIR
from helpers.core.lessons import LESSONS

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
SLUGS = {lesson.notebook for lesson in LESSONS}
OUTSIDE_URL = re.compile(
    r"https?://(?!127\.0\.0\.1|localhost)[\w.-]+\.\w+/\S*\.(zip|gz|csv|npz|pt|bin)"
)


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def source(cell: dict) -> str:
    return "".join(cell["source"])


def test_there_are_notebooks():
    assert NOTEBOOKS, f"no notebooks found in {NOTEBOOKS_DIR}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
class TestNotebook:
    def test_name_is_in_the_lesson_map(self, path):
        assert path.name in SLUGS, f"{path.name} is not in helpers.core.lessons.LESSONS"

    def test_committed_without_outputs_or_counts(self, path):
        for i, cell in enumerate(load(path)["cells"]):
            if cell["cell_type"] == "code":
                assert not cell["outputs"], f"cell {i} has outputs (run `make strip`)"
                assert cell["execution_count"] is None, (
                    f"cell {i} has an execution count"
                )

    def test_kernel_is_python3(self, path):
        kernel = load(path)["metadata"].get("kernelspec", {}).get("name")
        assert kernel == "python3", f"kernelspec is {kernel!r}, expected 'python3'"

    def test_skeleton(self, path):
        cells = load(path)["cells"]
        number = path.name[:2]
        first = source(cells[0])
        assert cells[0]["cell_type"] == "markdown"
        assert first.startswith(f"# {number} · "), "first line must be '# NN · Title'"
        assert "Learning goals" in first, "the first cell lists the learning goals"
        markdown = "\n".join(source(c) for c in cells if c["cell_type"] == "markdown")
        for heading in ("## 1.", "## Summary", "## Exercises", "## Further reading"):
            assert heading in markdown, f"missing section {heading!r}"

    def test_setup_cell_seeds_and_styles(self, path):
        code = [source(c) for c in load(path)["cells"] if c["cell_type"] == "code"]
        assert "set_seeds(SEED)" in code[0] and "set_theme(" in code[0], (
            "the first code cell must seed (helpers.set_seeds(SEED)) and set the theme"
        )
        # One thread per pool: several make small workloads 10x slower on 2 cores.
        assert "set_threads(1)" in code[0], "the first code cell must set_threads(1)"

    def test_last_code_cell_is_a_self_check(self, path):
        code = [source(c) for c in load(path)["cells"] if c["cell_type"] == "code"]
        assert "assert " in code[-1], (
            "the last code cell must assert the lesson's results"
        )
        # The student sees it; the browser test waits for it.
        assert "self-check passed" in code[-1], (
            'the self-check must end by printing "self-check passed"'
        )

    def test_no_downloads(self, path):
        text = "\n".join(source(c) for c in load(path)["cells"])
        assert "download=True" not in text.replace(" ", "")
        assert not OUTSIDE_URL.search(text), "lessons must not fetch data from outside"


def _scratch_notebook(folder: Path, name: str, cells: list[str]) -> None:
    nb = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "id": f"c{i}",
                "metadata": {},
                "outputs": [],
                "source": text,
            }
            for i, text in enumerate(cells)
        ],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (folder / name).write_text(json.dumps(nb))


def test_the_figure_check_fails_a_cell_whose_figure_is_not_rendered(tmp_path):
    """The top-level conftest runs the kernels with the inline backend and fails a
    cell that draws without leaving an image (here: a cell that forces Agg), or that
    shows a widget without leaving a widget view."""
    import shutil
    import subprocess
    import sys

    from helpers.core.config import ROOT

    shutil.copy(ROOT / "conftest.py", tmp_path / "conftest.py")
    draw = "import matplotlib.pyplot as plt\nplt.plot([1, 2])"
    _scratch_notebook(tmp_path, "drawn.ipynb", [draw])
    _scratch_notebook(
        tmp_path, "hidden.ipynb", ["import matplotlib\nmatplotlib.use('Agg')\n" + draw]
    )
    _scratch_notebook(tmp_path, "no_widget.ipynb", ["my_widget = 3\nmy_widget"])
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
        + ["--nbval-lax", "--nbval-current-env", "-rA"]
        + ["drawn.ipynb", "hidden.ipynb", "no_widget.ipynb"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "MPLBACKEND": "Agg"},
    )
    out = run.stdout
    assert "PASSED drawn.ipynb" in out, out
    assert "FAILED hidden.ipynb" in out and "left no image output" in out, out
    assert "FAILED no_widget.ipynb" in out and "left no widget view" in out, out


CHECK_CALL = re.compile(r"\bcheck\(")


def _is_solution(cell: dict) -> bool:
    return "solution" in (cell.get("metadata", {}).get("tags") or [])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_checked_exercise_has_a_worked_solution_cell(path):
    """Each exercise check is followed by a cell tagged ``solution`` that works the
    answer out and runs the same check (``make student`` removes these cells; the
    top-level conftest requires each to print "correct")."""
    code = [c for c in load(path)["cells"] if c["cell_type"] == "code"]
    exercises = sum(
        len(CHECK_CALL.findall(source(c))) for c in code if not _is_solution(c)
    )
    solutions = [c for c in code if _is_solution(c)]
    assert all(len(CHECK_CALL.findall(source(c))) == 1 for c in solutions), (
        "a solution cell runs exactly one exercise check"
    )
    assert len(solutions) == exercises, (
        f"{exercises} exercise checks but {len(solutions)} solution cells"
    )
