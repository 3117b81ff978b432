"""``make site``: an offline static site of the executed lessons.

Usage::

    python tools/build_site.py                  # every lesson, normal mode -> site/
    python tools/build_site.py --fast 00 02     # some lessons, fast mode
    python tools/build_site.py --no-execute     # pages of the committed files

Each lesson is executed with nbclient (as a student would run it, from ``notebooks/``)
and rendered with nbconvert's HTML exporter. Widgets appear as their static state: a
lesson widget's display carries a PNG of its current figure next to the live view
(:meth:`helpers.ui.widgets.InteractiveFigure._repr_mimebundle_`), and the page shows
the PNG. Every page gets a navigation bar (index, previous, next, glossary, guide);
``index.html`` lists the lessons by phase; the glossary and the instructor guide
(``docs/*.md``) become pages too. Nothing on a page points outside the site: scripts
and styles that nbconvert would fetch from a CDN are dropped, so formulas show as their
LaTeX source when offline.

:func:`broken_links` lists every internal link or image that does not resolve
(``tests/test_site.py`` builds a small site and requires none).
"""

from __future__ import annotations

import argparse
import html
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from helpers.core.lessons import LESSONS, PHASES, phase_of  # noqa: E402

NOTEBOOKS = ROOT / "notebooks"
DOCS = ROOT / "docs"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# Scripts and styles from a CDN (MathJax, require.js, mermaid): dropped offline.
EXTERNAL = re.compile(
    r"<script[^>]*\bsrc=[\"']https?://[^>]*>\s*</script>"
    r"|<link[^>]*\bhref=[\"']https?://[^>]*>"
    r"|<script[^>]*>(?:(?!</script>).)*?\bimport\b[^<]*?https?://.*?</script>",
    re.I | re.S,
)
STYLE = """
<style>
  nav.workbook { position: sticky; top: 0; z-index: 10; background: #F5F5F5;
    border-bottom: 1px solid #CCC; padding: 0.5em 1em; font-family: sans-serif; }
  nav.workbook a { margin-right: 1.2em; }
  body.workbook-doc { max-width: 56em; margin: 0 auto; padding: 0 1em;
    font-family: sans-serif; line-height: 1.5; }
  table.workbook { border-collapse: collapse; }
  table.workbook td, table.workbook th { border: 1px solid #CCC; padding: 0.3em 0.6em; }
</style>
"""


def lesson_pages() -> list[tuple[str, str]]:
    """``[(notebook file name, page name)]`` for every lesson notebook present."""
    pages = []
    for lesson in LESSONS:
        if (NOTEBOOKS / lesson.notebook).is_file():
            pages.append((lesson.notebook, lesson.notebook.replace(".ipynb", ".html")))
    return pages


def nav_bar(pages: list[str], page: str) -> str:
    """The navigation bar of ``page`` among the lesson ``pages`` (in order)."""
    links = ['<a href="index.html">Lessons</a>']
    if page in pages:
        i = pages.index(page)
        if i > 0:
            links.append(f'<a href="{pages[i - 1]}">&larr; previous</a>')
        if i < len(pages) - 1:
            links.append(f'<a href="{pages[i + 1]}">next &rarr;</a>')
    for name, title in (("glossary.html", "Glossary"), ("instructor.html", "Guide")):
        if (DOCS / name.replace(".html", ".md")).is_file():
            links.append(f'<a href="{name}">{title}</a>')
    return f'<nav class="workbook">{" ".join(links)}</nav>'


DOCS_LINK = re.compile(r"""href=(["'])\.\./docs/([\w-]+)\.md(#[^"']*)?\1""")


def docs_links(page_html: str) -> str:
    """Links from a lesson to ``../docs/x.md`` (the glossary, the guide) pointed at the
    site's own ``x.html`` pages."""
    return DOCS_LINK.sub(lambda m: f'href="{m[2]}.html{m[3] or ""}"', page_html)


def with_nav(page_html: str, nav: str) -> str:
    """``page_html`` with the site style, ``nav`` at the top, and nothing external."""
    page_html = docs_links(EXTERNAL.sub("", page_html))
    page_html = page_html.replace("</head>", STYLE + "</head>", 1)
    return re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + nav, page_html, count=1)


def execute(path: Path, *, fast: bool, timeout: int):
    """The notebook at ``path``, executed from ``notebooks/`` like a student's run."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    previous = os.environ.get("WORKBOOK_FAST")
    os.environ["WORKBOOK_FAST"] = "1" if fast else "0"
    try:
        NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
            store_widget_state=False,
        ).execute()
    finally:
        if previous is None:
            os.environ.pop("WORKBOOK_FAST", None)
        else:
            os.environ["WORKBOOK_FAST"] = previous
    return nb


def render(nb) -> str:
    """HTML of an (executed) notebook; a widget shows as its PNG, not as a script."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab")
    alts = captions(nb)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data") or {}
            if WIDGET_VIEW in data and "image/png" in data:
                del data[WIDGET_VIEW]
    body, _ = exporter.from_notebook_node(nb)
    # Alt text, in order: the n-th picture of the page is the n-th image output.
    pictures = iter(alts)

    def with_alt(match: re.Match) -> str:
        alt = html.escape(next(pictures, "Figure"))
        return f'<img alt="{alt}"{match.group(1) or ""} src="data:image/png;base64,'

    # (nbconvert has already put a "no description" alt on every picture.)
    return re.sub(
        r'<img alt="[^"]*"( class="[^"]*")? src="data:image/png;base64,', with_alt, body
    )


def _first_sentence(markdown: str) -> str:
    text = re.sub(r"[*`#>$_]|\\[a-z]+", "", markdown).strip()
    text = re.sub(r"\s+", " ", text)
    sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    return sentence[:240]


def captions(nb) -> list[str]:
    """Alt text for each picture of a notebook, in output order: the takeaway that
    follows the figure (STYLE.md puts one sentence next to every figure), else the
    text before it; a widget's picture says it is the widget's starting state."""
    alts = []
    cells = nb.cells
    for i, cell in enumerate(cells):
        outputs = cell.get("outputs", []) if cell.cell_type == "code" else []
        after = next((c for c in cells[i + 1 :] if c.cell_type == "markdown"), None)
        before = next(
            (c for c in reversed(cells[:i]) if c.cell_type == "markdown"), None
        )
        follows = after is not None and re.match(
            r"\W*(takeaway|reading|what)", after.source, re.I
        )
        text = _first_sentence((after if follows else before or after or cell).source)
        for out in outputs:
            data = out.get("data") or {}
            if "image/png" in data:
                widget = WIDGET_VIEW in data
                alts.append(("Widget, starting state: " if widget else "") + text)
    return alts


def figures(nb) -> int:
    """How many pictures (figures, widgets' static states) a notebook's outputs hold."""
    return sum(
        "image/png" in (out.get("data") or {})
        for cell in nb.cells
        for out in cell.get("outputs", [])
    )


def markdown_page(md_path: Path, title: str, nav: str) -> str:
    """A documentation page (glossary, guide) from Markdown."""
    from nbconvert.filters import markdown2html

    body = markdown2html(md_path.read_text(encoding="utf-8"))
    body = re.sub(r'href="([^":#]+)\.md(#[^"]*)?"', r'href="\1.html\2"', body)
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>"
        f"{STYLE}</head><body class='workbook-doc'>{nav}{body}</body></html>"
    )


def index_page(pages: dict[str, str], nav: str) -> str:
    """The lesson list, by phase, linking to every built lesson page."""
    rows = []
    for lesson in LESSONS:
        page = pages.get(lesson.notebook)
        if page is None:
            continue
        phase = phase_of(lesson.number)
        rows.append(
            f"<tr><td>{lesson.number:02d}</td>"
            f'<td><a href="{page}">{html.escape(lesson.title)}</a></td>'
            f"<td>{html.escape(lesson.concept)}</td>"
            f"<td>{phase}: {html.escape(PHASES[phase][0])}</td></tr>"
        )
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>AI Lifecycle Workbook</title>{STYLE}</head>"
        f"<body class='workbook-doc'>{nav}<h1>AI Lifecycle Workbook</h1>"
        "<p>The lessons, executed. Widgets show their starting state; open the "
        "notebooks in JupyterLab (<code>make lab</code>) to move them.</p>"
        "<table class='workbook'><tr><th>#</th><th>Lesson</th><th>Concept</th>"
        f"<th>Phase</th></tr>{''.join(rows)}</table></body></html>"
    )


def build(
    out: Path,
    *,
    lessons: list[str] | None = None,
    fast: bool = False,
    execute_notebooks: bool = True,
    timeout: int = 600,
) -> dict[str, dict[str, float]]:
    """Write the site into ``out``; per lesson notebook, the seconds it took and the
    number of pictures its page shows."""
    import nbformat

    chosen = [
        (nb, page) for nb, page in lesson_pages() if not lessons or nb[:2] in lessons
    ]
    if not chosen:
        raise SystemExit(f"no lesson notebooks match {lessons}")
    out.mkdir(parents=True, exist_ok=True)
    pages = [page for _, page in chosen]
    report: dict[str, dict[str, float]] = {}
    for name, page in chosen:
        began = time.perf_counter()
        path = NOTEBOOKS / name
        if execute_notebooks:
            nb = execute(path, fast=fast, timeout=timeout)
        else:
            nb = nbformat.read(path, as_version=4)
        body = with_nav(render(nb), nav_bar(pages, page))
        (out / page).write_text(body, encoding="utf-8")
        took = time.perf_counter() - began
        report[name] = {"seconds": took, "figures": figures(nb)}
        print(f"{page}: {took:.1f} s, {figures(nb)} figures", flush=True)
    for doc, title in (("glossary", "Glossary"), ("instructor", "Instructor guide")):
        source = DOCS / f"{doc}.md"
        if source.is_file():
            text = markdown_page(source, title, nav_bar(pages, f"{doc}.html"))
            (out / f"{doc}.html").write_text(text, encoding="utf-8")
    index = index_page(dict(chosen), nav_bar(pages, "index.html"))
    (out / "index.html").write_text(index, encoding="utf-8")
    return report


LINK = re.compile(r"""(?:href|src)=["']([^"']+)["']""", re.I)
RESOURCE = re.compile(
    r"""\bsrc=["'](https?://[^"']+)|<link[^>]*\bhref=["'](https?://[^"']+)"""
    r"""|\bimport\b[^;'"]*["'](https?://[^"']+)""",
    re.I,
)


def broken_links(site: Path) -> list[str]:
    """Internal links and images of the site's pages that do not resolve, and any
    resource (script, style, image, module import) fetched from outside the site.
    Links to outside pages (further reading) are fine: a reader follows them by
    choice."""
    broken = []
    for page in sorted(site.glob("*.html")):
        text = page.read_text(encoding="utf-8")
        ids = set(re.findall(r"""\bid=["']([^"']+)["']""", text))
        for match in RESOURCE.finditer(text):
            url = next(g for g in match.groups() if g)
            broken.append(f"{page.name}: fetches {url} from outside the site")
        for target in LINK.findall(text):
            if target.startswith(("data:", "mailto:", "javascript:")):
                continue
            if re.match(r"^[a-z]+://", target):
                continue
            file, _, anchor = target.partition("#")
            if file:
                if not (site / file).is_file():
                    broken.append(f"{page.name}: {target} (no such file)")
            elif anchor and anchor not in ids:
                broken.append(f"{page.name}: #{anchor} (no such anchor)")
    return broken


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lessons", nargs="*", help="lesson numbers (default: all)")
    parser.add_argument("--out", type=Path, default=ROOT / "site")
    parser.add_argument("--fast", action="store_true", help="WORKBOOK_FAST=1")
    parser.add_argument("--no-execute", action="store_true")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    args = parser.parse_args(argv)
    lessons = [f"{int(n):02d}" for n in args.lessons] or None
    build(
        args.out,
        lessons=lessons,
        fast=args.fast,
        execute_notebooks=not args.no_execute,
        timeout=args.timeout,
    )
    problems = broken_links(args.out)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"site written to {args.out}/index.html")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
