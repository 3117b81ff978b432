"""What lesson 01's registration site serves (data): records, a table, page templates.

The content of :mod:`helpers.acquire.server`, kept apart from the HTTP machinery:

* :func:`captcha_records` -- the API's labelled captchas (seeded), a few of them broken
  on purpose in the ways listed in :data:`MALFORMED_KINDS`;
* :func:`stats_table` -- the daily captcha statistics the HTML pages show;
* the page templates (:func:`page`, :func:`table_html`, :func:`home_page`), the terms
  of use (:data:`TERMS`), robots.txt (:func:`robots_txt`) and the personal data under
  ``/students/`` (:data:`STUDENTS`) that robots.txt disallows.
"""

from __future__ import annotations

import base64
import html

import numpy as np
import pandas as pd

from helpers.acquire.captcha import CaptchaStyle, render_captchas
from helpers.core.validation import check_frame, check_int

MALFORMED_KINDS = (
    "text_letter",
    "text_short",
    "missing_pixels",
    "pixels_size",
    "bad_id",
    "duplicate_id",
)
"""The ways the API breaks records on purpose, in the order they are planted."""

TERMS = (
    "<p>Public pages (the home page, /terms, /stats) may be read by automated "
    "clients that identify themselves in the User-Agent header and respect "
    "robots.txt, including its request rate.</p><p>Pages under /students/ and /admin/ "
    "hold personal data and may not be collected by automated means.</p><p>Bulk "
    "captcha data is available only through the official API, with a key.</p>"
)
"""The site's terms of use (HTML)."""

STUDENTS = {"name": ["A. Student", "B. Student"], "student_id": [2031, 2032]}
"""The personal data on ``/students/``: served, but disallowed by robots.txt."""

HOME_LINKS = ("/terms", "/stats")
"""The pages the home page links to."""

MAX_RECORDS = 10_000
"""Most captcha records the API serves."""
MAX_DAYS = 3660
"""Most days (rows) of the statistics table: ten years."""
MAX_PAGES = 10**6
"""Most pages a paged table may have."""
STATS_COLUMNS = ("date", "captchas_shown", "solved_first_try", "median_seconds")
"""The columns of :func:`stats_table`."""


def captcha_records(
    n_records: int, n_malformed: int, seed: int
) -> tuple[list[dict], dict[int, str], list[str]]:
    """The API's records, which positions are malformed (and how), the true texts.

    Record ``i`` has id ``1000 + i``, its text, its size and its pixels as base64
    bytes (``uint8``, row-major). The first ``n_malformed`` kinds of
    :data:`MALFORMED_KINDS` are planted at seeded positions (never position 0).
    ``n_records`` is at most :data:`MAX_RECORDS`; ``n_malformed`` is below it.
    """
    n_records = check_int("n_records", n_records, low=1, high=MAX_RECORDS)
    n_malformed = check_int(
        "n_malformed", n_malformed, low=0, high=min(len(MALFORMED_KINDS), n_records - 1)
    )
    seed = check_int("seed", seed, low=0, high=2**32 - 1)
    batch = render_captchas(n_records, style=CaptchaStyle(), seed=seed + 101)
    pixels = np.rint(batch.images * 255).astype(np.uint8)  # (n, h, w)
    start = np.datetime64("2025-09-01T08:00:00")
    records = [
        {
            "id": 1000 + i,
            "text": batch.texts[i],
            "height": int(pixels.shape[1]),
            "width": int(pixels.shape[2]),
            "pixels": base64.b64encode(pixels[i].tobytes()).decode("ascii"),
            "issued_at": str(start + np.timedelta64(97 * i, "s")),
        }
        for i in range(n_records)
    ]
    rng = np.random.default_rng(seed + 7)
    where = np.sort(rng.choice(np.arange(1, n_records), n_malformed, False))
    malformed = {}
    for pos, kind in zip(where.tolist(), MALFORMED_KINDS, strict=False):
        rec = records[pos]
        if kind == "text_letter":
            rec["text"] = rec["text"][:2] + "O" + rec["text"][3:]
        elif kind == "text_short":
            rec["text"] = rec["text"][:-1]
        elif kind == "missing_pixels":
            del rec["pixels"]
        elif kind == "pixels_size":
            rec["pixels"] = base64.b64encode(
                base64.b64decode(rec["pixels"])[:-88]
            ).decode()
        elif kind == "bad_id":
            rec["id"] = f"#{rec['id']}"
        else:  # duplicate_id: a second record claims an id already served
            rec["id"] = records[pos - 1]["id"]
        malformed[pos] = kind
    return records, malformed, batch.texts


def stats_table(n_days: int, seed: int) -> pd.DataFrame:
    """Daily captcha statistics of the registration site (what the HTML pages show):
    ``n_days`` rows (at most :data:`MAX_DAYS`) from 2025-08-25."""
    n_days = check_int("n_days", n_days, low=1, high=MAX_DAYS)
    seed = check_int("seed", seed, low=0, high=2**32 - 1)
    rng = np.random.default_rng(seed + 3)
    days = pd.date_range("2025-08-25", periods=n_days, freq="D")
    peak = np.where(np.arange(n_days) < 7, 4.0, 1.0)  # registration week
    shown = rng.poisson(700 * peak)
    first_try = rng.binomial(shown, rng.uniform(0.86, 0.93, n_days))
    median = np.round(rng.normal(9.0, 1.2, n_days), 1)
    columns = (days.strftime("%Y-%m-%d"), shown, first_try, median)
    return pd.DataFrame(dict(zip(STATS_COLUMNS, columns, strict=True)))


def robots_txt(html_rate: int) -> str:
    """robots.txt: /students/ and /admin/ disallowed, ``html_rate`` requests per
    second, and one bot (``BadBot``) kept out entirely."""
    html_rate = check_int("html_rate", html_rate, low=1, high=10**6)
    return (
        "User-agent: *\nDisallow: /students/\nDisallow: /admin/\n"
        f"Request-rate: {html_rate}/1\n\nUser-agent: BadBot\nDisallow: /\n"
    )


def page(title: str, body: str) -> str:
    """A whole HTML page: ``title`` (escaped) as title and heading, then ``body``."""
    _check_text(title=title, body=body)
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}"
        f"</title></head><body><h1>{html.escape(title)}</h1>{body}</body></html>"
    )


def table_html(frame: pd.DataFrame, table_id: str) -> str:
    """``frame`` as an HTML table with a header row; every cell (and the id) escaped."""
    check_frame(frame, name="frame")
    _check_text(table_id=table_id)
    table_id = html.escape(table_id, quote=True)
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return (
        f"<table id='{table_id}'><thead><tr>{head}</tr></thead><tbody>{rows}</tbody>"
        "</table>"
    )


def home_page() -> str:
    """The home page: links to the public pages."""
    links = "".join(f"<li><a href='{p}'>{p}</a></li>" for p in HOME_LINKS)
    return page("Course registration", f"<ul>{links}</ul>")


def stats_page(rows: pd.DataFrame, page_no: int, pages: int) -> str:
    """One page of the statistics table, with ``rel=prev`` / ``rel=next`` links."""
    check_frame(rows, STATS_COLUMNS, name="rows")
    pages = check_int("pages", pages, low=1, high=MAX_PAGES)
    page_no = check_int("page_no", page_no, low=1, high=pages)
    nav = "".join(
        f"<a rel='{rel}' href='/stats?page={p}'>{rel}</a> "
        for rel, p in (("prev", page_no - 1), ("next", page_no + 1))
        if 1 <= p <= pages
    )
    body = f"<p>Page {page_no} of {pages}.</p>{table_html(rows, 'stats')}{nav}"
    return page("Captcha statistics", body)


def students_page() -> str:
    """The page of personal data under ``/students/``."""
    return page("Students", table_html(pd.DataFrame(STUDENTS), "people"))


def _check_text(**texts: object) -> None:
    for name, text in texts.items():
        if not isinstance(text, str):
            raise TypeError(f"{name} must be a str, got {type(text).__name__}")
