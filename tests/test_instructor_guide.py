"""docs/instructor.md: a section per lesson with its learning goals count, every cited
section heading exists in its lesson, and both syllabi cover the lessons they list.

A lesson's section is ``## Lesson NN · Title``; it cites the lesson's sections as
``[§3 Class-balanced selection]``, the heading's text after its number. Lessons whose
notebook does not exist yet (17 and 18 while they are written) are only required to
have a section.
"""

from __future__ import annotations

import json
import re

import pytest

from helpers.core.config import ROOT
from helpers.core.lessons import LESSONS

GUIDE = ROOT / "docs" / "instructor.md"
NOTEBOOKS = ROOT / "notebooks"
LESSON_SECTION = re.compile(r"^## Lesson (\d\d) · (.+)$", re.M)
CITATION = re.compile(r"\[§(\d+) ([^\]]+)\]")
ALL_LESSONS = {f"{lesson.number:02d}" for lesson in LESSONS}


def one_line(text: str) -> str:
    return " ".join(text.split())


def notebooks() -> dict[str, list[dict]]:
    """``{"07": cells}`` of every lesson notebook present."""
    return {
        path.name[:2]: json.loads(path.read_text(encoding="utf-8"))["cells"]
        for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    }


def learning_goals(cells: list[dict]) -> int:
    """The number of bullet points under **Learning goals** in the first cell."""
    first = "".join(cells[0]["source"])
    after = first.split("**Learning goals**", 1)[1]
    block = re.split(r"\n\s*\n|\n\*\*|\nPrerequisites", after, maxsplit=1)[0]
    return len(re.findall(r"^- ", block, re.M))


def headings(cells: list[dict]) -> dict[int, str]:
    """``{3: "Class-balanced selection"}`` for every ``## 3. ...`` heading."""
    found = {}
    for cell in cells:
        if cell["cell_type"] != "markdown":
            continue
        for match in re.finditer(r"^## (\d+)\. (.+)$", "".join(cell["source"]), re.M):
            found[int(match.group(1))] = one_line(match.group(2))
    return found


def sections(text: str) -> dict[str, str]:
    """``{"07": the text of its section}`` of the guide."""
    found = {}
    matches = list(LESSON_SECTION.finditer(text))
    for match, after in zip(matches, [*matches[1:], None], strict=True):
        end = after.start() if after else len(text)
        found[match.group(1)] = text[match.end() : end]
    return found


def table_after(text: str, heading: str) -> list[list[str]]:
    """The rows (cells) of the first table after ``heading``, header excluded."""
    part = text.split(heading, 1)[1]
    rows = []
    for line in part.splitlines():
        if line.startswith("|"):
            rows.append([c.strip() for c in line.strip().strip("|").split("|")])
        elif rows:
            break
    return [r for r in rows[2:]]


def lessons_in(cell: str) -> set[str]:
    return set(re.findall(r"\b\d\d\b", cell))


@pytest.fixture(scope="module")
def guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def lessons() -> dict[str, list[dict]]:
    return notebooks()


def test_a_section_per_lesson_in_lesson_order(guide, lessons):
    found = list(sections(guide))
    assert set(lessons) <= set(found), sorted(set(lessons) - set(found))
    assert {"17", "18"} <= set(found)
    assert found == sorted(found)


def test_each_section_names_its_lessons_learning_goals_count(guide, lessons):
    by_lesson = sections(guide)
    for number, cells in lessons.items():
        n = learning_goals(cells)
        assert 3 <= n <= 8, f"lesson {number}: {n} learning goals parsed"
        assert f"{n} learning goals" in one_line(by_lesson[number]), (
            f"lesson {number}'s section must say it states {n} learning goals"
        )


def test_every_cited_section_exists_in_its_lesson(guide, lessons):
    by_lesson = sections(guide)
    cited = 0
    for number, cells in lessons.items():
        titles = headings(cells)
        text = one_line(by_lesson[number])
        citations = CITATION.findall(text)
        assert citations, f"lesson {number}: no section cited"
        for section, title in citations:
            cited += 1
            assert titles.get(int(section)) == title, (
                f"lesson {number} has no section '§{section} {title}' "
                f"(its §{section} is {titles.get(int(section))!r})"
            )
    assert cited >= 2 * len(lessons)


def test_each_lesson_section_has_misconceptions_questions_and_predictions(guide):
    for number, text in sections(guide).items():
        for part in ("misconceptions", "Discussion questions", "Predict before"):
            assert part in text, f"lesson {number}: no '{part}'"
        misconceptions = text.split("misconceptions", 1)[1].split("**Discussion", 1)[0]
        count = len(re.findall(r"^- ", misconceptions, re.M))
        assert 1 <= count <= 3, f"lesson {number}: {count} misconceptions, want 1-3"
        questions = text.split("**Discussion questions.**", 1)[1].split("**Predict")[0]
        count = len(re.findall(r"^\d\. ", questions, re.M))
        assert 2 <= count <= 3, f"lesson {number}: {count} discussion questions"


def test_the_14_week_course_covers_every_lesson(guide):
    rows = table_after(guide, "## A 14-week course")
    weeks = [int(r[0]) for r in rows]
    assert weeks == list(range(1, 15))
    listed = set().union(*(lessons_in(r[1]) for r in rows))
    assert listed == ALL_LESSONS, sorted(ALL_LESSONS ^ listed)


def test_the_workshop_covers_or_drops_every_lesson_and_fits_its_days(guide):
    rows = table_after(guide, "## A 2-day workshop")
    covered = set().union(*(lessons_in(r[2]) for r in rows))
    dropped_line = re.search(r"Dropped from the workshop: ([^.]+)\.", guide)
    dropped = lessons_in(dropped_line.group(1))
    assert not covered & dropped, covered & dropped
    assert covered | dropped == ALL_LESSONS, sorted(ALL_LESSONS ^ (covered | dropped))
    for day in {r[0] for r in rows}:
        slots = [r for r in rows if r[0] == day]
        starts = [int(r[1][:2]) * 60 + int(r[1][3:]) for r in slots]
        minutes = [int(r[3]) for r in slots]
        for start, length, next_start in zip(starts, minutes, starts[1:], strict=False):
            assert start + length <= next_start, f"day {day}: slots overlap at {start}"
        assert sum(minutes) <= 7 * 60, f"day {day}: {sum(minutes)} minutes"


def test_the_timing_table_lists_every_lesson_present(guide, lessons):
    rows = table_after(guide, "<!-- timing-table:start -->")
    assert {r[0][:2] for r in rows} >= set(lessons)
