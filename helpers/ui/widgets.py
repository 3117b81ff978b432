"""The widget toolkit: one contract for every widget of the workbook.

Every widget has three layers:

1. a **pure compute function** ``params -> result`` (in a phase's compute module),
   tested on its own;
2. a **plot function** that takes ``ax=`` and draws a result (a ``*_plots`` module);
3. a ``build_..._widget()`` (a ``*_widget`` module) that does the heavy work once
   (train, precompute a grid), then wires controls to a callback that only *selects*
   a precomputed result and redraws.

Every builder returns a :class:`LessonWidget`: its controls by name in ``controls``,
what it precomputed in ``state`` (set once, when it is built) and a short HTML
``summary``. :class:`InteractiveFigure`, the common case, draws into a matplotlib
``Figure`` that it owns (not pyplot's, so nothing leaks or displays twice) and shows
it as a PNG. Because picture and summary live on the widget object, tests set
``controls["x"].value`` in plain pytest (no kernel) and assert what changed.

The control factories (:func:`slider`, :func:`steps`, :func:`dropdown`,
:func:`toggle`) give every lesson the same look and refuse impossible ranges.
"""

from __future__ import annotations

import base64
import io
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets as w
import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Polygon

from helpers.core.validation import check_array, check_choice, check_int, check_real

DrawFn = Callable[[np.ndarray, dict[str, Any]], str | None]
"""``draw(axes, params) -> summary_html``; ``axes`` is a 2-D array of Axes (cleared
before each call unless the figure was made with ``clear=False``)."""

_DESCRIPTION_STYLE = {"description_width": "initial"}
RENDER_RC = {
    # A fixed title position skips matplotlib's title layout pass (~10 ms per axes).
    "axes.titley": 1.02,
    # Unhinted glyphs render ~15 % faster and stay legible at the widgets' size.
    "text.hinting": "none",
}
"""rcParams every widget redraw runs under (measured on a 2-core CPU)."""

DEFAULT_ADJUST = {
    "left": 0.07,
    "right": 0.98,
    "bottom": 0.15,
    "top": 0.89,
    "wspace": 0.3,
}
"""Margins of a widget figure (one row of panels with titles and axis labels)."""


def figure_png(fig: Figure, *, dpi: int | None = None) -> bytes:
    """Render ``fig`` to PNG bytes (fast settings: the widget redraws often)."""
    if dpi is not None:
        dpi = check_int("dpi", dpi, low=10, high=600)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, pil_kwargs={"compress_level": 1})
    return buf.getvalue()


def set_step_heights(bars: Polygon, heights: Any) -> None:
    """Give a ``histtype="stepfilled"`` histogram (the patch ``ax.hist`` returns)
    new bar heights in place: a redraw without ``ax.clear()`` (``clear=False``)."""
    if not isinstance(bars, Polygon):
        raise TypeError(f"bars must be a stepfilled histogram patch, got {bars!r:.60}")
    xy = bars.get_xy()  # (4 * n_bins + 1, 2): up, across and down each bin, back
    k = (len(xy) - 1) // 4
    heights = check_array("heights", heights, ndim=1)
    if heights.size != k:
        raise ValueError(
            f"heights must hold one value per bin ({k}), got {heights.size}"
        )
    xy[1 : 2 * k : 2, 1] = heights
    xy[2 : 2 * k + 1 : 2, 1] = heights
    bars.set_xy(xy)


class LessonWidget(w.VBox):
    """The one widget type every ``build_*_widget`` returns.

    ``controls`` maps names to value widgets (what a student moves), ``state`` holds
    what the builder precomputed (read-only once built: callbacks select from it) and
    ``summary`` is an HTML line that states the current result in words.
    """

    def __init__(
        self,
        children: Sequence[w.Widget],
        *,
        controls: Mapping[str, w.ValueWidget],
        state: Any,
        summary: w.HTML,
    ) -> None:
        for name, control in controls.items():
            if not hasattr(control, "value"):
                raise TypeError(f"control {name!r} has no 'value'; pass a value widget")
        self.controls: dict[str, w.ValueWidget] = dict(controls)
        self._state = state
        self.summary = summary
        super().__init__(list(children))
        # CSS hooks for the browser tests (and for instructors' custom styling): the
        # widget, its controls, and its main control (the first one).
        self.add_class("workbook-widget")
        summary.add_class("workbook-summary")
        for i, control in enumerate(self.controls.values()):
            control.add_class("workbook-control")
            if i == 0:
                control.add_class("workbook-main-control")

    @property
    def state(self) -> Any:
        """What the builder precomputed (a grid, scores, trained runs ...)."""
        return self._state


class InteractiveFigure(LessonWidget):
    """Controls above a figure and a summary; every control change redraws.

    Parameters
    ----------
    controls : ``{name: value widget}``; their current values reach ``draw`` as
        ``params[name]``.
    draw : ``draw(axes, params) -> html`` draws on the (cleared) axes and returns a
        short HTML summary (or None). It must only select and plot: heavy work belongs
        in the builder.
    nrows, ncols, figsize, dpi : the figure's fixed layout. Axes are made once; each
        redraw clears and reuses them, which keeps a redraw well under 100 ms.
    title : optional heading shown above the controls.
    adjust : ``Figure.subplots_adjust`` keywords for the fixed layout.
    state : what the builder precomputed; exposed read-only as :attr:`state`.
    clear : clear every axes before each ``draw`` (the default). With ``False`` the
        axes keep what the previous ``draw`` put on them: ``draw`` plots in full on
        its first call and afterwards only updates what moved (``set_data``,
        ``set_text``, ``set_array`` ...). That skips rebuilding ticks, legends and
        labels, which ``Axes.clear`` forces and which is most of a redraw (a redraw
        then costs about half as much).
    """

    def __init__(
        self,
        controls: Mapping[str, w.ValueWidget],
        draw: DrawFn,
        *,
        nrows: int = 1,
        ncols: int = 1,
        figsize: tuple[float, float] = (9.5, 3.6),
        dpi: int = 80,
        title: str | None = None,
        adjust: Mapping[str, float] | None = None,
        state: Any = None,
        clear: bool = True,
    ) -> None:
        if not controls:
            raise ValueError("controls must name at least one widget")
        if not callable(draw):
            raise TypeError("draw must be callable: draw(axes, params) -> html")
        nrows = check_int("nrows", nrows, low=1, high=10)
        ncols = check_int("ncols", ncols, low=1, high=10)
        dpi = check_int("dpi", dpi, low=10, high=600)
        if not isinstance(clear, bool):
            raise TypeError(f"clear must be True or False, got {clear!r}")
        self._draw = draw
        self._clear = clear
        self.figure = Figure(figsize=figsize, dpi=dpi)
        # One Agg canvas for the figure's life: savefig then reuses its renderer
        # instead of making a canvas and a renderer per redraw (~6 ms; same pixels).
        FigureCanvasAgg(self.figure)
        with mpl.rc_context(RENDER_RC):  # axes that persist (clear=False) need it too
            self.axes: np.ndarray = np.atleast_2d(
                self.figure.subplots(nrows, ncols, squeeze=False)
            )
        self.figure.subplots_adjust(**(adjust or DEFAULT_ADJUST))
        self.image = w.Image(format="png", layout=w.Layout(max_width="100%"))
        self.latencies: list[float] = []
        self.n_draws = 0
        self.error: str | None = None
        summary = w.HTML()
        row = w.HBox(list(controls.values()), layout=w.Layout(flex_flow="row wrap"))
        children: list[w.Widget] = [row, self.image, summary]
        if title:
            children.insert(0, w.HTML(f"<b>{title}</b>"))
        super().__init__(children, controls=controls, state=state, summary=summary)
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.refresh()

    def _repr_mimebundle_(self, **kwargs: Any) -> dict | None:
        """The live widget, plus its current figure as a PNG: JupyterLab shows the
        widget; a static page (``make site``, GitHub, nbconvert) shows the picture."""
        data = super()._repr_mimebundle_(**kwargs)
        if data is not None and self.image.value:
            data["image/png"] = base64.b64encode(bytes(self.image.value)).decode()
        return data

    @property
    def params(self) -> dict[str, Any]:
        """The controls' current values, by name."""
        return {name: c.value for name, c in self.controls.items()}

    def _on_change(self, _change: dict) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Redraw for the current control values and record how long it took."""
        start = time.perf_counter()
        with mpl.rc_context(RENDER_RC):
            if self._clear:
                for ax in self.axes.flat:
                    ax.clear()
            try:
                html = self._draw(self.axes, self.params)
            except ValueError as exc:
                # A control combination the compute layer rejects: say so, keep going.
                self.error = str(exc)
                self.summary.value = f"<span style='color:#D55E00'>⚠ {exc}</span>"
            else:
                self.error = None
                self.summary.value = html or ""
            self.image.value = figure_png(self.figure)
        self.n_draws += 1
        self.latencies.append(time.perf_counter() - start)

    @property
    def ax(self) -> Axes:
        """The single axes of a one-panel widget."""
        return self.axes.flat[0]


# ----------------------------------------------------------------- control helpers


def slider(
    description: str,
    *,
    min: float,  # noqa: A002 - mirrors the ipywidgets keyword
    max: float,  # noqa: A002
    step: float,
    value: float,
    integer: bool = False,
    readout_format: str | None = None,
) -> w.ValueWidget:
    """A slider with the workbook's defaults: bounded range, redraw on release.

    The range must be finite with ``min < max``, ``0 < step <= max - min`` and
    ``value`` inside it; integer sliders need integer bounds and step.
    """
    check = check_int if integer else check_real
    min = check(f"{description}: min", min)  # noqa: A001
    max = check(f"{description}: max", max)  # noqa: A001
    if not min < max:
        raise ValueError(f"{description}: min must be below max, got {min} and {max}")
    step = check(f"{description}: step", step)
    if not 0 < step <= max - min:
        raise ValueError(
            f"{description}: step must be in (0, {max - min:g}], got {step:g}"
        )
    value = check(f"{description}: value", value)
    if not min <= value <= max:
        raise ValueError(f"value must be in [{min:g}, {max:g}], got {value:g}")
    cls = w.IntSlider if integer else w.FloatSlider
    kwargs: dict[str, Any] = {}
    if readout_format:
        kwargs["readout_format"] = readout_format
    return cls(
        description=description,
        min=min,
        max=max,
        step=step,
        value=value,
        continuous_update=False,
        style=_DESCRIPTION_STYLE,
        layout=w.Layout(width="340px"),
        **kwargs,
    )


def steps(
    description: str,
    values: Sequence[Any],
    *,
    value: Any,
    fmt: str = "{:g}",
) -> w.SelectionSlider:
    """A slider over a fixed set of values, e.g. the points of a precomputed grid, so
    every position has a result. Labels are ``fmt.format(v)``; redraws on release."""
    values = list(values)
    if not values:
        raise ValueError(f"{description}: values must not be empty")
    if len(values) > 1000:
        raise ValueError(f"{description}: at most 1000 values, got {len(values)}")
    if value not in values:
        raise ValueError(f"{description}: value must be one of {values}, got {value!r}")
    return w.SelectionSlider(
        description=description,
        options=[(fmt.format(v), v) for v in values],
        value=value,
        continuous_update=False,
        style=_DESCRIPTION_STYLE,
        layout=w.Layout(width="340px"),
    )


def _option_values(description: str, options: Any, value: Any) -> dict[str, Any]:
    """The ``value=`` keyword for an option widget, after checking ``value`` is one
    of ``options`` (plain values or ``(label, value)`` pairs); None: the first."""
    values = [o[1] if isinstance(o, tuple) else o for o in options]
    if not values:
        raise ValueError(f"{description}: options must not be empty")
    if value is None:
        return {}
    return {"value": check_choice(description, value, values)}


def dropdown(description: str, options: Any, *, value: Any = None) -> w.Dropdown:
    """A dropdown of fixed options, so a student cannot pick something invalid."""
    kwargs = _option_values(description, options, value)
    return w.Dropdown(
        description=description, options=options, style=_DESCRIPTION_STYLE, **kwargs
    )


def toggle(description: str, options: Any, *, value: Any = None) -> w.ToggleButtons:
    """Toggle buttons for a small set of choices."""
    kwargs = _option_values(description, options, value)
    return w.ToggleButtons(
        description=description, options=options, style=_DESCRIPTION_STYLE, **kwargs
    )


# ---------------------------------------------------------- example for lesson 00
