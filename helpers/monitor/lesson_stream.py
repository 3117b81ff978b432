"""Lesson 14's captcha stream as a shipped artefact (``make artefacts
NAMES=monitor_captcha_stream``).

:func:`helpers.monitor.streams.deployed_stream` trains the deployed reader and reads
the stream through the cache: about ten seconds from an empty cache. The lesson calls
:func:`lesson_stream` instead, which returns the same result from
``data/artefacts/`` when it is current (and computes it through the cache
otherwise). It lives in its own module so that the artefacts made by
:mod:`helpers.monitor.maintenance` and :mod:`helpers.monitor.drift_grid` (which
import :mod:`helpers.monitor.streams`) do not change with it.
"""

from __future__ import annotations

from helpers.core.artefacts import shipped
from helpers.core.config import pick
from helpers.core.validation import check_int
from helpers.monitor.streams import CaptchaStream, captcha_stream, train_reader

NORMAL_SIZES = {"n_train": 1500, "n_before": 1000, "n_after": 1000, "n_reference": 500}
"""The stream's sizes in normal mode (the reader's training captchas, old-style
captchas before the change, new-style ones after it, the reference batch)."""
FAST_SIZES = {"n_train": 600, "n_before": 400, "n_after": 400, "n_reference": 300}
"""The same in fast mode, when the shipped stream cannot be used."""


def compute_stream(sizes: dict[str, int], seed: int) -> CaptchaStream:
    """Train the reader on ``sizes["n_train"]`` captchas and read the stream."""
    if not isinstance(sizes, dict) or set(sizes) != set(NORMAL_SIZES):
        raise ValueError(f"sizes must have the keys {sorted(NORMAL_SIZES)}")
    seed = check_int("seed", seed, low=0, high=2**31)
    reader = train_reader(sizes["n_train"], seed=seed)
    return captcha_stream(
        reader,
        n_before=sizes["n_before"],
        n_after=sizes["n_after"],
        n_reference=sizes["n_reference"],
        seed=seed,
    )


SEED = 0
"""The stream's seed (the lesson's)."""


def lesson_stream() -> CaptchaStream:
    """The lesson's stream (seed :data:`SEED`): shipped (normal mode), else computed
    and cached."""
    seed = SEED
    sizes = pick(NORMAL_SIZES, FAST_SIZES)
    return shipped(
        "monitor_captcha_stream",
        lambda: compute_stream(sizes, seed),
        params={**sizes, "seed": seed},
    )
