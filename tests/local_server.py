"""Settings and stand-ins shared by the tests that run lesson 01's real local server."""

from __future__ import annotations

import time

# Fast and forgiving unless a test asks otherwise: no failures, a large burst.
EASY = {"n_records": 45, "page_size": 10, "fail_rate": 0.0, "burst": 1000}


class Recorder:
    """A stand-in for time.sleep that records, and optionally really sleeps."""

    def __init__(self, real: bool = False) -> None:
        self.calls: list[float] = []
        self.real = real

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)
        if self.real:
            time.sleep(seconds)
