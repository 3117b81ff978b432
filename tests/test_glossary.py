"""docs/glossary.md: a section per lesson, every bold key term of every lesson has a
row, every row's term appears in its lesson, no term twice.

A row's term may carry one other form in parentheses, "multilayer perceptron (MLP)":
an abbreviation or the wording a lesson bolds; either form matches. Terms compare
case-insensitively, without hyphens, and a final plural "s" is ignored. A lesson whose
notebook does not exist yet (17 and 18 while they are written) is skipped; once its
notebook exists, its bold terms need rows.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass

import pytest

from helpers.core.config import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import link_glossary  # noqa: E402

GLOSSARY = ROOT / "docs" / "glossary.md"
NOTEBOOKS = ROOT / "notebooks"
CJK = re.compile(r"[\u3400-\u9fff]")
# A key term as STYLE.md writes it: **term** (中文...), possibly across a line break.
BOLD_TERM = re.compile(r"\*\*([^*\s][^*]*?)\*\*\s*\(([^()]*)\)")
SECTION = re.compile(r"^## (\d\d) (.+)$")


@dataclass(frozen=True)
class Row:
    section: str
    term: str
    chinese: str
    definition: str

    @property
    def forms(self) -> list[str]:
        return forms(self.term)


def forms(term: str) -> list[str]:
    """A term and, if it ends in "(...)", the form in parentheses, as two forms:
    "low-rank adaptation (LoRA)" -> ["low-rank adaptation", "LoRA"]."""
    match = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", term)
    return [match.group(1), match.group(2)] if match else [term]


def norm(text: str) -> str:
    """Lower case, no hyphens or emphasis, single spaces."""
    text = re.sub(r"[*`]", "", text.lower()).replace("-", "")
    return " ".join(text.split())


def key(term: str) -> str:
    """The form terms are compared by: :func:`norm` without a final plural s."""
    term = norm(term)
    if len(term) > 3 and term.endswith("s") and not term.endswith("ss"):
        term = term[:-1]
    return term


def parse(text: str) -> tuple[dict[str, str], list[Row]]:
    """``({section number: title}, rows)`` of the glossary's Markdown."""
    sections: dict[str, str] = {}
    rows: list[Row] = []
    current = None
    for number, line in enumerate(text.splitlines(), 1):
        heading = SECTION.match(line)
        if heading:
            current = heading.group(1)
            assert current not in sections, f"line {number}: section {current} twice"
            sections[current] = heading.group(2)
            continue
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells == ["Term", "中文", "Definition"] or set("".join(cells)) <= set("-: "):
            continue
        assert current is not None, f"line {number}: a row outside any section"
        assert len(cells) == 3, f"line {number}: expected 3 cells, got {cells}"
        rows.append(Row(current, *cells))
    return sections, rows


def lesson_markdown() -> dict[str, str]:
    """``{"07": markdown of every markdown cell}`` for every lesson notebook present."""
    lessons = {}
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        lessons[path.name[:2]] = "\n".join(
            "".join(c["source"]) for c in cells if c["cell_type"] == "markdown"
        )
    return lessons


def bold_terms(markdown: str) -> list[str]:
    """Every ``**term** (中文...)`` of a lesson's markdown, in order."""
    return [
        " ".join(term.split())
        for term, paren in BOLD_TERM.findall(markdown)
        if CJK.search(paren)
    ]


def appears(term: str, markdown: str) -> bool:
    pattern = r"(?<![a-z0-9])" + re.escape(key(term)) + r"(?:e?s)?(?![a-z0-9])"
    return re.search(pattern, norm(markdown)) is not None


@pytest.fixture(scope="module")
def glossary():
    return parse(GLOSSARY.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def lessons():
    return lesson_markdown()


def test_a_section_per_lesson_and_for_the_lessons_being_written(glossary, lessons):
    sections, _ = glossary
    assert set(lessons) <= set(sections), sorted(set(lessons) - set(sections))
    assert {"17", "18"} <= set(sections)
    assert list(sections) == sorted(sections), "sections out of lesson order"


def test_every_row_is_complete_and_enough_of_them(glossary):
    _, rows = glossary
    assert len(rows) >= 150, len(rows)
    for row in rows:
        assert row.term and row.definition, row
        assert CJK.search(row.chinese), f"{row.term}: no Chinese name"
        assert len(row.definition.split()) >= 4, f"{row.term}: definition too short"


def test_no_term_twice(glossary):
    _, rows = glossary
    seen: dict[str, str] = {}
    for row in rows:
        for form in {key(form) for form in row.forms}:
            where = f"{row.section} {row.term}"
            assert form not in seen, f"{where} repeats {seen[form]}"
            seen[form] = where


def test_every_term_appears_in_its_lesson(glossary, lessons):
    _, rows = glossary
    missing = [
        f"{row.section} {row.term}"
        for row in rows
        if row.section in lessons
        and not any(appears(form, lessons[row.section]) for form in row.forms)
    ]
    assert not missing, f"not in their lesson's markdown: {missing}"


def test_every_bold_key_term_has_a_row_in_the_lesson_that_introduces_it(
    glossary, lessons
):
    _, rows = glossary
    section_of = {key(form): row.section for row in rows for form in row.forms}
    first_bolded: dict[str, str] = {}  # key of each form of a bold term -> lesson
    missing = []
    for number, markdown in sorted(lessons.items()):
        for term in bold_terms(markdown):
            keys = {key(term), *(key(f) for f in forms(term))}
            if not keys & set(section_of) and not keys & set(first_bolded):
                missing.append(f"{number}: {term}")
            for k in keys:
                first_bolded.setdefault(k, number)
    assert not missing, f"bold key terms without a glossary row: {missing}"
    misplaced = []
    for row in rows:
        bolded = [first_bolded[key(f)] for f in row.forms if key(f) in first_bolded]
        if bolded and min(bolded) != row.section:
            first = min(bolded)
            misplaced.append(f"{row.term}: in {row.section}, first bold in {first}")
    assert not misplaced, misplaced


def test_the_checks_catch_a_missing_row_and_a_stray_term():
    sections, rows = parse(
        "## 01 One\n| Term | 中文 | Definition |\n|---|---|---|\n"
        "| multilayer perceptron (MLP) | 多层感知机 | Layers with non-linearities. |\n"
        "## 17 Fine-tuning\n| Term | 中文 | Definition |\n|---|---|---|\n"
    )
    assert list(sections) == ["01", "17"] and len(rows) == 1
    assert rows[0].forms == ["multilayer perceptron", "MLP"]
    markdown = "An **MLP** (多层感知机) and **dropout** (随机失活, zero some units)."
    assert bold_terms(markdown) == ["MLP", "dropout"]
    assert forms("low-rank adaptation (LoRA)") == ["low-rank adaptation", "LoRA"]
    assert appears("MLP", markdown) and not appears("multilayer perceptron", markdown)
    assert appears("micro-batches", "Cut it into micro-batches.")
    assert not appears("EM", "an embedding")
    assert key("Hyper-parameters") == key("hyperparameter")


# --- tools/link_glossary.py: every lesson links the glossary and the guide ----------


def test_link_glossary_adds_one_line_and_is_idempotent(tmp_path):
    import nbformat

    sources = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))[:2]
    copies = []
    for path in sources:
        copy = tmp_path / path.name
        nb = nbformat.read(path, as_version=4)  # as it was before the tool ran
        nb.cells[0].source = nb.cells[0].source.replace(f"\n\n{link_glossary.LINE}", "")
        assert link_glossary.GLOSSARY_LINK not in nb.cells[0].source
        nbformat.write(nb, copy)
        copies.append(copy)
    before = {p.name: nbformat.read(p, as_version=4) for p in copies}
    assert link_glossary.main([str(tmp_path)]) == 0
    texts = {p.name: p.read_text(encoding="utf-8") for p in copies}
    assert link_glossary.main([str(tmp_path)]) == 0
    assert texts == {p.name: p.read_text(encoding="utf-8") for p in copies}
    assert link_glossary.main(["--check", str(tmp_path)]) == 0
    for copy in copies:
        old, new = before[copy.name], nbformat.read(copy, as_version=4)
        assert [c.id for c in old.cells] == [c.id for c in new.cells]
        pairs = zip(old.cells, new.cells, strict=True)
        changed = [i for i, (a, b) in enumerate(pairs) if a != b]
        assert changed == [0], changed
        assert new.cells[0].source.startswith(old.cells[0].source.rstrip())
        assert new.cells[0].source.count("../docs/glossary.md") == 1
        assert "../docs/instructor.md" in new.cells[0].source
        assert bold_terms(new.cells[0].source) == bold_terms(old.cells[0].source)


def test_link_glossary_check_reports_a_lesson_without_the_line(tmp_path, capsys):
    path = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))[0]
    copy = tmp_path / path.name
    copy.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    link_glossary.link(copy)
    text = copy.read_text(encoding="utf-8")
    copy.write_text(text.replace("../docs/glossary.md", "glossary"), encoding="utf-8")
    assert link_glossary.main(["--check", str(tmp_path)]) == 1
    assert path.name in capsys.readouterr().out


def test_every_lesson_links_the_glossary():
    paths = link_glossary.lessons([str(NOTEBOOKS)])
    linked = [p.name for p in paths if link_glossary.links(p)]
    missing = [p.name for p in paths if p.name not in linked]
    assert not missing, f"run python tools/link_glossary.py notebooks: {missing}"
