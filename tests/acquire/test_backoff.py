"""Tests for helpers.acquire.backoff: retry delays and the Retry-After header."""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from helpers.acquire import backoff


def test_parse_retry_after_numbers_dates_and_garbage():
    assert backoff.parse_retry_after("3") == 3.0
    assert backoff.parse_retry_after("0.25") == 0.25
    assert backoff.parse_retry_after(None) is None
    assert backoff.parse_retry_after("soon") is None
    assert backoff.parse_retry_after("-1") is None
    now = datetime(2025, 9, 1, 12, 0, 0, tzinfo=UTC)
    later = format_datetime(now + timedelta(seconds=10), usegmt=True)
    assert backoff.parse_retry_after(later, now=now) == pytest.approx(10.0)
    earlier = format_datetime(now - timedelta(seconds=10), usegmt=True)
    assert backoff.parse_retry_after(earlier, now=now) == 0.0


def test_parse_retry_after_far_future_naive_dates_and_huge_numbers():
    now = datetime(2025, 9, 1, tzinfo=UTC)
    year_2100 = backoff.parse_retry_after("Fri, 01 Jan 2100 00:00:00 GMT", now=now)
    assert year_2100 == pytest.approx(
        (datetime(2100, 1, 1, tzinfo=UTC) - now).days * 86400
    )
    # "-0000" gives a date without a time zone: read as UTC, not a TypeError.
    naive = backoff.parse_retry_after("Mon, 01 Sep 2025 00:00:10 -0000", now=now)
    assert naive == pytest.approx(10.0)
    assert (
        backoff.parse_retry_after("1e400") == math.inf
    )  # too long to wait, not "unknown"
    assert backoff.parse_retry_after("nan") is None
    assert backoff.parse_retry_after("Fri, 99 Foo 2100") is None


def test_backoff_doubles_up_to_the_cap():
    policy = backoff.RetryPolicy(base=0.1, factor=2.0, cap=1.0, jitter=0.0)
    rng = random.Random(0)
    delays = [policy.delay(n, rng) for n in range(6)]
    assert delays == pytest.approx([0.1, 0.2, 0.4, 0.8, 1.0, 1.0])
    jittered = backoff.RetryPolicy(base=0.1, jitter=0.5)
    values = [jittered.delay(0, rng) for _ in range(200)]
    assert 0.1 <= min(values) and max(values) <= 0.15
    with pytest.raises(ValueError, match="max_retries must be an integer in"):
        backoff.RetryPolicy(max_retries=-1)
    with pytest.raises(ValueError, match="jitter must be in"):
        backoff.RetryPolicy(jitter=2)
    with pytest.raises(ValueError, match="base must be a finite number"):
        backoff.RetryPolicy(base=float("nan"))


def test_bad_arguments_are_refused_with_their_name():
    with pytest.raises(TypeError, match="value must be the header's text"):
        backoff.parse_retry_after(3)
    with pytest.raises(TypeError, match="now must be a datetime"):
        backoff.parse_retry_after("3", now="today")
    policy = backoff.RetryPolicy()
    with pytest.raises(ValueError, match="attempt must be an integer in"):
        policy.delay(-1, random.Random(0))
    with pytest.raises(TypeError, match="rng must be a random.Random"):
        policy.delay(0, 42)
