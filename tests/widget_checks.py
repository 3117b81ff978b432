"""Assertions for widget tests: drive a control, check that the widget redrew."""

from __future__ import annotations

from typing import Any


def set_and_check_redraw(widget: Any, control: str, value: Any) -> dict[str, Any]:
    """Set ``widget.controls[control]`` to ``value``; assert the picture changed.

    Returns the widget's state after the change (image bytes, summary, draw count) so
    the test can go on to assert on the numbers the summary shows.
    """
    before_image = widget.image.value
    before_draws = widget.n_draws
    widget.controls[control].value = value
    assert widget.n_draws == before_draws + 1, f"setting {control} did not redraw"
    assert widget.error is None, f"widget reported an error: {widget.error}"
    assert widget.image.value != before_image, (
        f"setting {control} left the figure as is"
    )
    return {"image": widget.image.value, "summary": widget.summary.value}
