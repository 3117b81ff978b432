"""One contract for every widget: each ``build_*_widget()`` of helpers, called with no
arguments (fast mode), returns a :class:`helpers.ui.widgets.LessonWidget` whose
precomputed results are in ``state`` and nowhere else.

Builders run after the phase tests (pytest's order), so their grids load from cache.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import textwrap

import pytest

import helpers
from helpers.ui.widgets import LessonWidget


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


def own_attributes(cls: type) -> set[str]:
    """Attributes a widget class and its bases set on ``self`` in their own methods:
    its design. Anything else on a built widget was bolted on by its builder."""
    names: set[str] = set()
    for klass in cls.__mro__:
        if not klass.__module__.startswith("helpers."):
            continue
        tree = ast.parse(textwrap.dedent(inspect.getsource(klass)))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.ctx, ast.Store)
                and isinstance(node.value, ast.Name)
                and node.value.id == "self"
            ):
                names.add(node.attr)
    return names


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
    own = own_attributes(type(widget))
    bolted = {k for k in vars(widget) if not k.startswith("_") and k not in own}
    assert not bolted, f"attributes set outside the contract: {sorted(bolted)}"
