"""Link the glossary and the instructor guide from every lesson's first cell.

Usage::

    python tools/link_glossary.py notebooks            # add or refresh the line
    python tools/link_glossary.py --check notebooks    # exit 1 if a lesson lacks it

The line goes at the end of the first markdown cell (title, goals, prerequisites). It
is recognised by its link to ``../docs/glossary.md``, so running the tool again
replaces it instead of adding a second one; nothing else in the notebook changes (cell
ids, outputs and metadata are kept).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import nbformat

GLOSSARY_LINK = "../docs/glossary.md"
LINE = (
    "Key terms in English and 中文: the [glossary](../docs/glossary.md). "
    "Teaching this lesson: the [instructor guide](../docs/instructor.md)."
)


def first_markdown(nb) -> nbformat.NotebookNode:
    """The notebook's first markdown cell (the title cell in every lesson)."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            return cell
    raise ValueError("the notebook has no markdown cell")


def with_line(source: str) -> str:
    """``source`` with :data:`LINE` as its last paragraph, replacing an older one."""
    kept = [line for line in source.splitlines() if GLOSSARY_LINK not in line]
    text = "\n".join(kept).rstrip()
    return f"{text}\n\n{LINE}"


def links(path: Path) -> bool:
    """True if the lesson's first markdown cell links the glossary."""
    nb = nbformat.read(path, as_version=4)
    return GLOSSARY_LINK in first_markdown(nb).source


def link(path: Path) -> bool:
    """Add or refresh the line in one notebook; True if the file changed."""
    nb = nbformat.read(path, as_version=4)
    cell = first_markdown(nb)
    new = with_line(cell.source)
    if new == cell.source:
        return False
    cell.source = new
    path.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
    return True


def lessons(paths: list[str]) -> list[Path]:
    """The lesson notebooks (``NN_slug.ipynb``) in ``paths`` (files or folders)."""
    found = []
    for arg in paths:
        p = Path(arg)
        found.extend(sorted(p.glob("[0-9][0-9]_*.ipynb")) if p.is_dir() else [p])
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=["notebooks"])
    parser.add_argument("--check", action="store_true", help="change nothing")
    args = parser.parse_args(argv)
    missing = []
    for path in lessons(args.paths):
        if args.check:
            if not links(path):
                missing.append(path)
        elif link(path):
            print(f"linked {path}")
    for path in missing:
        print(f"{path}: no link to the glossary (python tools/link_glossary.py)")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
