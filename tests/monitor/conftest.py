"""Fixtures shared by the monitor tests: a small trained captcha reader and a short
captcha stream read by it."""

from __future__ import annotations

import pytest

from helpers.acquire.captcha import train_reader
from helpers.core.repro import set_threads
from helpers.monitor.streams import captcha_stream


@pytest.fixture(scope="session", autouse=True)
def one_thread():
    """Small models: one BLAS thread (many threads are 5x slower on a busy machine)."""
    set_threads(1)


@pytest.fixture(scope="session")
def reader():
    return train_reader(200, seed=0)


@pytest.fixture(scope="session")
def stream(reader):
    return captcha_stream(reader, n_before=200, n_after=200, n_reference=200, seed=0)
