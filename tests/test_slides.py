"""``make slides`` (tools/build_slides.py): a deck per lesson with a title slide, a
slide per section and a summary slide, their figures, keyboard navigation, and nothing
loaded from outside the file."""

from __future__ import annotations

import os
import re
import shutil
import sys

import nbformat
import pytest

from helpers.core.config import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import build_site  # noqa: E402
import build_slides  # noqa: E402

BUILT = ("00", "04")  # two short lessons
OUTSIDE = re.compile(r"""(?:src|href)=["']https?://|url\(\s*["']?https?://|@import""")


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    out = tmp_path_factory.mktemp("slides")
    cache = tmp_path_factory.mktemp("executed")
    counts = build_slides.build(
        out, lessons=list(BUILT), fast=True, cache=cache, timeout=300
    )
    return out, cache, counts


def sections_and_pictures(nb) -> tuple[int, int]:
    """(numbered sections, sections with at least one picture) of an executed nb."""
    sections = pictured = 0
    has_picture = False
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for heading in re.findall(r"^## (.+)$", cell.source, re.M):
                if re.match(r"\d+\. ", heading):
                    pictured += has_picture
                    sections, has_picture = sections + 1, False
                elif sections:
                    pictured += has_picture
                    has_picture = False
        elif any("image/png" in (o.get("data") or {}) for o in cell.get("outputs", [])):
            has_picture = True
    return sections, pictured + has_picture


def test_a_slide_per_section_plus_title_and_summary_with_their_figures(decks):
    out, cache, counts = decks
    assert sorted(p[:2] for p in counts) == sorted(BUILT)
    for page, count in counts.items():
        nb = nbformat.read(cache / page.replace(".html", ".fast.ipynb"), as_version=4)
        sections, pictured = sections_and_pictures(nb)
        assert sections >= 3 and pictured >= 1, (page, sections, pictured)
        assert count == sections + 2, (page, count, sections)
        deck = (out / page).read_text(encoding="utf-8")
        assert deck.count('<section class="slide"') == count
        assert deck.count("<img ") == pictured, page
        assert "Learning goals" in deck and ">Summary</h2>" in deck
        assert re.search(r'<img alt="[^"]{10,}" src="data:image/png;base64,', deck)


def test_prediction_questions_are_shown_as_questions(decks):
    out, _, _ = decks
    deck = (out / "00_welcome.html").read_text(encoding="utf-8")
    predict = re.findall(r'<div class="predict">(.*?)</div>', deck, re.S)
    assert predict, "no prediction slide"
    assert all("?" in block for block in predict)
    assert "where do you expect F1 to be highest?" in deck


def test_decks_are_self_contained_with_keyboard_navigation(decks):
    out, _, counts = decks
    index = (out / "index.html").read_text(encoding="utf-8")
    for page in counts:
        assert f'href="{page}"' in index
        deck = (out / page).read_text(encoding="utf-8")
        assert not OUTSIDE.search(deck), page
        assert not build_site.RESOURCE.search(deck), page
        assert "<script src" not in deck and "<link" not in deck
        assert 'addEventListener("keydown"' in deck
        assert all(key in deck for key in ('"ArrowRight"', '"ArrowLeft"', '" "'))


def test_a_second_build_reuses_the_executed_notebooks(decks, tmp_path, monkeypatch):
    _, cache, counts = decks

    def refuse(*args, **kwargs):
        raise AssertionError("executed again although nothing changed")

    monkeypatch.setattr(build_site, "execute", refuse)
    again = build_slides.build(tmp_path, lessons=list(BUILT), fast=True, cache=cache)
    assert again == counts


def test_slides_of_a_small_notebook():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "# 42 · Tiny\n\nA hook line.\n\n**Learning goals**\n- one\n- two\n"
        ),
        nbformat.v4.new_markdown_cell(
            "## 1. First idea\n\n| a | b |\n|---|---|\n\nThe point. A second "
            "sentence.\n\nPredict first: will it rise?"
        ),
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_markdown_cell(
            "## 2. Second idea\n\n- bullet 1\n- bullet 2\n\n"
            "**The question the widget answers:** which way?"
        ),
        nbformat.v4.new_markdown_cell(
            "## Summary\n\n- it rose\n## Exercises\n\n1. more"
        ),
    ]
    nb.cells[2].outputs = [
        nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo="})
    ]
    deck = build_slides.slides_of(nb)
    assert [s.heading for s in deck] == [
        "42 · Tiny",
        "1. First idea",
        "2. Second idea",
        "Summary",
    ]
    assert "- one\n- two" in deck[0].text and "A hook line." in deck[0].text
    assert deck[1].text == "The point. A second sentence."
    assert deck[1].questions == ["will it rise?"] and deck[1].image == "iVBORw0KGgo="
    assert deck[2].text == "- bullet 1\n- bullet 2" and deck[2].image is None
    assert deck[2].questions == ["which way?"]
    assert deck[3].text == "- it rose"
    long = " ".join(["A sentence of ten words that goes on and on."] * 12)
    assert len(build_slides.shortened(long).split()) <= build_slides.MAX_WORDS


CHROMIUM = os.environ.get("WORKBOOK_CHROMIUM") or shutil.which("chromium")


@pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium found (apt-get install chromium)"
)
def test_arrow_keys_and_space_move_between_slides_in_a_browser(decks):
    from playwright import sync_api

    out, _, counts = decks
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.goto((out / "00_welcome.html").as_uri())
            current = "() => document.querySelector('section.slide.current').id"
            assert page.evaluate(current) == "s1"
            page.keyboard.press("ArrowRight")
            page.keyboard.press("Space")
            assert page.evaluate(current) == "s3"
            page.keyboard.press("ArrowLeft")
            assert page.evaluate(current) == "s2"
            page.keyboard.press("End")
            assert page.evaluate(current) == f"s{counts['00_welcome.html']}"
            assert (
                page.locator("#counter")
                .text_content()
                .startswith(f"{counts['00_welcome.html']} /")
            )
        finally:
            browser.close()


def test_simple_inline_maths_reads_as_italics_the_rest_stays_latex():
    html = build_slides.markdown(r"idle $(p-1)/(m+p-1)$, $p_b$, $\sigma$ and $t = 3$")
    assert "<i>(p-1)/(m+p-1)</i>" in html and "<i>t = 3</i>" in html
    assert "$p_b$" in html and r"$\sigma$" in html
