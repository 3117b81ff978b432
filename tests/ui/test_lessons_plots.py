"""Tests of ui.lessons_plots: the lifecycle figure names every stage."""

from helpers.core import lessons
from helpers.ui.lessons_plots import plot_lifecycle


def test_figure_names_every_stage():
    ax = plot_lifecycle()
    texts = " ".join(t.get_text() for t in ax.texts)
    for label, _ in lessons.MAIN_LOOP + lessons.LLM_BRANCH:
        assert label in texts
    assert "lesson 14" in texts and "lesson 16" in texts
