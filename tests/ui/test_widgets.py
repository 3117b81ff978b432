import ipywidgets as w
import pytest
from widget_checks import set_and_check_redraw

from helpers.ui import widgets


def make_line_widget():
    def draw(axes, p):
        if p["slope"] < 0:
            raise ValueError("slope must be >= 0")
        axes[0, 0].plot([0, 1], [0, p["slope"]])
        return f"slope {p['slope']}"

    control = widgets.slider("slope", min=-1.0, max=2.0, step=0.5, value=1.0)
    return widgets.InteractiveFigure({"slope": control}, draw)


def test_interactive_figure_redraws_on_change():
    fig = make_line_widget()
    assert fig.n_draws == 1 and fig.summary.value == "slope 1.0"
    assert bytes(fig.image.value).startswith(b"\x89PNG")
    set_and_check_redraw(fig, "slope", 2.0)
    assert fig.summary.value == "slope 2.0"
    assert fig.params == {"slope": 2.0}
    assert len(fig.latencies) == 2 and all(t > 0 for t in fig.latencies)


def test_draw_errors_are_shown_not_raised():
    fig = make_line_widget()
    fig.controls["slope"].value = -1.0
    assert fig.error == "slope must be >= 0"
    assert "slope must be &gt;= 0" in fig.summary.value or "slope must be" in (
        fig.summary.value
    )
    fig.controls["slope"].value = 0.5
    assert fig.error is None


def test_interactive_figure_validates_its_arguments():
    with pytest.raises(ValueError, match="at least one"):
        widgets.InteractiveFigure({}, lambda axes, p: "")
    with pytest.raises(TypeError, match="has no 'value'"):
        widgets.InteractiveFigure({"b": w.Button()}, lambda axes, p: "")
    with pytest.raises(TypeError, match="draw must be callable"):
        widgets.InteractiveFigure({"s": w.IntSlider()}, None)
    with pytest.raises(ValueError, match="ncols must be an integer in"):
        widgets.InteractiveFigure({"s": w.IntSlider()}, lambda a, p: "", ncols=0)


def test_without_clearing_the_axes_keep_what_the_last_draw_made():
    def draw(axes, p):
        ax = axes[0, 0]
        if not ax.lines:  # the first draw plots, later draws move the line
            ax.plot([0, 1], [0, p["slope"]])
            ax.set_ylim(0, 2)
        ax.lines[0].set_ydata([0, p["slope"]])
        return f"{len(ax.lines)} line"

    control = widgets.slider("slope", min=0.0, max=2.0, step=0.5, value=1.0)
    fig = widgets.InteractiveFigure({"slope": control}, draw, clear=False)
    line = fig.ax.lines[0]
    set_and_check_redraw(fig, "slope", 2.0)
    assert fig.ax.lines[0] is line and fig.summary.value == "1 line"
    assert list(line.get_ydata()) == [0, 2.0] and fig.ax.get_ylim() == (0, 2)
    assert fig.ax.title.get_position()[1] == widgets.RENDER_RC["axes.titley"]
    cleared = widgets.InteractiveFigure({"slope": w.FloatSlider(value=1.0)}, draw)
    first = cleared.ax.lines[0]
    cleared.controls["slope"].value = 0.5  # the default clears: a new line
    assert cleared.ax.lines[0] is not first and len(cleared.ax.lines) == 1
    with pytest.raises(TypeError, match="clear must be True or False"):
        widgets.InteractiveFigure({"s": w.IntSlider()}, draw, clear="no")


def test_interactive_figure_exposes_its_state_read_only():
    grid = {"a": 1}
    fig = widgets.InteractiveFigure({"s": w.IntSlider()}, lambda a, p: "", state=grid)
    assert isinstance(fig, widgets.LessonWidget) and fig.state is grid
    with pytest.raises(AttributeError):
        fig.state = {}


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"step": 0}, ValueError, r"step must be in \(0, 1\]"),
        ({"max": float("inf")}, ValueError, "finite"),
        ({"min": 1}, ValueError, "min must be below max"),
        ({"value": float("nan")}, ValueError, "finite"),
        ({"step": 0.5, "integer": True}, TypeError, "must be an integer"),
    ],
)
def test_slider_factory_refuses_impossible_ranges(kwargs, error, match):
    args = {"min": 0, "max": 1, "step": 1, "value": 0, **kwargs}
    with pytest.raises(error, match=match):
        widgets.slider("t", **args)


def test_slider_factory_bounds_the_range():
    s = widgets.slider("k", min=1, max=10, step=1, value=3, integer=True)
    assert isinstance(s, w.IntSlider) and not s.continuous_update
    s.value = 50  # ipywidgets clamps to the range
    assert s.value == 10
    with pytest.raises(ValueError, match=r"value must be in \[0, 1\]"):
        widgets.slider("t", min=0, max=1, step=0.1, value=2)


def test_steps_offers_only_the_given_values():
    s = widgets.steps("ratio", [0, 2, 8], value=2)
    assert isinstance(s, w.SelectionSlider)
    assert s.options == (("0", 0), ("2", 2), ("8", 8))
    s.value = 8
    assert s.value == 8 and s.label == "8"
    with pytest.raises(Exception):  # noqa: B017 - traitlets refuses values off the grid
        s.value = 3
    with pytest.raises(ValueError, match=r"value must be one of \[0, 2, 8\], got 5"):
        widgets.steps("ratio", [0, 2, 8], value=5)
    with pytest.raises(ValueError, match="must not be empty"):
        widgets.steps("ratio", [], value=0)


def test_widgets_carry_the_css_hooks_the_browser_tests_use():
    a = widgets.slider("a", min=0, max=1, step=0.1, value=0.5)
    b = widgets.toggle("b", ["x", "y"], value="x")
    fig = widgets.InteractiveFigure({"a": a, "b": b}, lambda axes, p: "ok")
    assert "workbook-widget" in fig._dom_classes
    assert "workbook-summary" in fig.summary._dom_classes
    assert {"workbook-control", "workbook-main-control"} <= set(a._dom_classes)
    assert "workbook-control" in b._dom_classes
    assert "workbook-main-control" not in b._dom_classes


def test_a_static_page_gets_the_current_figure_as_png():
    import base64

    fig = make_line_widget()
    bundle = fig._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert base64.b64decode(bundle["image/png"]) == bytes(fig.image.value)
    fig.controls["slope"].value = 2.0
    assert base64.b64decode(fig._repr_mimebundle_()["image/png"]) == bytes(
        fig.image.value
    )


def test_set_step_heights_redraws_a_histogram_like_a_fresh_one():
    import numpy as np
    from matplotlib.figure import Figure

    from helpers.ui.widgets import set_step_heights

    bins = np.linspace(0, 1, 6)
    old, new = np.array([1, 2, 3, 4, 5.0]), np.array([5, 0, 2, 2, 1.0])
    ax = Figure().subplots()
    *_, (bars,) = ax.hist(bins[:-1], bins=bins, weights=old, histtype="stepfilled")
    set_step_heights(bars, new)
    fresh = Figure().subplots()
    *_, (ref,) = fresh.hist(bins[:-1], bins=bins, weights=new, histtype="stepfilled")
    np.testing.assert_array_equal(bars.get_xy(), ref.get_xy())
    with pytest.raises(ValueError, match="one value per bin"):
        set_step_heights(bars, new[:3])
