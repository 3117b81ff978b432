"""Tests of acquire.site_content: the records, the table and the page templates."""

from __future__ import annotations

import base64

import numpy as np
import pandas as pd
import pytest

from helpers.acquire import site_content as content
from helpers.acquire.scraping import next_link, parse_tables


def test_captcha_records_are_seeded_and_decode():
    records, malformed, texts = content.captcha_records(30, 6, seed=0)
    again = content.captcha_records(30, 6, seed=0)
    assert records == again[0] and malformed == again[1]
    assert sorted(malformed.values()) == sorted(content.MALFORMED_KINDS)
    assert 0 not in malformed  # a duplicate id needs a record before it
    good = next(i for i in range(30) if i not in malformed)
    rec = records[good]
    image = np.frombuffer(base64.b64decode(rec["pixels"]), np.uint8)
    assert image.size == rec["height"] * rec["width"] == 28 * 88
    assert rec["id"] == 1000 + good and rec["text"] == texts[good]


def test_fewer_malformed_kinds_are_planted_in_order():
    _, malformed, _ = content.captcha_records(20, 2, seed=1)
    assert sorted(malformed.values()) == ["text_letter", "text_short"]


def test_stats_table_by_hand():
    table = content.stats_table(10, seed=0)
    assert list(table.columns) == [
        "date",
        "captchas_shown",
        "solved_first_try",
        "median_seconds",
    ]
    assert table["date"].iloc[0] == "2025-08-25" and len(table) == 10
    assert (table["solved_first_try"] <= table["captchas_shown"]).all()
    # the registration week (first 7 days) is about four times as busy
    assert table["captchas_shown"][:7].mean() > 3 * table["captchas_shown"][7:].mean()


def test_pages_escape_and_parse_back():
    frame = pd.DataFrame({"name <b>": ["a & b", "<script>"], "n": [1, 2]})
    page = content.page("T & C", content.table_html(frame, "t"))
    assert "<script>" not in page and "T &amp; C" in page
    (parsed,) = parse_tables(page)
    pd.testing.assert_frame_equal(parsed, frame)


def test_stats_page_links_and_robots():
    table = content.stats_table(6, seed=0)
    middle = content.stats_page(table.iloc[2:4], 2, 3)
    assert next_link(middle) == "/stats?page=3" and "rel='prev'" in middle
    assert next_link(content.stats_page(table.iloc[4:], 3, 3)) is None
    assert "Disallow: /students/" in content.robots_txt(5)
    assert "Request-rate: 5/1" in content.robots_txt(5)
    assert all(f"href='{p}'" in content.home_page() for p in content.HOME_LINKS)
    assert "student_id" in content.students_page()


def test_sizes_and_pages_are_checked():
    with pytest.raises(ValueError, match="n_days must be an integer in"):
        content.stats_table(10**12, 0)
    with pytest.raises(ValueError, match="n_malformed must be an integer in"):
        content.captcha_records(3, 3, 0)
    rows = content.stats_table(4, 0)
    with pytest.raises(ValueError, match="page_no must be an integer in"):
        content.stats_page(rows, 3, 2)
    with pytest.raises(ValueError, match="lacks columns"):
        content.stats_page(rows.drop(columns="date"), 1, 2)
    assert "id='a&#x27;b'" in content.table_html(rows, "a'b")
