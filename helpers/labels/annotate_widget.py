"""A human in the loop: label the digits an active-learning strategy asks about.

:class:`LabelingWidget` shows the image the chosen strategy wants labelled next; the
student clicks the digit (buttons 0-9). When the batch is done the model retrains
and the test-accuracy curve grows by one point. With the **simulated oracle** switch
on, :meth:`LabelingWidget.oracle_step` answers a batch with the true labels, so the
notebook runs unattended (no ``input()`` anywhere).

The session itself (labels, labels given, accuracy history, current query) is a
:class:`helpers.labels.annotate.LabelingSession` in ``widget.state``; the panels are
drawn by :mod:`helpers.labels.active_plots`. Tests drive the widget with
``widget.buttons[7].click()`` and assert on ``widget.state``.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import ipywidgets as w
import matplotlib as mpl
from matplotlib.figure import Figure

from helpers.core.data import DigitsSplit, load_digits_split
from helpers.core.validation import check_int, check_real
from helpers.labels.active_loop import DEFAULT_C
from helpers.labels.active_plots import plot_labeling_history, plot_query_image
from helpers.labels.annotate import N_DIGITS, LabelingSession
from helpers.labels.strategies import STRATEGIES, get_strategy
from helpers.ui.widgets import (
    RENDER_RC,
    LessonWidget,
    dropdown,
    figure_png,
    slider,
    toggle,
)

MAX_BATCH = 20


class LabelingWidget(LessonWidget):
    """Label what the strategy queries; the model retrains after every batch.

    Parameters
    ----------
    strategy : a name in :data:`helpers.labels.strategies.STRATEGIES`.
    batch_size : images per query batch (1-20); a retrain follows each batch.
    start_per_class : labels per class known before the student starts.
    seed : the start set and the strategies' random draws.
    simulated_oracle : allow :meth:`oracle_step` (the true labels answer).
    min_click_interval : seconds; a second click sooner than this is a double
        click and is ignored.
    clock : the time source for the double-click guard (tests pass a fake one).
    data : the digits split (default: :func:`helpers.core.data.load_digits_split`).
    """

    def __init__(
        self,
        *,
        strategy: str = "margin",
        batch_size: int = 5,
        start_per_class: int = 1,
        seed: int = 0,
        simulated_oracle: bool = False,
        C: float = DEFAULT_C,
        min_click_interval: float = 0.4,
        clock: Callable[[], float] = time.monotonic,
        data: DigitsSplit | None = None,
    ) -> None:
        get_strategy(strategy)
        batch_size = check_int("batch_size", batch_size, low=1, high=MAX_BATCH)
        start_per_class = check_int("start_per_class", start_per_class, low=1)
        seed = check_int("seed", seed, low=0)
        C = check_real("C", C, low=0, open_low=True)
        self._min_interval = check_real("min_click_interval", min_click_interval, low=0)
        if not callable(clock):
            raise TypeError(f"clock must be callable, got {type(clock).__name__}")
        if data is not None and not isinstance(data, DigitsSplit):
            raise TypeError(f"data must be a DigitsSplit, got {type(data).__name__}")
        self._clock = clock
        self._last_click = float("-inf")
        self.n_ignored_clicks = 0
        self.latencies: list[float] = []
        self.n_draws = 0
        self.error: str | None = None

        controls = {
            "strategy": dropdown("strategy", list(STRATEGIES), value=strategy),
            "batch_size": slider(
                "batch size",
                min=1,
                max=MAX_BATCH,
                step=1,
                value=batch_size,
                integer=True,
            ),
            "oracle": toggle(
                "simulated oracle (true labels)",
                [("off", False), ("on", True)],
                value=bool(simulated_oracle),
            ),
        }
        self.buttons = [
            w.Button(description=str(k), layout=w.Layout(width="42px"))
            for k in range(N_DIGITS)
        ]
        for k, button in enumerate(self.buttons):
            button.on_click(lambda _b, k=k: self.click_digit(k))
        self.oracle_button = w.Button(description="oracle answers this batch")
        self.oracle_button.on_click(lambda _b: self.oracle_step())
        self.figure = Figure(figsize=(8.0, 3.0), dpi=80)
        self._ax_img, self._ax_acc = self.figure.subplots(
            1, 2, gridspec_kw={"width_ratios": [1, 2.4]}
        )
        self.figure.subplots_adjust(left=0.03, right=0.97, bottom=0.17, top=0.86)
        self.image = w.Image(format="png", layout=w.Layout(max_width="100%"))
        session = LabelingSession.start(
            data or load_digits_split(), start_per_class=start_per_class, seed=seed, C=C
        )
        session.ask(strategy, batch_size)
        summary = w.HTML()
        super().__init__(
            [
                w.HBox(list(controls.values())),
                self.image,
                w.HBox(self.buttons + [self.oracle_button]),
                summary,
            ],
            controls=controls,
            state=session,
            summary=summary,
        )
        self.controls["strategy"].observe(self._on_setting, names="value")
        self.controls["batch_size"].observe(self._on_setting, names="value")
        self.controls["oracle"].observe(lambda _c: self.refresh(), names="value")
        self.refresh()

    @property
    def strategy(self) -> str:
        return self.controls["strategy"].value

    def _next_batch(self) -> None:
        self.state.retrain()
        self.state.ask(self.strategy, self.controls["batch_size"].value)

    def _on_setting(self, _change: dict) -> None:
        # Keep what was answered in this batch; re-ask the rest with the new setting.
        self.state.ask(
            self.strategy, self.controls["batch_size"].value, keep_answered=True
        )
        self.refresh()

    # ---------------------------------------------------------------- actions

    def label(self, index: int, digit: int) -> None:
        """Record ``digit`` as the label of pool image ``index`` (see
        :meth:`helpers.labels.annotate.LabelingSession.label`). When the current
        batch is complete the model retrains and the next batch is queried."""
        if self.state.label(index, digit):
            self._next_batch()
        self.refresh()

    def click_digit(self, digit: int) -> bool:
        """What a click on button ``digit`` does; False if it was ignored.

        A click within ``min_click_interval`` of the previous one is a double click
        and is ignored, so it cannot label the next image by accident.
        """
        too_soon = self._clock() - self._last_click < self._min_interval
        if too_soon or self.state.current is None:
            self.n_ignored_clicks += 1
            return False
        self.label(self.state.current, digit)
        # Timed from the end of the work: a double click queued while the model
        # retrained still counts as one.
        self._last_click = self._clock()
        return True

    def oracle_step(self) -> None:
        """Answer the rest of the current batch with the true labels, then retrain."""
        if not self.controls["oracle"].value:
            raise ValueError("switch on the simulated oracle to let it answer")
        self.state.answer_with_truth()
        self._next_batch()
        self.refresh()

    def run_oracle(self, rounds: int) -> None:
        """``rounds`` oracle batches in a row (the unattended notebook uses this)."""
        for _ in range(check_int("rounds", rounds, low=0)):
            self.oracle_step()

    # ---------------------------------------------------------------- display

    def refresh(self) -> None:
        """Redraw the current image and the accuracy curve; record the latency."""
        start = time.perf_counter()
        session = self.state
        self.oracle_button.disabled = not self.controls["oracle"].value
        with mpl.rc_context(RENDER_RC):
            self._ax_img.clear()
            self._ax_acc.clear()
            current = session.current
            plot_query_image(
                None if current is None else session.data.X_pool[current],
                done=len(session.answered),
                total=len(session.query),
                ax=self._ax_img,
            )
            plot_labeling_history(
                session.history, strategy=self.strategy, ax=self._ax_acc
            )
            self.image.value = figure_png(self.figure)
        self.summary.value = (
            f"labels held <b>{len(session.labels)}</b> (you gave "
            f"{len(session.given)}, {session.n_disagreements()} differ from the "
            f"dataset) · test accuracy <b>{session.accuracy:.3f}</b> · retrains "
            f"{len(session.history) - 1}"
        )
        self.n_draws += 1
        self.latencies.append(time.perf_counter() - start)


def build_labeling_widget(
    *,
    strategy: str = "margin",
    batch_size: int = 5,
    start_per_class: int = 1,
    seed: int = 0,
    simulated_oracle: bool = False,
) -> LabelingWidget:
    """The lesson's human-in-the-loop widget (see :class:`LabelingWidget`)."""
    return LabelingWidget(
        strategy=strategy,
        batch_size=batch_size,
        start_per_class=start_per_class,
        seed=seed,
        simulated_oracle=simulated_oracle,
    )
