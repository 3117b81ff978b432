"""Bad-input cases of helpers.ui (see tests/bad_input.py)."""

import ipywidgets as w
import numpy as np
from bad_input import Case
from matplotlib.figure import Figure

from helpers.ui import colour_vision, plots, widgets

IMAGES = np.zeros((3, 4, 4))
RUNS = np.array([[0.5, 0.6, 0.7], [0.55, 0.65, 0.75]])


def _draw(axes, params):
    return "ok"


def _step_bars():
    ax = Figure().subplots()
    *_, (bars,) = ax.hist([0.1, 0.6], bins=[0, 0.5, 1], histtype="stepfilled")
    return bars


CASES = [
    Case(
        widgets.set_step_heights,
        lambda: {"bars": _step_bars(), "heights": np.array([1.0, 2.0])},
        {"bars": "instance", "heights": "array"},
    ),
    Case(
        colour_vision.to_lab,
        lambda: {"colour": "#0072B2", "vision": "deuteranopia"},
        {"vision": "choice"},
    ),
    Case(
        colour_vision.delta_e,
        lambda: {"first": "#000000", "second": "#FFFFFF", "vision": "normal"},
        {"vision": "choice"},
    ),
    # colours: any list of colour names; too few is tested in test_colour_vision.py
    Case(colour_vision.closest_pair, lambda: {"colours": ["#000000", "#FFFFFF"]}, {}),
    Case(plots.color_for, lambda: {"name": "random"}, {}),
    Case(plots.class_colors, lambda: {"n_classes": 10}, {"n_classes": "count"}),
    Case(plots.set_theme, lambda: {"context": "notebook"}, {"context": "choice"}),
    Case(plots.new_ax, lambda: {"ax": None}, {}),
    Case(
        plots.label_axes,
        lambda: {"ax": plots.new_ax(), "title": "t", "xlabel": "x", "ylabel": "y"},
        {},
    ),
    Case(
        plots.median_band,
        lambda: {"x": np.array([1.0, 2.0, 3.0]), "runs": RUNS, "label": "random"},
        {"x": "array"},  # NaN in runs means "no value there": it is skipped
    ),
    Case(
        plots.median_curves,
        lambda: {
            "x": np.array([1.0, 2.0, 3.0]),
            "curves": {"random": RUNS},
            "title": "t",
            "xlabel": "x",
            "ylabel": "y",
        },
        {"x": "array"},
    ),
    Case(
        plots.montage,
        lambda: {"images": IMAGES, "ncols": 2, "gap": 1},
        {"ncols": "count", "gap": "index"},  # NaN pixels are blanks
    ),
    Case(
        plots.image_rows,
        lambda: {"rows": {"a": IMAGES}, "title": "t"},
        {},
    ),
    Case(
        plots.image_grid,
        lambda: {"images": IMAGES, "ncols": 3},
        {"ncols": "count"},
    ),
    Case(
        widgets.figure_png,
        lambda: {"fig": Figure(figsize=(1, 1)), "dpi": 20},
        {"dpi": "count"},
    ),
    Case(
        widgets.LessonWidget,
        lambda: {
            "children": [],
            "controls": {"s": w.IntSlider()},
            "state": None,
            "summary": w.HTML(),
        },
        {},
    ),
    Case(
        widgets.InteractiveFigure,
        lambda: {
            "controls": {"s": w.IntSlider()},
            "draw": _draw,
            "nrows": 1,
            "ncols": 1,
            "dpi": 40,
        },
        {"draw": "callable", "nrows": "count", "ncols": "count", "dpi": "count"},
    ),
    Case(
        widgets.slider,
        lambda: {"description": "t", "min": 0.0, "max": 1.0, "step": 0.1, "value": 0.5},
        {"min": "real", "max": "real", "step": "positive", "value": "real"},
    ),
    Case(
        widgets.steps,
        lambda: {"description": "t", "values": [1, 2, 3], "value": 2},
        {"value": "choice"},
    ),
    Case(
        widgets.dropdown,
        lambda: {"description": "d", "options": ["a", "b"], "value": "a"},
        {"value": "choice"},
    ),
    Case(
        widgets.toggle,
        lambda: {"description": "d", "options": ["a", "b"], "value": "a"},
        {"value": "choice"},
    ),
]

EXEMPT = {
    "helpers.ui.lessons_plots.plot_lifecycle": "takes only the axes to draw on",
}
