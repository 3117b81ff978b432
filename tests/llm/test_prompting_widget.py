"""prompting_widget: moving the controls redraws and shows the precomputed answer."""

from __future__ import annotations

from widget_checks import set_and_check_redraw

from helpers.llm import prompting_tasks as pt
from helpers.llm.prompting_widget import build_prompting_widget, prompt_grid
from llm.prompting_support import RuleOracle


def test_controls_redraw_and_answers_are_precomputed():
    grid = prompt_grid(RuleOracle(), pt.heldout_words(4))
    assert len(grid.answers) == 4 * 4 * 4
    widget = build_prompting_widget(grid)
    assert "right" in widget.summary.value  # CARE carries examples
    out = set_and_check_redraw(widget, "framework", "TAG")
    assert "wrong" in out["summary"]  # no example field: the oracle cannot tell
    set_and_check_redraw(widget, "rule", "reverse")
    set_and_check_redraw(widget, "word", grid.words[2])
    assert widget.state is grid
