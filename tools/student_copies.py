"""``make student``: students' copies of the lessons, without the solutions.

Usage::

    python tools/student_copies.py              # every lesson -> student/
    python tools/student_copies.py --out /tmp/s

A lesson's exercise is a cell where the student sets ``answer = None`` and a check
that says "not answered yet", "not yet" or "correct". Right after it, the instructor's
notebook holds a **solution cell**, tagged ``solution`` (cell metadata ``tags``): it
works the answer out and runs the check again, which must say "correct" (the notebook
tests hold every solution cell to that). A student's copy is the lesson with its
solution cells removed and nothing else changed, outputs stripped: it still runs top
to bottom, and its checks report "not answered yet" until the student answers.
The copies are generated, never edited by hand; ``tests/test_student_copies.py``
keeps the generator and the lessons in step.
"""

from __future__ import annotations

import argparse
import copy
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
TAG = "solution"


def is_solution(cell: dict) -> bool:
    """True for a cell tagged ``solution``."""
    return TAG in (cell.get("metadata", {}).get("tags") or [])


def student_copy(notebook: dict) -> dict:
    """``notebook`` without its solution cells, outputs and execution counts."""
    nb = copy.deepcopy(notebook)
    nb["cells"] = [c for c in nb["cells"] if not is_solution(c)]
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    return nb


def write_copies(out: Path, notebooks: Path = NOTEBOOKS) -> dict[str, int]:
    """Write a student's copy of every lesson into ``out``; return, per lesson, how
    many solution cells were left out."""
    out.mkdir(parents=True, exist_ok=True)
    removed = {}
    for path in sorted(notebooks.glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        copy_ = student_copy(nb)
        removed[path.name] = len(nb["cells"]) - len(copy_["cells"])
        text = json.dumps(copy_, indent=1, ensure_ascii=False) + "\n"
        (out / path.name).write_text(text, encoding="utf-8")
    return removed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "student")
    args = parser.parse_args(argv)
    for name, n in write_copies(args.out).items():
        print(f"{name}: {n} solution cells left out")
    print(f"students' copies written to {args.out}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
