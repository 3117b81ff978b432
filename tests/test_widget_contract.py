"""One contract for every widget: each ``build_*_widget()`` of helpers, called with no
arguments (fast mode), returns a :class:`helpers.ui.widgets.LessonWidget` whose
precomputed results are in ``state`` and nowhere else.

Builders run after the phase tests (pytest's order), so their grids load from cache.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import helpers
from helpers.ui.widgets import InteractiveFigure, LessonWidget


def builders() -> list[tuple[str, object]]:
    found = []
    for info in pkgutil.walk_packages(helpers.__path__, "helpers."):
        if not info.name.endswith("_widget"):
            continue
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if name.startswith("build_") and name.endswith("_widget"):
                if getattr(obj, "__module__", None) == info.name:
                    found.append((f"{info.name}.{name}", obj))
    return sorted(found, key=lambda pair: pair[0])


BUILDERS = builders()
# What a LessonWidget (and ipywidgets underneath) sets on itself; anything else was
# bolted on by a builder.
_OWN = set(vars(InteractiveFigure).keys()) | {
    "controls",
    "_state",
    "summary",
    "_draw",
    "figure",
    "axes",
    "image",
    "latencies",
    "n_draws",
    "error",
}


def test_every_widget_module_has_a_builder():
    modules = {name.rsplit(".", 1)[0] for name, _ in BUILDERS}
    for info in pkgutil.walk_packages(helpers.__path__, "helpers."):
        if info.name.endswith("_widget"):
            assert info.name in modules, f"{info.name} defines no build_*_widget()"


@pytest.mark.parametrize(
    "builder", [b for _, b in BUILDERS], ids=[n for n, _ in BUILDERS]
)
def test_builder_returns_a_lesson_widget_with_its_state(builder):
    widget = builder()
    assert isinstance(widget, LessonWidget), type(widget)
    assert widget.state is not None, "the precomputed results belong in `state`"
    assert widget.controls, "a widget has controls"
    bolted = {
        k
        for k in vars(widget)
        if not k.startswith("_trait") and k not in _OWN and not k.startswith("_")
    }
    assert not bolted, f"attributes set outside the contract: {sorted(bolted)}"
