"""Tests of acquire.ratelimit: the token bucket by hand, and its bounded memory."""

from __future__ import annotations

import math

import pytest

from helpers.acquire.ratelimit import TokenBucket


def test_token_bucket_by_hand():
    bucket = TokenBucket(rate=2.0, burst=2)
    assert bucket.take("k", now=0.0) == 0.0
    assert bucket.take("k", now=0.0) == 0.0
    assert bucket.take("k", now=0.0) == pytest.approx(0.5)  # one token takes 1/2 s
    assert bucket.take("k", now=0.25) == pytest.approx(0.25)  # half refilled
    assert bucket.take("k", now=0.5) == 0.0
    assert bucket.take("other", now=0.5) == 0.0  # keys are independent


def test_a_refused_request_does_not_spend_a_token():
    bucket = TokenBucket(rate=1.0, burst=1)
    bucket.take("k", now=0.0)
    waits = [bucket.take("k", now=0.0) for _ in range(5)]
    assert waits == [1.0] * 5  # hammering does not push the wait further out
    assert bucket.take("k", now=1.0) == 0.0


def test_the_clock_going_back_gives_no_tokens():
    bucket = TokenBucket(rate=1.0, burst=1)
    bucket.take("k", now=10.0)
    assert bucket.take("k", now=5.0) == pytest.approx(1.0)


def test_memory_is_bounded_least_recently_used_out():
    bucket = TokenBucket(rate=1.0, burst=1, max_keys=3)
    for i in range(1000):
        bucket.take(f"client-{i}", now=0.0)
    assert len(bucket) == 3
    # client-999 is remembered (still empty); client-0 was forgotten (full again).
    assert bucket.take("client-999", now=0.0) == pytest.approx(1.0)
    assert bucket.take("client-0", now=0.0) == 0.0


def test_a_busy_key_is_not_evicted_by_new_ones():
    bucket = TokenBucket(rate=1.0, burst=1, max_keys=2)
    bucket.take("busy", now=0.0)
    for i in range(10):
        bucket.take(f"new-{i}", now=0.0)
        assert bucket.take("busy", now=0.0) > 0  # used again: stays remembered


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"rate": 0.0, "burst": 1}, ValueError),
        ({"rate": math.nan, "burst": 1}, ValueError),
        ({"rate": 1.0, "burst": 0.5}, ValueError),
        ({"rate": 1.0, "burst": math.inf}, ValueError),
        ({"rate": 1.0, "burst": 1, "max_keys": 0}, ValueError),
        ({"rate": "1", "burst": 1}, TypeError),
    ],
)
def test_bad_settings_are_refused(kwargs, error):
    with pytest.raises(error):
        TokenBucket(**kwargs)
