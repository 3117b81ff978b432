"""Remove outputs, execution counts and run-time metadata from notebooks, in place.

Usage: python tools/strip_notebooks.py notebooks [more paths ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

KEEP_METADATA = {"kernelspec", "language_info"}


def strip(path: Path) -> bool:
    """Strip one notebook; return True if it changed."""
    nb = nbformat.read(path, as_version=4)
    before = nbformat.writes(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
        cell.metadata.pop("collapsed", None)
    nb.metadata = {k: v for k, v in nb.metadata.items() if k in KEEP_METADATA}
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    after = nbformat.writes(nb)
    if after != before:
        path.write_text(after, encoding="utf-8")
        return True
    return False


def main(argv: list[str]) -> int:
    paths = []
    for arg in argv or ["notebooks"]:
        p = Path(arg)
        paths.extend(sorted(p.glob("*.ipynb")) if p.is_dir() else [p])
    for path in paths:
        if strip(path):
            print(f"stripped {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
