"""The human-in-the-loop labeling widget (labels.annotate_widget), driven by clicks."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.labels.annotate import LabelingSession
from helpers.labels.annotate_widget import LabelingWidget, build_labeling_widget
from helpers.ui.widgets import LessonWidget


class FakeClock:
    """A clock the test moves by hand, for the double-click guard."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def widget(digits, clock):
    return LabelingWidget(batch_size=3, clock=clock, data=digits)


def test_starts_with_one_label_per_class_and_a_query(widget, digits):
    assert len(widget.state.labels) == 10
    assert sorted(digits.y_pool[list(widget.state.labels)]) == list(range(10))
    assert len(widget.state.history) == 1 and widget.state.history[0][0] == 10
    assert (
        len(widget.state.query) == 3 and widget.state.current == widget.state.query[0]
    )
    assert not set(widget.state.query) & set(widget.state.labels)
    assert widget.oracle_button.disabled  # the oracle is off by default


def test_clicking_a_digit_labels_the_current_image(widget, clock):
    asked = widget.state.current
    draws = widget.n_draws
    image = widget.image.value
    widget.buttons[7].click()
    assert widget.state.labels[asked] == 7 and widget.state.given == [(asked, 7)]
    assert widget.state.current == widget.state.query[1]
    assert widget.n_draws == draws + 1 and widget.image.value != image


def test_double_click_is_ignored(widget, clock):
    first = widget.state.current
    widget.buttons[3].click()
    widget.buttons[3].click()  # same instant: a double click
    assert widget.state.given == [(first, 3)]
    assert widget.n_ignored_clicks == 1
    clock.now += 1.0  # a deliberate second click a second later counts
    second = widget.state.current
    widget.buttons[5].click()
    assert widget.state.given == [(first, 3), (second, 5)]


def test_no_image_is_labelled_twice(widget, clock):
    asked = widget.state.current
    widget.buttons[1].click()
    with pytest.raises(ValueError, match=f"image {asked} is already labelled"):
        widget.label(asked, 2)
    start_image = next(iter(widget.state.labels))
    with pytest.raises(ValueError, match="already labelled"):
        widget.label(start_image, 0)
    with pytest.raises(ValueError, match=r"\[0, 9\]"):
        widget.label(widget.state.current, 10)
    assert widget.state.labels[asked] == 1


def test_finishing_a_batch_retrains_and_grows_the_curve(widget, clock, digits):
    batch = list(widget.state.query)
    for i in batch:
        widget.buttons[int(digits.y_pool[i])].click()  # answer truthfully
        clock.now += 1.0
    assert len(widget.state.history) == 2 and widget.state.history[1][0] == 13
    assert widget.state.n_disagreements() == 0
    assert len(widget.state.query) == 3 and not set(widget.state.query) & set(
        widget.state.labels
    )
    expected = widget.state.model.score(digits.X_test, digits.y_test)
    assert widget.state.accuracy == pytest.approx(expected)


def test_wrong_labels_are_counted(widget, clock, digits):
    truth = int(digits.y_pool[widget.state.current])
    widget.buttons[(truth + 1) % 10].click()
    assert widget.state.n_disagreements() == 1
    assert "1 differ from the dataset" in widget.summary.value


def test_simulated_oracle_runs_unattended(digits):
    widget = build_labeling_widget(simulated_oracle=True, batch_size=10)
    assert not widget.oracle_button.disabled
    widget.run_oracle(4)
    n, acc = np.array(widget.state.history).T
    np.testing.assert_array_equal(n, [10, 20, 30, 40, 50])
    assert all(digits.y_pool[i] == lab for i, lab in widget.state.given)
    assert acc[-1] > acc[0] + 0.05  # margin-chosen true labels help


def test_oracle_needs_the_switch(widget):
    with pytest.raises(ValueError, match="simulated oracle"):
        widget.oracle_step()
    widget.oracle_button.click()  # disabled in the UI; a click changes nothing
    assert widget.state.given == []
    widget.controls["oracle"].value = True
    widget.oracle_button.click()
    assert len(widget.state.given) == 3 and len(widget.state.history) == 2


def test_changing_strategy_and_batch_size_requeries(widget, clock):
    widget.buttons[0].click()
    answered = widget.state.given[0][0]
    before, draws = list(widget.state.query), widget.n_draws
    widget.controls["strategy"].value = "coreset"
    assert widget.state.query[0] == answered  # answered images stay in the batch
    assert widget.state.query != before and widget.n_draws == draws + 1
    widget.controls["batch_size"].value = 6
    assert len(widget.state.query) == 6
    for name in ("random", "qbc_vote_entropy", "hybrid", "kmeans"):
        widget.controls["strategy"].value = name
        assert len(widget.state.query) == 6
        assert not set(widget.state.query[1:]) & set(widget.state.labels)


def test_bad_settings_are_rejected(digits):
    with pytest.raises(ValueError, match="unknown strategy"):
        LabelingWidget(strategy="guess", data=digits)
    with pytest.raises(ValueError, match=r"batch_size must be an integer in \[1, 20\]"):
        LabelingWidget(batch_size=0, data=digits)
    with pytest.raises(ValueError, match="min_click_interval must be in"):
        LabelingWidget(min_click_interval=-1.0, data=digits)


def test_is_a_lesson_widget_with_its_session_as_state(widget):
    assert isinstance(widget, LessonWidget)
    assert isinstance(widget.state, LabelingSession)
    assert set(widget.controls) == {"strategy", "batch_size", "oracle"}
    with pytest.raises(ValueError, match=r"rounds must be an integer in \[0"):
        widget.run_oracle(-1)


def test_options_are_checked_before_anything_is_built():
    with pytest.raises(TypeError, match="clock must be callable"):
        LabelingWidget(clock=3)
    with pytest.raises(ValueError, match=r"seed must be an integer in \[0, inf\)"):
        LabelingWidget(seed=-1)
    with pytest.raises(TypeError, match="data must be a DigitsSplit"):
        LabelingWidget(data="digits")
