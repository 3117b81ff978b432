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


def fresh_image(builder: Any, widget: Any, **kwargs: Any) -> bytes:
    """The picture a new ``builder(**kwargs)`` widget draws from scratch (its first
    draw) at ``widget``'s current control values.

    Widgets made with ``clear=False`` update their artists in place after the first
    draw; comparing with this picture checks that the in-place redraws look exactly
    like a full one.
    """
    from unittest import mock

    from helpers.ui.widgets import InteractiveFigure

    with mock.patch.object(InteractiveFigure, "refresh", lambda self: None):
        fresh = builder(**kwargs)
        for name, value in widget.params.items():
            fresh.controls[name].value = value  # no drawing yet
    fresh.refresh()
    assert fresh.n_draws == 1 and fresh.error is None
    return fresh.image.value
