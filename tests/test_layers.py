"""The layers of ``helpers/``, read from the imports of every module.

Roles come from where a module lives and what its name ends with:

* ``core``    -- ``helpers/core/``: configuration, seeds, cache, data, validation;
* ``widget``  -- ``*_widget.py`` and ``helpers/ui/widgets.py``: ipywidgets allowed;
* ``plot``    -- ``*_plots.py`` and the rest of ``helpers/ui/``: matplotlib allowed;
* ``compute`` -- everything else: arrays, frames or tensors in, results out.

The rules (function-level imports count as much as top-level ones):

1. ``core`` imports nothing from the phases, ``ui`` included.
2. A compute module imports neither matplotlib, seaborn nor ipywidgets, nor a plot or
   widget module.
3. A plot module imports neither ipywidgets nor a widget module.
4. ``build_*_widget`` functions live in widget modules.
5. No import cycle among helpers modules.

Each violation names the file and the line. ``test_the_checker_finds_planted_...``
plants violations in a scratch package to show the checker catches them.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers.core.config import ROOT

DRAWING = ("matplotlib", "seaborn")
WIDGETS = ("ipywidgets",)


@dataclass(frozen=True)
class Import:
    target: str  # dotted module imported
    line: int


def module_name(path: Path, package_root: Path) -> str:
    parts = list(path.relative_to(package_root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def role(name: str, package: str) -> str:
    parts = name.split(".")
    last = parts[-1]
    if len(parts) > 1 and parts[1] == "core":
        return "core"
    if last.endswith("_widget") or name == f"{package}.ui.widgets":
        return "widget"
    if last.endswith("_plots") or (len(parts) > 2 and parts[1] == "ui"):
        return "plot"
    return "compute"


def imports_of(path: Path, name: str, known: set[str]) -> list[Import]:
    """Every import in the file, resolved to dotted names (``from a import b`` gives
    ``a.b`` when that is a module of the package, else ``a``)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    is_package = path.name == "__init__.py"
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [Import(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative import
                anchor = name.split(".")
                anchor = anchor if is_package else anchor[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                full = f"{base}.{alias.name}"
                out.append(Import(full if full in known else base, node.lineno))
    return out


def find_violations(package_root: Path) -> list[str]:
    """All layer violations under ``package_root`` (a package folder), as messages."""
    package = package_root.name
    files = sorted(package_root.rglob("*.py"))
    names = {module_name(f, package_root): f for f in files}
    known = set(names)
    problems: list[str] = []
    graph: dict[str, set[str]] = {}

    def where(name: str, line: int) -> str:
        return f"{names[name].relative_to(package_root.parent)}:{line}"

    for name, path in names.items():
        my_role = role(name, package)
        graph[name] = set()
        for imp in imports_of(path, name, known):
            top = imp.target.split(".")[0]
            inside = top == package
            their_role = role(imp.target, package) if inside else None
            if inside and imp.target in known and imp.target != name:
                graph[name].add(imp.target)
            if my_role == "core" and inside and imp.target != package:
                if imp.target.split(".")[1] != "core":
                    problems.append(
                        f"{where(name, imp.line)}: core imports a phase ({imp.target})"
                    )
            if my_role == "compute":
                if top in DRAWING + WIDGETS:
                    problems.append(
                        f"{where(name, imp.line)}: compute module imports {top}; "
                        "move the drawing to a *_plots module"
                    )
                elif inside and their_role in ("plot", "widget"):
                    problems.append(
                        f"{where(name, imp.line)}: compute module imports the "
                        f"{their_role} module {imp.target}"
                    )
            if my_role == "plot":
                if top in WIDGETS or (inside and their_role == "widget"):
                    problems.append(
                        f"{where(name, imp.line)}: plot module imports widgets "
                        f"({imp.target})"
                    )
        if my_role != "widget":
            tree = ast.parse(path.read_text())
            for node in tree.body:
                if (
                    isinstance(node, ast.FunctionDef)
                    and node.name.startswith("build_")
                    and node.name.endswith("_widget")
                ):
                    problems.append(
                        f"{where(name, node.lineno)}: {node.name} belongs in a "
                        "*_widget module"
                    )
    problems += [f"import cycle: {' -> '.join(c)}" for c in cycles(graph)]
    return list(dict.fromkeys(problems))  # one message per file, line and import


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component with more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for u in sorted(graph.get(v, ())):
            if u not in index:
                visit(u)
                low[v] = min(low[v], low[u])
            elif u in on_stack:
                low[v] = min(low[v], index[u])
        if low[v] == index[v]:
            component = []
            while True:
                u = stack.pop()
                on_stack.discard(u)
                component.append(u)
                if u == v:
                    break
            if len(component) > 1:
                found.append(sorted(component) + [sorted(component)[0]])

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_helpers_respect_the_layers():
    problems = find_violations(ROOT / "helpers")
    assert not problems, "layer violations:\n" + "\n".join(problems)


def test_every_phase_module_has_a_test_file():
    """tests/ mirrors helpers/: helpers/<phase>/<m>.py is tested in
    tests/<phase>/test_<m>.py."""
    missing = []
    for path in sorted((ROOT / "helpers").rglob("*.py")):
        if path.name == "__init__.py":
            continue
        rel = path.relative_to(ROOT / "helpers")
        test = ROOT / "tests" / rel.parent / f"test_{rel.name}"
        if not test.is_file():
            missing.append(f"{rel} -> {test.relative_to(ROOT)}")
    assert not missing, "helpers without a mirrored test file:\n" + "\n".join(missing)


def _plant(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "helpers"
    for rel, text in {"__init__.py": "", **files}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    for folder in {p.parent for p in root.rglob("*.py")}:
        (folder / "__init__.py").touch()
    return root


def test_a_clean_scratch_package_passes(tmp_path):
    root = _plant(
        tmp_path,
        {
            "core/config.py": "import numpy\n",
            "ui/plots.py": "import matplotlib\n",
            "ui/widgets.py": "import ipywidgets\nfrom helpers.ui import plots\n",
            "labels/votes.py": "from helpers.core import config\n",
            "labels/votes_plots.py": "from helpers.labels import votes\n",
            "labels/votes_widget.py": (
                "from helpers.labels import votes_plots\n"
                "from helpers.ui.widgets import x\n"
                "def build_votes_widget():\n    pass\n"
            ),
        },
    )
    assert find_violations(root) == []


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"core/cache.py": "import os\n\nfrom helpers.labels import votes\n"},
            "helpers/core/cache.py:3: core imports a phase (helpers.labels)",
        ),
        (
            {"labels/votes.py": "def f():\n    import matplotlib.pyplot as plt\n"},
            "helpers/labels/votes.py:2: compute module imports matplotlib",
        ),
        (
            {"labels/votes.py": "import seaborn\n"},
            "helpers/labels/votes.py:1: compute module imports seaborn",
        ),
        (
            {
                "labels/votes.py": "from helpers.labels import votes_plots\n",
                "labels/votes_plots.py": "",
            },
            "helpers/labels/votes.py:1: compute module imports the plot module "
            "helpers.labels.votes_plots",
        ),
        (
            {"labels/votes.py": "from helpers.ui.widgets import slider\n"},
            "helpers/labels/votes.py:1: compute module imports the widget module "
            "helpers.ui.widgets",
        ),
        (
            {"labels/votes_plots.py": "\nimport ipywidgets as w\n"},
            "helpers/labels/votes_plots.py:2: plot module imports widgets (ipywidgets)",
        ),
        (
            {"labels/votes.py": "def build_votes_widget():\n    pass\n"},
            "helpers/labels/votes.py:1: build_votes_widget belongs in a *_widget",
        ),
        (
            {
                "labels/a.py": "from helpers.labels import b\n",
                "labels/b.py": "def f():\n    from helpers.labels.a import g\n",
            },
            "import cycle: helpers.labels.a -> helpers.labels.b -> helpers.labels.a",
        ),
    ],
)
def test_the_checker_finds_planted_violations(tmp_path, files, expected):
    problems = find_violations(_plant(tmp_path, files))
    assert any(p.startswith(expected) for p in problems), problems


def test_every_phase_test_folder_is_a_package():
    """tests/<phase>/ has an __init__.py, so two phases may both have, say, a
    test_client.py without pytest mixing them up."""
    folders = [p for p in (ROOT / "tests").iterdir() if p.is_dir()]
    missing = [
        p.name
        for p in folders
        if p.name not in {"__pycache__"} and not (p / "__init__.py").is_file()
    ]
    assert not missing, f"tests folders without __init__.py: {missing}"
