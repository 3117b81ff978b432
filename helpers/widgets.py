"""The house pattern for widgets, and the small example lesson 00 uses.

Every widget in the workbook has three layers:

1. a **pure compute function** ``params -> result`` (in the lesson's helper module),
   tested on its own;
2. a **plot function** that takes ``ax=`` and draws a result;
3. a ``build_..._widget()`` that does the heavy work once (train, precompute a grid),
   then wires controls to a callback that only *selects* a precomputed result and
   redraws.

:class:`InteractiveFigure` is the thin third layer. It draws into a matplotlib
``Figure`` that it owns (not pyplot's, so nothing leaks or displays twice), shows it as
a PNG in an ``ipywidgets.Image`` and writes a short HTML summary. Because the picture
and the summary live on the widget object, tests can set ``controls["x"].value`` in
plain pytest (no kernel) and assert that ``image.value`` and ``summary.value`` changed.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets as w
import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

DrawFn = Callable[[np.ndarray, dict[str, Any]], str | None]
"""``draw(axes, params) -> summary_html``; ``axes`` is a 2-D array of cleared Axes."""

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
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, pil_kwargs={"compress_level": 1})
    return buf.getvalue()


class InteractiveFigure(w.VBox):
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
    ) -> None:
        if not controls:
            raise ValueError("controls must name at least one widget")
        for name, control in controls.items():
            if not hasattr(control, "value"):
                raise ValueError(
                    f"control {name!r} has no 'value'; pass a value widget"
                )
        if not callable(draw):
            raise ValueError("draw must be callable: draw(axes, params) -> html")
        self.controls: dict[str, w.ValueWidget] = dict(controls)
        self._draw = draw
        self.figure = Figure(figsize=figsize, dpi=dpi)
        self.axes: np.ndarray = np.atleast_2d(
            self.figure.subplots(nrows, ncols, squeeze=False)
        )
        self.figure.subplots_adjust(**(adjust or DEFAULT_ADJUST))
        self.image = w.Image(format="png", layout=w.Layout(max_width="100%"))
        self.summary = w.HTML()
        self.latencies: list[float] = []
        self.n_draws = 0
        self.error: str | None = None
        row = w.HBox(
            list(self.controls.values()), layout=w.Layout(flex_flow="row wrap")
        )
        children: list[w.Widget] = [row, self.image, self.summary]
        if title:
            children.insert(0, w.HTML(f"<b>{title}</b>"))
        super().__init__(children)
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.refresh()

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
    """A slider with the workbook's defaults: bounded range, redraw on release."""
    if not min <= value <= max:
        raise ValueError(f"value must be in [{min}, {max}], got {value}")
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


def dropdown(description: str, options: Any, *, value: Any = None) -> w.Dropdown:
    """A dropdown of fixed options, so a student cannot pick something invalid."""
    kwargs = {} if value is None else {"value": value}
    return w.Dropdown(
        description=description, options=options, style=_DESCRIPTION_STYLE, **kwargs
    )


def toggle(description: str, options: Any, *, value: Any = None) -> w.ToggleButtons:
    """Toggle buttons for a small set of choices."""
    kwargs = {} if value is None else {"value": value}
    return w.ToggleButtons(
        description=description, options=options, style=_DESCRIPTION_STYLE, **kwargs
    )


# ---------------------------------------------------------- example for lesson 00


def build_threshold_widget(*, digit: int = 8) -> InteractiveFigure:
    """Lesson 00's widget: a decision threshold trades precision for recall.

    A logistic regression is trained once on the digits pool; each test image gets the
    probability that it shows a chosen digit. Moving the threshold only recounts.
    """
    from helpers import evaluation

    scores = evaluation.digit_detector_scores()  # heavy part, once: (n_test, 10)

    def draw(axes: np.ndarray, p: dict[str, Any]) -> str:
        s, y = scores.detector(p["digit"])
        result = evaluation.threshold_metrics(s, y, threshold=p["threshold"])
        evaluation.plot_score_histogram(s, y, threshold=p["threshold"], ax=axes[0, 0])
        evaluation.plot_precision_recall(s, y, current=result, ax=axes[0, 1])
        return result.to_html()

    controls = {
        "threshold": slider("threshold", min=0.0, max=1.0, step=0.01, value=0.5),
        "digit": dropdown("positive class: digit", list(range(10)), value=digit),
    }
    return InteractiveFigure(controls, draw, ncols=2)
