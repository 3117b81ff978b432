"""Expected answers of lesson 01's exercises, computed from the lesson's results.

The check cells call these, so no expected value is typed or shown in the notebook.
``tests/acquire/test_solutions_01.py`` checks each against an independent computation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from helpers.acquire.captcha import CaptchaReader, CaptchaStyle, render_captchas
from helpers.acquire.captcha_grid import StyleGrid
from helpers.acquire.problem import Candidate, rank_candidates
from helpers.acquire.records import RejectedRecord
from helpers.core.validation import check_int, check_real


def per_digit_needed(*, target: float, n_digits: int) -> float:
    """Exercise 01.1: per-digit accuracy giving whole-captcha accuracy ``target``
    (independent errors: ``a ** n_digits = target``)."""
    target = check_real("target", target, low=0, high=1)
    n_digits = check_int("n_digits", n_digits, low=1, high=100)
    return float(target ** (1 / n_digits))


def rejected_for_text(rejected: Sequence[RejectedRecord]) -> int:
    """Exercise 01.2: how many set-aside records failed because of their text."""
    if isinstance(rejected, (str, bytes)) or not isinstance(rejected, Sequence):
        raise TypeError("rejected must be a list of RejectedRecord")
    if not all(isinstance(r, RejectedRecord) for r in rejected):
        raise TypeError("rejected must hold only RejectedRecord objects")
    return sum(r.reason.startswith("text") for r in rejected)


RETRY_CHOICES = {
    "a": "it still sent requests faster than the rate limit allows",
    "b": "a page failed with a server error (5xx) and was fetched again",
    "c": "a malformed record made it fetch the page again",
}
"""The choices of exercise 01.3: why the paced client still retried."""


def paced_retry_letter(counts: dict[str, float]) -> str:
    """Exercise 01.3: the letter of :data:`RETRY_CHOICES` that the paced client's
    counts (``ApiClient.counts()``) support."""
    if not isinstance(counts, dict):
        raise TypeError(f"counts must be a dict, got {type(counts).__name__}")
    keys = ("retries", "rate limited (429)", "server errors (5xx)")
    missing = [k for k in keys if k not in counts]
    if missing:
        raise ValueError(f"counts lacks {missing}")
    if counts["rate limited (429)"] > 0:
        return "a"
    if counts["retries"] > 0 and counts["retries"] == counts["server errors (5xx)"]:
        return "b"
    return "c"


def style_accuracy(
    grid: StyleGrid, *, font: str, rotation: float, noise: float
) -> float:
    """Exercise 01.4: whole-captcha accuracy of the widget's reader on one style."""
    if not isinstance(grid, StyleGrid):
        raise TypeError(f"grid must be a StyleGrid, got {type(grid).__name__}")
    return float(grid.lookup(font, rotation, noise)["captcha"])


def accuracy_on_style(
    reader: CaptchaReader, *, font: str, n: int = 200, seed: int = 0
) -> float:
    """Exercise 01.5: whole-captcha accuracy of ``reader`` on ``n`` captchas of the
    site's style drawn in ``font`` only."""
    if not isinstance(reader, CaptchaReader):
        raise TypeError(f"reader must be a CaptchaReader, got {type(reader).__name__}")
    style = replace(CaptchaStyle(), fonts=(font,))
    batch = render_captchas(check_int("n", n, low=1, high=5000), style=style, seed=seed)
    return float(reader.score(batch.images, batch.texts)["captcha"])


def winner_after_consent(candidates: Sequence[Candidate], *, name: str) -> str:
    """Exercise 01.6: the top candidate once ``name`` gets consent and labels (its
    data, labels and risk ratings become 4)."""
    if isinstance(candidates, Candidate) or not isinstance(candidates, (tuple, list)):
        raise TypeError("candidates must be a list or tuple of Candidate")
    names = [c.name for c in candidates if isinstance(c, Candidate)]
    if name not in names:
        raise ValueError(f"unknown candidate {name!r}; choose one of {names}")
    changed = [
        replace(c, data=4, labels=4, risk=4) if c.name == name else c
        for c in candidates
    ]
    return str(rank_candidates(changed).index[0])
