"""The layout table of README.md and CONTRIBUTING.md (phase, lessons, modules, role).

``python tools/module_table.py`` prints it; ``--write`` replaces the block between
``<!-- module-table:start -->`` and ``<!-- module-table:end -->`` in both files.
``tests/test_docs.py`` checks that the committed tables match the tree.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
START, END = "<!-- module-table:start -->", "<!-- module-table:end -->"
DOCS = (ROOT / "README.md", ROOT / "CONTRIBUTING.md")


def role(package: str, module: str) -> str:
    if package == "core":
        return "core"
    if module.endswith("_widget") or (package, module) == ("ui", "widgets"):
        return "widget"
    if module.endswith("_plots") or package == "ui":
        return "plots"
    return "compute"


def summary(path: Path) -> str:
    doc = ast.get_docstring(ast.parse(path.read_text())) or ""
    first = doc.strip().split("\n\n")[0].replace("\n", " ")
    return first.replace("|", "/")


def table() -> str:
    sys.path.insert(0, str(ROOT))
    from helpers.core.lessons import PHASES

    rows = [
        "| phase | lessons | module | role | what it holds |",
        "|---|---|---|---|---|",
    ]
    order = ["core", "ui"] + list(PHASES)
    for package in order:
        folder = ROOT / "helpers" / package
        if not (folder / "__init__.py").is_file():
            continue
        lessons = (
            "all"
            if package in ("core", "ui")
            else ", ".join(f"{n:02d}" for n in PHASES[package][1])
        )
        for i, path in enumerate(sorted(folder.glob("[!_]*.py"))):
            first = f"`{package}`" if i == 0 else ""
            rows.append(
                f"| {first} | {lessons if i == 0 else ''} | `{path.stem}` | "
                f"{role(package, path.stem)} | {summary(path)} |"
            )
    return "\n".join(rows)


def replaced(text: str, block: str) -> str:
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    if not rest:
        raise SystemExit(f"no {START} marker")
    return f"{head}{START}\n{block}\n{END}{tail}"


def main() -> None:
    block = table()
    if "--write" in sys.argv:
        for doc in DOCS:
            doc.write_text(replaced(doc.read_text(), block))
            print(f"updated {doc.name}")
    else:
        print(block)


if __name__ == "__main__":
    main()
