"""Test set-up for the whole repository (tests/, helpers/ doctests, notebooks/).

Fast mode is on unless the caller says otherwise. The test process draws with Agg.
The notebook kernels do NOT inherit a backend: as in JupyterLab, the kernel picks
matplotlib's inline backend, so every figure a cell draws becomes an ``image/png``
output, which :func:`pytest_runtest_call` checks after nbval runs each cell.
"""

from __future__ import annotations

import os
import re

os.environ.setdefault("WORKBOOK_FAST", "1")
if os.environ.get("MPLBACKEND", "").lower() == "agg":
    # An inherited Agg would reach the kernels and hide their figures.
    del os.environ["MPLBACKEND"]

import matplotlib  # noqa: E402

matplotlib.use("Agg")

import pytest  # noqa: E402

# A notebook cell "draws" when a line (not a comment) calls a plot helper or pyplot.
DRAWS = re.compile(
    r"^[^#\n]*(\bplot_\w+\(|\bplt\.\w+\(|\bmontage\(|\bimage_grid\(|\bimage_rows\()",
    re.M,
)
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def figure_problem(source: str, outputs: list) -> str | None:
    """Why an executed cell's outputs do not show what its source draws, or None.

    A cell that calls a plot function must leave a PNG image (or a widget that holds
    its figure); a cell whose last line shows a widget builder's result must leave a
    widget view.
    """
    kinds = set()
    for out in outputs:
        kinds.update((out.get("data") or {}).keys())
    if DRAWS.search(source) and not kinds & {"image/png", WIDGET_VIEW}:
        return "the cell draws a figure but left no image output"
    last = source.strip().splitlines()[-1].strip() if source.strip() else ""
    if re.fullmatch(r"\w*widget\w*", last) and WIDGET_VIEW not in kinds:
        return f"the cell ends by showing {last!r} but left no widget view"
    return None


def solution_problem(cell, outputs: list) -> str | None:
    """Why a solution cell (tagged ``solution``) failed its exercise, or None: its
    checks must all say "correct" (tools/student_copies.py removes these cells)."""
    if "solution" not in (cell.get("metadata", {}).get("tags") or []):
        return None
    text = "".join(out.get("text", "") for out in outputs if out.get("name"))
    if "✓" not in text:
        return "a solution cell must run an exercise check that says correct"
    if "✗" in text or "not answered yet" in text:
        return "a solution cell's check did not say correct"
    return None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """After nbval runs a notebook cell, check that its figures were rendered."""
    result = yield
    outputs = getattr(item, "test_outputs", None)
    cell = getattr(item, "cell", None)
    if outputs is not None and cell is not None and cell.cell_type == "code":
        problem = figure_problem(cell.source, outputs) or solution_problem(
            cell, outputs
        )
        if problem:
            raise AssertionError(f"{item.name}: {problem}\n{cell.source}")
    return result
