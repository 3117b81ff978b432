"""The settings of lesson 01's server (ServerConfig), checked when they are made.

One frozen dataclass, validated when it is made: every number must be finite and in
its range (:data:`LIMITS`), so ``ServerConfig(burst=float("nan"))`` or a negative
timeout fails at once with a ``ValueError`` that names the field, never later inside
a request thread. :mod:`helpers.acquire.server` runs a server with it.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from helpers.acquire.site_content import (
    MALFORMED_KINDS,
    MAX_DAYS,
    MAX_RECORDS,
    robots_txt,
)
from helpers.core.validation import check_int, check_real

LIMITS: dict[str, tuple[float, float]] = {
    "n_records": (1, MAX_RECORDS),
    "page_size": (1, 1000),
    "max_page_size": (1, 1000),
    "rate": (0, 10**6),  # > 0: the lower end is open for the float fields
    "burst": (1, 10**6),
    "fail_rate": (0, 1),
    "fail_times": (0, 100),
    "n_malformed": (0, len(MALFORMED_KINDS)),
    "n_days": (1, MAX_DAYS),
    "table_rows": (1, 1000),
    "html_rate": (1, 10**6),
    "html_burst": (1, 10**6),
    "seed": (0, 2**32 - 1),
    "request_timeout": (0, 60),
    "max_clients": (1, 10**6),
    "log_size": (1, 10**7),
    "max_connections": (1, 1024),
}
"""``field: (low, high)`` for every number of :class:`ServerConfig`."""

OPEN_LOW = frozenset({"rate", "request_timeout"})
"""Fields that must be strictly above their low end."""


@dataclass(frozen=True)
class ServerConfig:
    """What the server serves and how strict it is. Delays are tiny, so tests are fast.

    Parameters
    ----------
    n_records : captchas the API serves (``n_malformed`` of them broken on purpose).
    page_size, max_page_size : default and largest ``per_page``.
    api_key : the key clients must send in ``X-API-Key`` (printable ASCII).
    rate, burst : token bucket per API key: ``rate`` requests per second on average,
        at most ``burst`` at once; beyond it, 429 with ``Retry-After`` in seconds.
    fail_rate : share of pages whose first ``fail_times`` requests get a 503.
    n_days, table_rows : rows of the statistics table and rows per HTML page.
    html_rate, html_burst : the website's limit per client address (robots.txt
        announces ``Request-rate: html_rate/1``).
    seed : seeds the captchas, the failing pages, the malformed records, the table.
    request_timeout : seconds a connection may take in all, from accept to answer.
    max_clients : client addresses (and API keys) whose rate buckets are remembered.
    log_size : newest requests kept in the request log.
    max_connections : connections served at once; more get a 503 straight away.
    """

    n_records: int = 240
    page_size: int = 20
    max_page_size: int = 100
    api_key: str = "lesson01-demo-key"
    rate: float = 10.0
    burst: int = 5
    fail_rate: float = 0.2
    fail_times: int = 1
    n_malformed: int = 6
    n_days: int = 56
    table_rows: int = 14
    html_rate: int = 20
    html_burst: int = 4
    seed: int = 0
    request_timeout: float = 5.0
    max_clients: int = 1024
    log_size: int = 10_000
    max_connections: int = 64

    def __post_init__(self) -> None:
        for f in fields(self):
            if f.name == "api_key":
                continue
            low, high = LIMITS[f.name]
            value = getattr(self, f.name)
            # check_real first: NaN, inf and out-of-range values are a ValueError
            # naming the field, for the integer fields too; then 2.5 for an integer
            # field is a TypeError.
            check_real(f.name, value, low=low, high=high, open_low=f.name in OPEN_LOW)
            if f.type == "int":
                check_int(f.name, value, low=int(low), high=int(high))
        if self.page_size > self.max_page_size:
            raise ValueError("page_size must be <= max_page_size")
        if self.n_malformed >= self.n_records:
            raise ValueError(
                f"n_malformed must be below n_records, got {self.n_malformed}"
            )
        key = self.api_key
        ok = isinstance(key, str) and key.isascii() and key.isprintable()
        if not ok or not key.strip() or key != key.strip():
            raise ValueError(
                "api_key must be a non-empty printable ASCII string without spaces "
                f"around it, got {key!r}"
            )

    @property
    def robots_txt(self) -> str:
        """The site's robots.txt, announcing ``html_rate``."""
        return robots_txt(self.html_rate)
