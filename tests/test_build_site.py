"""``make site`` (tools/build_site.py): lesson pages with their figures, navigation
that resolves, nothing fetched from outside the site."""

from __future__ import annotations

import re
import sys

import pytest

from helpers.core.config import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import build_site  # noqa: E402

BUILT = ("00", "02")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    report = build_site.build(out, lessons=list(BUILT), fast=True, timeout=300)
    return out, report


def test_every_chosen_lesson_has_a_page_with_all_its_figures(site):
    out, report = site
    assert sorted(n[:2] for n in report) == sorted(BUILT)
    for name, info in report.items():
        page = (out / name.replace(".ipynb", ".html")).read_text(encoding="utf-8")
        shown = len(re.findall(r"<img[^>]+src=\"data:image/png;base64,", page))
        assert info["figures"] >= 2, f"{name}: executed with too few figures"
        assert shown == info["figures"], (name, shown, info["figures"])
        assert "self-check passed" in page, f"{name}: the self-check did not run"
        assert "Traceback" not in page, f"{name}: a cell raised"


def test_widgets_show_their_static_state_not_a_script(site):
    out, _ = site
    page = (out / "00_welcome.html").read_text(encoding="utf-8")
    assert "application/vnd.jupyter.widget-view+json" not in page
    assert "Loading widget" not in page


def test_index_links_every_page_and_every_link_resolves(site):
    out, report = site
    index = (out / "index.html").read_text(encoding="utf-8")
    for name in report:
        assert f'href="{name.replace(".ipynb", ".html")}"' in index
    assert build_site.broken_links(out) == []


def test_pages_link_to_their_neighbours():
    nav = build_site.nav_bar(["a.html", "b.html", "c.html"], "b.html")
    assert 'href="a.html"' in nav and 'href="c.html"' in nav
    first = build_site.nav_bar(["a.html", "b.html"], "a.html")
    assert "previous" not in first and 'href="b.html"' in first


def test_broken_links_finds_missing_pages_anchors_and_outside_resources(tmp_path):
    (tmp_path / "a.html").write_text(
        '<a href="b.html">b</a> <a href="#nowhere">x</a> <a href="#here" id="here">y'
        '</a> <script src="https://cdn.example.org/x.js"></script>'
        '<a href="https://example.org/read-more">further reading is fine</a>'
    )
    problems = build_site.broken_links(tmp_path)
    assert len(problems) == 3, problems
    assert any("b.html (no such file)" in p for p in problems)
    assert any("#nowhere" in p for p in problems)
    assert any("cdn.example.org" in p for p in problems)


def test_cdn_scripts_are_dropped_from_pages():
    page = (
        '<html><head><script src="https://cdnjs.example/mathjax.js"></script>'
        '<script type="module">import m from "https://cdn.example/m.mjs";</script>'
        '<link rel="stylesheet" href="https://cdn.example/s.css"></head>'
        "<body><p>text</p></body></html>"
    )
    html = build_site.with_nav(page, "<nav>n</nav>")
    assert "https://" not in html and "<nav>n</nav><p>text</p>" in html


def test_every_picture_has_alt_text_from_the_lesson(site):
    out, _ = site
    page = (out / "00_welcome.html").read_text(encoding="utf-8")
    alts = re.findall(r"<img alt=\"([^\"]*)\"[^>]*src=\"data:image/png", page)
    assert alts and all(len(a) > 10 for a in alts), alts
    assert any(a.startswith("Widget, starting state: ") for a in alts)
    assert "No description has been provided" not in page


def test_lesson_links_to_the_docs_point_at_the_site_pages():
    page = (
        '<html><head></head><body><a href="../docs/glossary.md">glossary</a> '
        '<a href="../docs/instructor.md#lesson-07">guide</a> '
        '<a href="https://example.org/docs/x.md">outside</a></body></html>'
    )
    html = build_site.with_nav(page, "<nav>n</nav>")
    assert 'href="glossary.html"' in html and 'href="instructor.html#lesson-07"' in html
    assert 'href="https://example.org/docs/x.md"' in html


def test_the_glossary_and_the_guide_are_pages_of_the_site(site):
    out, _ = site
    for doc in ("glossary", "instructor"):
        page = (out / f"{doc}.html").read_text(encoding="utf-8")
        assert "<table" in page and 'href="index.html"' in page, doc
    glossary = (out / "glossary.html").read_text(encoding="utf-8")
    assert glossary.count("<tr>") >= 150
