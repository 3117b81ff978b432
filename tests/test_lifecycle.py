import pytest

from helpers import lifecycle
from helpers.config import NOTEBOOKS_DIR


def test_lessons_are_numbered_0_to_18_without_gaps():
    numbers = [item.number for item in lifecycle.LESSONS]
    assert numbers == list(range(19))
    assert len({item.slug for item in lifecycle.LESSONS}) == 19


def test_lesson_lookup():
    assert lifecycle.lesson(7).notebook == "07_active_learning.ipynb"
    with pytest.raises(ValueError, match="no lesson 42"):
        lifecycle.lesson(42)


def test_every_stage_names_existing_lessons():
    known = {item.number for item in lifecycle.LESSONS}
    for _, lessons in lifecycle.MAIN_LOOP + lifecycle.LLM_BRANCH:
        assert set(lessons) <= known


def test_lesson_00_exists():
    assert (NOTEBOOKS_DIR / lifecycle.lesson(0).notebook).is_file()


def test_figure_names_every_stage():
    ax = lifecycle.plot_lifecycle()
    texts = " ".join(t.get_text() for t in ax.texts)
    for label, _ in lifecycle.MAIN_LOOP + lifecycle.LLM_BRANCH:
        assert label in texts
    assert "lesson 14" in texts and "lesson 16" in texts
