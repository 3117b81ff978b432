"""When a client of lesson 01 retries, and how long it waits (compute, no network).

:class:`RetryPolicy` is exponential backoff with jitter for 5xx answers and lost
connections; :func:`parse_retry_after` reads a server's ``Retry-After`` header (a
number of seconds or an HTTP date). :class:`~helpers.acquire.client.ApiClient` and
:class:`~helpers.acquire.scraping.PoliteScraper` use both.

>>> RetryPolicy(base=0.1, jitter=0.0).delay(2, random.Random(0))
0.4
>>> parse_retry_after("2.5")
2.5
"""

from __future__ import annotations

import email.utils
import math
import random
from dataclasses import dataclass
from datetime import UTC, datetime

from helpers.core.validation import check_int, check_real


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff: wait ``base * factor**attempt`` (at most ``cap``) seconds,
    plus up to ``jitter`` of it at random; give up after ``max_retries`` retries."""

    max_retries: int = 5
    base: float = 0.05
    factor: float = 2.0
    cap: float = 2.0
    jitter: float = 0.1

    def __post_init__(self) -> None:
        check_int("max_retries", self.max_retries, low=0, high=100)
        check_real("base", self.base, low=0, high=3600)
        check_real("factor", self.factor, low=1, high=100)
        check_real("cap", self.cap, low=0, high=3600)
        check_real("jitter", self.jitter, low=0, high=1)

    def delay(self, attempt: int, rng: random.Random) -> float:
        """Seconds to wait before retry number ``attempt`` (0 for the first retry)."""
        attempt = check_int("attempt", attempt, low=0, high=100)
        if not isinstance(rng, random.Random):
            raise TypeError(f"rng must be a random.Random, got {type(rng).__name__}")
        wait = min(self.cap, self.base * self.factor**attempt)
        return wait * (1 + self.jitter * rng.random())


def parse_retry_after(
    value: str | None, *, now: datetime | None = None
) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: a number or an HTTP date.

    Returns None when the header is absent or unreadable (then backoff decides), and
    ``inf`` for a number too large for a float. A date without a time zone is read as
    UTC; a date in the past means 0. Callers cap the result
    (:attr:`ApiClient.max_retry_after`).
    """
    if value is not None and not isinstance(value, str):
        raise TypeError(f"value must be the header's text, got {type(value).__name__}")
    if now is not None and not isinstance(now, datetime):
        raise TypeError(f"now must be a datetime, got {type(now).__name__}")
    if value is None or not value.strip():
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if when.tzinfo is None:  # "-0000": UTC, says RFC 5322
            when = when.replace(tzinfo=UTC)
        now = now or datetime.now(UTC)
        return max(0.0, (when - now).total_seconds())
    return seconds if seconds >= 0 and not math.isnan(seconds) else None
