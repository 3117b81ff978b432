"""Tests of acquire.solutions_01 against independent computations."""

from __future__ import annotations

import dataclasses

import pytest

from helpers.acquire import captcha, problem
from helpers.acquire import solutions_01 as sol
from helpers.acquire.records import RejectedRecord


def test_per_digit_needed_inverts_the_power():
    a = sol.per_digit_needed(target=0.95, n_digits=6)
    assert a**6 == pytest.approx(0.95) and 0.99 < a < 1


def test_rejected_for_text_counts_reasons():
    bad = [
        RejectedRecord(
            page=1, position=0, record_id=1, reason="text must be 4 digits", raw={}
        ),
        RejectedRecord(
            page=1, position=1, record_id=2, reason="missing field(s) ['x']", raw={}
        ),
        RejectedRecord(
            page=2, position=0, record_id=3, reason="text must be 4 digits", raw={}
        ),
    ]
    assert sol.rejected_for_text(bad) == 2


def test_paced_retry_letter():
    counts = {"retries": 1, "rate limited (429)": 0, "server errors (5xx)": 1}
    assert sol.paced_retry_letter(counts) == "b"
    assert sol.paced_retry_letter({**counts, "rate limited (429)": 2}) == "a"
    assert sol.paced_retry_letter({**counts, "server errors (5xx)": 0}) == "c"
    assert set(sol.RETRY_CHOICES) == {"a", "b", "c"}


def test_accuracy_on_style_matches_a_direct_score():
    batch = captcha.render_captchas(60, seed=3)
    reader = captcha.CaptchaReader(seed=0).fit(batch.images, batch.texts)
    style = dataclasses.replace(captcha.CaptchaStyle(), fonts=("serif",))
    test = captcha.render_captchas(20, style=style, seed=4)
    expected = reader.score(test.images, test.texts)["captcha"]
    assert sol.accuracy_on_style(reader, font="serif", n=20, seed=4) == expected


def test_winner_after_consent():
    name = "predict which students drop out"
    changed = [
        dataclasses.replace(c, data=4, labels=4, risk=4) if c.name == name else c
        for c in problem.OFFICE_CANDIDATES
    ]
    # by hand: the drop-out project scores 5 * min(4, 4, 3, 4) = 15 < the reader's 16
    assert (
        sol.winner_after_consent(problem.OFFICE_CANDIDATES, name=name)
        == (problem.rank_candidates(changed).index[0])
    )
    with pytest.raises(ValueError, match="unknown candidate"):
        sol.winner_after_consent(problem.OFFICE_CANDIDATES, name="world peace")
