"""Stamp out a new lesson from the template: ``make new-lesson NN=11 SLUG=training``.

Writes, for lesson NN of the lesson map (``helpers.core.lessons``) in its phase:

* ``notebooks/NN_slug.ipynb``     -- the skeleton of STYLE.md, with a working example;
* ``helpers/<phase>/<slug>.py``   -- compute module;
* ``helpers/<phase>/<slug>_plots.py`` and ``<slug>_widget.py``;
* ``tests/<phase>/test_<slug>.py``, ``test_<slug>_plots.py``, ``test_<slug>_widget.py``;
* ``benchmarks/bench_NN_<slug>.py``.

The stamped lesson passes ``make test`` as it is; then replace the example (k-NN
accuracy by k) with the lesson's idea. Existing files are never overwritten.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent / "lesson_template"


def notebook_from_percent(text: str) -> dict:
    """A notebook (nbformat 4) from percent-format text (``# %%`` cells)."""
    cells = []
    for chunk in text.split("# %%")[1:]:
        header, _, body = chunk.partition("\n")
        body = body.strip("\n")
        # `# %% tags=["solution"]` tags a code cell (make student drops solutions).
        tags = re.findall(r'"([^"]+)"', header) if "tags=" in header else []
        if header.strip() == "[markdown]":
            lines = [
                ln[2:] if ln.startswith("# ") else ln.lstrip("#")
                for ln in body.split("\n")
            ]
            cells.append({"cell_type": "markdown", "metadata": {}, "source": lines})
        else:
            cells.append(
                {
                    "cell_type": "code",
                    "execution_count": None,
                    "metadata": {"tags": tags} if tags else {},
                    "outputs": [],
                    "source": body.split("\n"),
                }
            )
    for i, cell in enumerate(cells):
        src = cell["source"]
        cell["source"] = [ln + "\n" for ln in src[:-1]] + [src[-1]]
        cell["id"] = f"cell-{i:02d}"
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {
                "display_name": "Python 3",
                "language": "python",
                "name": "python3",
            },
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def plan(root: Path, number: int, slug: str, phase: str) -> dict[Path, str]:
    """``{path: template name}`` for every file of the lesson."""
    nn = f"{number:02d}"
    helpers, tests = root / "helpers" / phase, root / "tests" / phase
    return {
        root / "notebooks" / f"{nn}_{slug}.ipynb": "notebook.pct.tmpl",
        helpers / f"{slug}.py": "compute.py.tmpl",
        helpers / f"{slug}_plots.py": "plots.py.tmpl",
        helpers / f"{slug}_widget.py": "widget.py.tmpl",
        tests / f"test_{slug}.py": "test_compute.py.tmpl",
        tests / f"test_{slug}_plots.py": "test_plots.py.tmpl",
        tests / f"test_{slug}_widget.py": "test_widget.py.tmpl",
        root / "benchmarks" / f"bench_{nn}_{slug}.py": "bench.py.tmpl",
    }


def stamp(root: Path, number: int, slug: str) -> list[Path]:
    """Write the lesson's files under ``root``; return them. Refuses to overwrite."""
    sys.path.insert(0, str(root))
    from helpers.core.lessons import PHASES, lesson, phase_of

    item = lesson(number)
    if slug != item.slug:
        raise SystemExit(
            f"lesson {number:02d} is {item.slug!r} in helpers/core/lessons.py, "
            f"not {slug!r}"
        )
    phase = phase_of(number)
    files = plan(root, number, slug, phase)
    existing = [str(p.relative_to(root)) for p in files if p.exists()]
    if existing:
        raise SystemExit(f"refusing to overwrite: {', '.join(existing)}")
    values = {
        "{{NN}}": f"{number:02d}",
        "{{TITLE}}": item.title,
        "{{CONCEPT}}": item.concept[0].upper() + item.concept[1:],
        "{{SLUG}}": slug,
        "{{PHASE}}": phase,
    }
    package = root / "helpers" / phase / "__init__.py"
    if not package.exists():
        package.parent.mkdir(parents=True, exist_ok=True)
        package.write_text(f'"""{PHASES[phase][0].capitalize()}."""\n')
    # tests/<phase> is a package too, so test files may share basenames across phases.
    tests_package = root / "tests" / phase / "__init__.py"
    if not tests_package.exists():
        tests_package.parent.mkdir(parents=True, exist_ok=True)
        tests_package.write_text(f'"""Tests of helpers.{phase}."""\n')
    for path, name in files.items():
        text = (TEMPLATE / name).read_text()
        for key, value in values.items():
            text = text.replace(key, value)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".ipynb":
            text = json.dumps(notebook_from_percent(text), indent=1, ensure_ascii=False)
            text += "\n"
        path.write_text(text)
    return list(files)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("number", type=int, help="lesson number, e.g. 11")
    parser.add_argument("slug", help="the lesson's slug in the lesson map")
    parser.add_argument(
        "--root", type=Path, default=Path(__file__).resolve().parents[1]
    )
    args = parser.parse_args(argv)
    for path in stamp(args.root, args.number, args.slug):
        print(f"wrote {path.relative_to(args.root)}")
    print("next: replace the k-NN example with the lesson's idea; `make test`")


if __name__ == "__main__":
    main()
