"""A human in the loop: label the digits an active-learning strategy asks about.

:class:`LabelingWidget` shows the image the chosen strategy wants labelled next; the
student clicks the digit (buttons 0-9). When the batch is done the model retrains
and the test-accuracy curve grows by one point. With the **simulated oracle** switch
on, :meth:`LabelingWidget.oracle_step` answers a batch with the true labels, so the
notebook runs unattended (no ``input()`` anywhere).

All state lives on the object (``labels``, ``given``, ``history``, ``query``), so
tests drive it with ``widget.buttons[7].click()`` and assert on what changed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import ipywidgets as w
import matplotlib as mpl
import numpy as np
from matplotlib.figure import Figure

from helpers.core.data import DigitsSplit, labelled_subset, load_digits_split
from helpers.labels.active_loop import DEFAULT_C, fit_committee, make_model
from helpers.labels.strategies import (
    COMMITTEE_STRATEGIES,
    MODEL_FREE_STRATEGIES,
    STRATEGIES,
    get_strategy,
)
from helpers.ui.plots import color_for, label_axes
from helpers.ui.widgets import RENDER_RC, figure_png


class LabelingWidget(w.VBox):
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
        if not 1 <= batch_size <= 20:
            raise ValueError(f"batch_size must be in [1, 20], got {batch_size}")
        if min_click_interval < 0:
            raise ValueError(
                f"min_click_interval must be >= 0, got {min_click_interval}"
            )
        d = data or load_digits_split()
        self.X_pool, self.y_pool = d.X_pool, d.y_pool
        self.X_test, self.y_test = d.X_test, d.y_test
        self._rng = np.random.default_rng(seed)
        self._C = C
        self._clock = clock
        self._min_interval = min_click_interval
        self._last_click = -np.inf
        self.model = make_model(C=C)
        self._committee = None

        start = labelled_subset(self.y_pool, per_class=start_per_class, seed=seed)
        self.labels: dict[int, int] = {int(i): int(self.y_pool[i]) for i in start}
        """Every known label by pool index: the start set, then the student's."""
        self.given: list[tuple[int, int]] = []
        """``(pool index, label)`` given in the widget, in order."""
        self.history: list[tuple[int, float]] = []
        """``(labels held, test accuracy)`` after every retrain."""
        self.query: list[int] = []
        """Pool indices of the current batch (answered ones included)."""
        self.n_ignored_clicks = 0
        self.latencies: list[float] = []
        self.n_draws = 0
        self.error: str | None = None

        self.controls: dict[str, w.ValueWidget] = {
            "strategy": w.Dropdown(
                options=list(STRATEGIES), value=strategy, description="strategy"
            ),
            "batch_size": w.IntSlider(
                value=batch_size,
                min=1,
                max=20,
                description="batch size",
                continuous_update=False,
            ),
            "oracle": w.Checkbox(
                value=simulated_oracle, description="simulated oracle (true labels)"
            ),
        }
        self.buttons = [
            w.Button(description=str(k), layout=w.Layout(width="42px"))
            for k in range(10)
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
        self.summary = w.HTML()
        super().__init__(
            [
                w.HBox(list(self.controls.values())),
                self.image,
                w.HBox(self.buttons + [self.oracle_button]),
                self.summary,
            ]
        )
        self.controls["strategy"].observe(self._on_setting, names="value")
        self.controls["batch_size"].observe(self._on_setting, names="value")
        self.controls["oracle"].observe(lambda _c: self.refresh(), names="value")
        self._retrain()
        self._new_query()
        self.refresh()

    # ------------------------------------------------------------------ state

    @property
    def strategy(self) -> str:
        return self.controls["strategy"].value

    @property
    def current(self) -> int | None:
        """The pool index the widget is asking about now (None if none left)."""
        for i in self.query:
            if i not in self.labels:
                return i
        return None

    @property
    def accuracy(self) -> float:
        """Test accuracy after the latest retrain."""
        return self.history[-1][1]

    def _unlabeled(self) -> np.ndarray:
        mask = np.ones(len(self.y_pool), dtype=bool)
        mask[list(self.labels)] = False
        return np.flatnonzero(mask)

    def _retrain(self) -> None:
        idx = np.fromiter(self.labels, dtype=int)
        y = np.fromiter(self.labels.values(), dtype=int)
        self.model.fit(self.X_pool[idx], y)
        self.history.append(
            (len(idx), float(self.model.score(self.X_test, self.y_test)))
        )

    def _pick(self, k: int) -> list[int]:
        unlabeled = self._unlabeled()
        k = min(k, len(unlabeled))
        if k == 0:
            return []
        name = self.strategy
        source: Any = self.model
        labeled = np.fromiter(self.labels, dtype=int)
        if name in COMMITTEE_STRATEGIES:
            y = np.fromiter(self.labels.values(), dtype=int)
            self._committee = fit_committee(
                make_model(C=self._C), self.X_pool[labeled], y, rng=self._rng
            )
            source = self._committee
        elif name in MODEL_FREE_STRATEGIES:
            source = None
        picked = get_strategy(name)(
            source,
            self.X_pool[unlabeled],
            batch_size=k,
            rng=self._rng,
            X_labeled=self.X_pool[labeled],
        )
        return [int(i) for i in unlabeled[picked]]

    def _new_query(self) -> None:
        self.query = self._pick(self.controls["batch_size"].value)

    def _on_setting(self, _change: dict) -> None:
        # Keep what was answered in this batch; re-ask the rest with the new setting.
        answered = [i for i in self.query if i in self.labels]
        left = max(1, self.controls["batch_size"].value - len(answered))
        self.query = answered + self._pick(left)
        self.refresh()

    # ---------------------------------------------------------------- actions

    def label(self, index: int, digit: int) -> None:
        """Record ``digit`` as the label of pool image ``index``.

        Raises ``ValueError`` for a digit outside 0-9, an index outside the pool, or
        an image that already has a label (no image is labelled twice). When the
        current batch is complete the model retrains and the next batch is queried.
        """
        if isinstance(digit, bool) or not isinstance(digit, int | np.integer):
            raise ValueError(f"digit must be an integer 0-9, got {digit!r}")
        if not 0 <= digit <= 9:
            raise ValueError(f"digit must be in [0, 9], got {digit}")
        if not 0 <= index < len(self.y_pool):
            raise ValueError(f"index must be in [0, {len(self.y_pool)}), got {index}")
        if index in self.labels:
            raise ValueError(
                f"image {index} is already labelled (as {self.labels[index]})"
            )
        self.labels[int(index)] = int(digit)
        self.given.append((int(index), int(digit)))
        if self.current is None:
            self._retrain()
            self._new_query()
        self.refresh()

    def click_digit(self, digit: int) -> bool:
        """What a click on button ``digit`` does; False if it was ignored.

        A click within ``min_click_interval`` of the previous one is a double click
        and is ignored, so it cannot label the next image by accident.
        """
        too_soon = self._clock() - self._last_click < self._min_interval
        if too_soon or self.current is None:
            self.n_ignored_clicks += 1
            return False
        self.label(self.current, digit)
        # Timed from the end of the work: a double click queued while the model
        # retrained still counts as one.
        self._last_click = self._clock()
        return True

    def oracle_step(self) -> None:
        """Answer the rest of the current batch with the true labels, then retrain."""
        if not self.controls["oracle"].value:
            raise ValueError("switch on the simulated oracle to let it answer")
        for i in self.query:
            if i not in self.labels:
                self.labels[i] = int(self.y_pool[i])
                self.given.append((i, self.labels[i]))
        self._retrain()
        self._new_query()
        self.refresh()

    def run_oracle(self, rounds: int) -> None:
        """``rounds`` oracle batches in a row (the unattended notebook uses this)."""
        if rounds < 0:
            raise ValueError(f"rounds must be >= 0, got {rounds}")
        for _ in range(rounds):
            self.oracle_step()

    # ---------------------------------------------------------------- display

    def n_disagreements(self) -> int:
        """How many labels given here differ from the dataset's label."""
        return sum(int(self.y_pool[i] != lab) for i, lab in self.given)

    def refresh(self) -> None:
        """Redraw the current image and the accuracy curve; record the latency."""
        start = time.perf_counter()
        self.oracle_button.disabled = not self.controls["oracle"].value
        with mpl.rc_context(RENDER_RC):
            self._ax_img.clear()
            self._ax_acc.clear()
            current = self.current
            self._ax_img.set_axis_off()
            if current is not None:
                self._ax_img.imshow(
                    self.X_pool[current].reshape(8, 8), cmap="gray_r", vmin=0, vmax=1
                )
                done = sum(i in self.labels for i in self.query)
                self._ax_img.set_title(
                    f"which digit? ({done + 1} of {len(self.query)})", fontsize=10
                )
            n, acc = np.array(self.history).T
            self._ax_acc.plot(n, acc, "o-", color=color_for(self.strategy), ms=4)
            label_axes(
                self._ax_acc,
                title=f"Test accuracy as you label ({self.strategy})",
                xlabel="labels held",
                ylabel="test accuracy",
            )
            self.image.value = figure_png(self.figure)
        self.summary.value = (
            f"labels held <b>{len(self.labels)}</b> (you gave {len(self.given)}, "
            f"{self.n_disagreements()} differ from the dataset) · test accuracy "
            f"<b>{self.accuracy:.3f}</b> · retrains {len(self.history) - 1}"
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
