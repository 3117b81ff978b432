"""Rate limiting for lesson 01's server: a bounded token bucket per client.

:class:`TokenBucket` gives each key (a client address, an API key) ``rate`` tokens
per second and saves up at most ``burst``; a request spends one. It remembers at most
``max_keys`` keys, least recently used first out, so a flood of new clients cannot
grow the server's memory without bound. A forgotten key comes back with a full bucket,
the same as a key that has been idle long enough to refill.

>>> bucket = TokenBucket(rate=2.0, burst=1)
>>> bucket.take("10.0.0.1", now=0.0), bucket.take("10.0.0.1", now=0.0)
(0.0, 0.5)
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from helpers.core.validation import check_int, check_real

MAX_KEYS = 10**6
"""Most keys a bucket may be asked to remember."""


class TokenBucket:
    """``rate`` tokens per second, at most ``burst`` saved up, per key; thread-safe.

    Parameters
    ----------
    rate : tokens added per second (> 0).
    burst : most tokens a key can hold (>= 1): that many requests at once.
    max_keys : most keys remembered (at most :data:`MAX_KEYS`); beyond it the least
        recently used is dropped.
    """

    def __init__(self, rate: float, burst: float, *, max_keys: int = 1024) -> None:
        self.rate = check_real("rate", rate, low=0, open_low=True)
        self.burst = check_real("burst", burst, low=1)
        self.max_keys = check_int("max_keys", max_keys, low=1, high=MAX_KEYS)
        self._tokens: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, key: str, now: float) -> float:
        """Spend a token of ``key``: 0.0 if there was one, else seconds to wait.

        ``now`` is a finite time in seconds (``time.monotonic()``).
        """
        if not isinstance(key, str):
            raise TypeError(f"key must be a str, got {type(key).__name__}")
        now = check_real("now", now)
        with self._lock:
            tokens, last = self._tokens.pop(key, (self.burst, now))
            tokens = min(self.burst, tokens + max(0.0, now - last) * self.rate)
            wait = 0.0
            if tokens >= 1.0:
                tokens -= 1.0
            else:
                wait = (1.0 - tokens) / self.rate
            self._tokens[key] = (tokens, max(now, last))  # most recent last
            while len(self._tokens) > self.max_keys:
                self._tokens.popitem(last=False)  # least recently used out
            return wait

    def __len__(self) -> int:
        """How many keys the bucket remembers (at most ``max_keys``)."""
        with self._lock:
            return len(self._tokens)
