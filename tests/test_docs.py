"""The layout tables of README.md and CONTRIBUTING.md match the tree."""

import sys

import pytest

from helpers.core.config import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import module_table  # noqa: E402


@pytest.mark.parametrize("doc", module_table.DOCS, ids=lambda p: p.name)
def test_module_table_is_current(doc):
    text = doc.read_text()
    assert module_table.replaced(text, module_table.table()) == text, (
        f"{doc.name}'s module table is stale: `python tools/module_table.py --write`"
    )


def test_every_module_has_a_one_line_summary():
    table = module_table.table()
    for row in table.splitlines()[2:]:
        assert row.rstrip(" |").split("|")[-1].strip(), f"no docstring summary: {row}"
    assert "TODO" not in table
