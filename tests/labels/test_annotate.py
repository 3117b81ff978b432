"""Tests of labels.annotate: a labeling session without a widget."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.labels.annotate import LabelingSession


@pytest.fixture
def session(digits):
    s = LabelingSession.start(digits, start_per_class=1, seed=0)
    s.ask("margin", 3)
    return s


def test_starts_with_one_label_per_class_retrained_once(session, digits):
    assert sorted(digits.y_pool[list(session.labels)]) == list(range(10))
    assert session.history == [(10, pytest.approx(session.accuracy))]
    expected = session.model.score(digits.X_test, digits.y_test)
    assert session.accuracy == pytest.approx(expected)
    assert len(session.query) == 3 and session.current == session.query[0]
    assert not set(session.query) & set(session.labels)


def test_the_query_is_what_the_strategy_picks(session, digits):
    from helpers.labels import strategies

    labeled = np.fromiter(session.labels, dtype=int)
    unlabeled = np.setdiff1d(np.arange(len(digits.y_pool)), labeled)
    picked = strategies.margin(
        session.model, digits.X_pool[unlabeled], batch_size=3, rng=None
    )
    assert session.query == unlabeled[picked].tolist()


def test_label_reports_a_complete_batch(session, digits):
    first, second, third = session.query
    assert session.label(first, 4) is False
    assert session.answered == [first] and session.current == second
    assert session.label(second, 5) is False
    assert session.label(third, 6) is True and session.current is None
    assert session.given == [(first, 4), (second, 5), (third, 6)]
    wrong = sum(int(digits.y_pool[i] != d) for i, d in session.given)
    assert session.n_disagreements() == wrong


def test_ask_keeps_answered_images_on_request(session):
    first = session.query[0]
    session.label(first, 1)
    session.ask("random", 4, keep_answered=True)
    assert session.query[0] == first and len(session.query) == 4
    session.ask("random", 4)
    assert first not in session.query


def test_the_oracle_answers_with_the_truth(session, digits):
    session.answer_with_truth()
    assert session.current is None
    assert all(digits.y_pool[i] == d for i, d in session.given)
    session.retrain()
    assert session.history[-1][0] == 13


def test_pick_stops_when_the_pool_runs_out(digits):
    small = LabelingSession.start(digits, start_per_class=1, seed=1)
    for i in range(len(digits.y_pool)):
        if i not in small.labels:
            small.labels[i] = int(digits.y_pool[i])
    assert small.pick("margin", 5) == []


def test_bad_labels_are_refused(session):
    asked = session.current
    with pytest.raises(ValueError, match=r"digit must be an integer in \[0, 9\]"):
        session.label(asked, 10)
    with pytest.raises(TypeError, match="digit must be an integer"):
        session.label(asked, "7")
    with pytest.raises(ValueError, match="index must be an integer in"):
        session.label(-1, 3)
    start = next(iter(session.labels))
    with pytest.raises(ValueError, match=f"image {start} is already labelled"):
        session.label(start, 3)
    with pytest.raises(ValueError, match="unknown strategy"):
        session.pick("psychic", 2)


def test_session_arguments_are_checked(session, digits):
    with pytest.raises(TypeError, match="data must be a DigitsSplit"):
        LabelingSession.start(digits.X_pool)
    with pytest.raises(ValueError, match=r"C must be in \(0, inf\)"):
        LabelingSession.start(digits, C=0.0)
    n = len(digits.y_pool)
    with pytest.raises(ValueError, match=rf"k must be an integer in \[0, {n}\]"):
        session.pick("margin", 10**12)
    with pytest.raises(ValueError, match=rf"batch_size must be .* in \[1, {n}\]"):
        session.ask("margin", 0)
