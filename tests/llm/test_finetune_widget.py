"""Tests for llm/finetune_widget.py: moving rank and layers redraws and reports the
selected cell of the grid."""

from widget_checks import set_and_check_redraw

from helpers.llm.finetune_widget import build_lora_widget
from llm.ft_support import fake_grid


def test_moving_the_controls_redraws():
    grid = fake_grid()
    widget = build_lora_widget(grid)
    assert widget.state is grid
    state = set_and_check_redraw(widget, "rank", 1)
    assert "rank 1 on attention" in state["summary"] and "1,260" in state["summary"]
    state = set_and_check_redraw(widget, "targets", "both")
    assert "rank 1 on both" in state["summary"] and "3,260" in state["summary"]
    state = set_and_check_redraw(widget, "rank", 4)
    assert "<b>58.0%</b>" in state["summary"]
