"""``make student`` (tools/student_copies.py): students' copies lose exactly the
solution cells, and still run top to bottom with the checks "not answered yet"."""

from __future__ import annotations

import json
import sys

import pytest

from helpers.core.config import NOTEBOOKS_DIR, ROOT

sys.path.insert(0, str(ROOT / "tools"))
import student_copies  # noqa: E402


def _cell(source: str, *, tags=(), kind="code") -> dict:
    cell = {"cell_type": kind, "metadata": {"tags": list(tags)}, "source": source}
    if kind == "code":
        cell |= {"outputs": [{"output_type": "stream", "text": "x"}]}
        cell |= {"execution_count": 3}
    return cell


def test_a_copy_drops_solution_cells_and_outputs_and_nothing_else():
    nb = {
        "cells": [
            _cell("# Exercise", kind="markdown"),
            _cell("answer = None\ncheck(...)"),
            _cell("answer = 42\ncheck(...)", tags=["solution"]),
            _cell("print('self-check passed')", tags=["other"]),
        ],
        "metadata": {},
    }
    copy = student_copies.student_copy(nb)
    assert [c["source"] for c in copy["cells"]] == [
        "# Exercise",
        "answer = None\ncheck(...)",
        "print('self-check passed')",
    ]
    code = [c for c in copy["cells"] if c["cell_type"] == "code"]
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in code)
    assert len(nb["cells"]) == 4 and nb["cells"][1]["outputs"], "input unchanged"


def test_copies_are_written_for_every_lesson(tmp_path):
    removed = student_copies.write_copies(tmp_path)
    lessons = sorted(p.name for p in NOTEBOOKS_DIR.glob("*.ipynb"))
    assert sorted(removed) == lessons
    for name in lessons:
        copy = json.loads((tmp_path / name).read_text(encoding="utf-8"))
        assert not any(student_copies.is_solution(c) for c in copy["cells"])
        original = json.loads((NOTEBOOKS_DIR / name).read_text(encoding="utf-8"))
        assert len(original["cells"]) - len(copy["cells"]) == removed[name]


@pytest.mark.parametrize("lesson", ["00_welcome.ipynb"])
def test_a_students_copy_runs_and_its_checks_wait_for_answers(tmp_path, lesson):
    import nbformat
    from nbclient import NotebookClient

    student_copies.write_copies(tmp_path)
    nb = nbformat.read(tmp_path / lesson, as_version=4)
    NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS_DIR)}},
    ).execute()
    text = "".join(
        out.get("text", "")
        for cell in nb.cells
        for out in cell.get("outputs", [])
        if out.get("output_type") == "stream"
    )
    assert "not answered yet" in text
    assert "✓" not in text, "a student's copy must not answer its own exercises"
    assert "self-check passed" in text
