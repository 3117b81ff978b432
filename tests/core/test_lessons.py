import pytest

from helpers.core import lessons
from helpers.core.config import NOTEBOOKS_DIR, ROOT


def test_lessons_are_numbered_0_to_18_without_gaps():
    numbers = [item.number for item in lessons.LESSONS]
    assert numbers == list(range(19))
    assert len({item.slug for item in lessons.LESSONS}) == 19


def test_lesson_lookup():
    assert lessons.lesson(7).notebook == "07_active_learning.ipynb"
    with pytest.raises(ValueError, match="no lesson 42"):
        lessons.lesson(42)


def test_every_stage_names_existing_lessons():
    known = {item.number for item in lessons.LESSONS}
    for _, numbers in lessons.MAIN_LOOP + lessons.LLM_BRANCH:
        assert set(numbers) <= known


def test_lesson_00_exists():
    assert (NOTEBOOKS_DIR / lessons.lesson(0).notebook).is_file()


def test_every_lesson_has_exactly_one_phase():
    owners = [p for _, nums in lessons.PHASES.values() for p in nums]
    assert sorted(owners) == [item.number for item in lessons.LESSONS]
    assert lessons.phase_of(7) == "labels" and lessons.phase_of(0) == "evaluate"
    with pytest.raises(ValueError, match="no lesson 19"):
        lessons.phase_of(19)


def test_every_helpers_phase_is_in_the_map():
    folders = {
        p.name
        for p in (ROOT / "helpers").iterdir()
        if (p / "__init__.py").is_file() and p.name not in ("core", "ui")
    }
    assert folders <= set(lessons.PHASES), folders - set(lessons.PHASES)
