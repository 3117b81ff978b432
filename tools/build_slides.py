"""``make slides``: a slide deck per lesson, for lecturing, from the executed notebooks.

Usage::

    python tools/build_slides.py                 # every lesson, normal mode
    python tools/build_slides.py --fast 00 07    # some lessons, fast mode
    python tools/build_slides.py --executed DIR  # decks of notebooks already executed

Each deck is one self-contained HTML file, ``build/slides/NN_slug.html`` (no CDN, no
external script or style; formulas show as their LaTeX source), plus ``index.html``:

* a title slide: the lesson's title, its opening lines and its learning goals;
* one slide per numbered section (``## 3. ...``): its heading, its first paragraph or
  first bullet points, its main figure (the first picture its cells draw, a widget's
  starting state included) and the questions it asks students to predict, as questions;
* a summary slide: the lesson's Summary bullets.

Arrow keys, space, Page Up/Down, Home and End move between slides (a small inline
script); ``#5`` in the address opens slide 5. Notebooks are executed the way
``make site`` does it (:func:`build_site.execute`) and kept in ``build/executed/``,
keyed by the notebook's bytes and the mode, so a second build does not run them again.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import build_site  # noqa: E402

NOTEBOOKS = ROOT / "notebooks"
EXECUTED = ROOT / "build" / "executed"
SECTION = re.compile(r"^## (\d+)\. (.+)$", re.M)
QUESTION = re.compile(
    r"(?:\*\*(?:The )?question[^*]*\*\*:?\s*|Predict(?: first)?(?:\*\*)?:(?:\*\*)?\s*)"
    r"(.+?[?])",
    re.I | re.S,
)
# prediction = None  # which loss lets the far points move: "CE" or "MSE"?
PREDICTION = re.compile(r"^prediction = .*?#\s*([^#\n]*\?)", re.M)
MAX_BULLETS = 5
MAX_WORDS = 70

STYLE = """
body { margin: 0; background: #222; font-family: sans-serif, "Noto Sans CJK SC",
  "Source Han Sans SC", "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei"; }
section.slide { display: none; box-sizing: border-box; width: 100vw; height: 100vh;
  padding: 3vh 5vw; background: #FFF; overflow: hidden; font-size: 2.6vh;
  line-height: 1.4; }
section.slide.current { display: flex; flex-direction: column; }
section.slide h1 { font-size: 5vh; margin: 0 0 2vh; }
section.slide h2 { font-size: 4vh; margin: 0 0 1.5vh; color: #0072B2; }
section.slide .body { display: flex; gap: 3vw; flex: 1; min-height: 0; }
section.slide .text { flex: 1 1 45%; overflow: hidden; }
section.slide figure { flex: 1 1 55%; margin: 0; display: flex; min-height: 0; }
section.slide figure img { max-width: 100%; max-height: 78vh; object-fit: contain; }
section.slide .predict { background: #FFF4E0; border-left: 0.6vw solid #E69F00;
  padding: 1vh 1.5vw; margin-top: 1.5vh; }
footer.counter { position: fixed; bottom: 1vh; right: 2vw; color: #666;
  font-size: 1.8vh; }
"""

SCRIPT = """
(function () {
  var slides = document.querySelectorAll("section.slide");
  var counter = document.getElementById("counter");
  var i = 0;
  function show(n) {
    i = Math.max(0, Math.min(slides.length - 1, n));
    slides.forEach(function (s, k) { s.classList.toggle("current", k === i); });
    counter.textContent = (i + 1) + " / " + slides.length;
    history.replaceState(null, "", "#" + (i + 1));
  }
  document.addEventListener("keydown", function (e) {
    var next = ["ArrowRight", "ArrowDown", "PageDown", " ", "Spacebar"];
    var prev = ["ArrowLeft", "ArrowUp", "PageUp", "Backspace"];
    if (next.indexOf(e.key) >= 0) { show(i + 1); e.preventDefault(); }
    else if (prev.indexOf(e.key) >= 0) { show(i - 1); e.preventDefault(); }
    else if (e.key === "Home") { show(0); }
    else if (e.key === "End") { show(slides.length - 1); }
  });
  document.addEventListener("click", function (e) {
    show(e.clientX > window.innerWidth / 3 ? i + 1 : i - 1);
  });
  show((parseInt(location.hash.slice(1), 10) || 1) - 1);
})();
"""


@dataclass
class Slide:
    heading: str
    text: str = ""  # Markdown
    image: str | None = None  # base64 PNG
    alt: str = ""
    questions: list[str] = field(default_factory=list)


# Inline maths simple enough to read as italics ($m$, $(p-1)/(m+p-1)$); the rest stays
# LaTeX source, as on the offline site. Spans are taken in order, display maths first.
MATH = re.compile(r"\$\$.+?\$\$|\$[^$\n]+?\$", re.S)
SIMPLE = re.compile(r"\$([^$\\{}_^]{1,40})\$")


def markdown(text: str) -> str:
    """HTML of a Markdown fragment (nbconvert's renderer, as the site uses)."""
    from nbconvert.filters import markdown2html

    def simple(match: re.Match) -> str:
        plain = SIMPLE.fullmatch(match.group(0))
        return f"<i>{plain.group(1)}</i>" if plain else match.group(0)

    return markdown2html(MATH.sub(simple, text))


def first_block(text: str) -> str:
    """The first paragraph of ``text``, or its first bullet points if it opens with a
    list (at most :data:`MAX_BULLETS`); tables and display formulas are skipped."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
    for block in blocks:
        if block.startswith(("|", "$$", "<", "```")):
            continue
        if re.match(r"^[-*] |^\d+\. ", block):
            items = re.split(r"\n(?=[-*] |\d+\. )", block)
            return "\n".join(items[:MAX_BULLETS])
        return shortened(block)
    return ""


def shortened(paragraph: str, words: int = MAX_WORDS) -> str:
    """The paragraph's first sentences, at most ``words`` words (at least one
    sentence): a slide shows the point, the notebook the whole argument."""
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z*`(])", paragraph)
    kept = sentences[:1]
    for sentence in sentences[1:]:
        if len(" ".join([*kept, sentence]).split()) > words:
            break
        kept.append(sentence)
    return " ".join(kept)


def questions(text: str) -> list[str]:
    """The prediction questions a section asks ("Predict first: ...?", "**Question:**
    ...?"), as plain sentences."""
    found = []
    for match in QUESTION.finditer(text):
        question = " ".join(match.group(1).split()).strip("* ")
        if question not in found:
            found.append(question)
    return found


def _outputs_png(cell) -> list[str]:
    return [
        out["data"]["image/png"]
        for out in cell.get("outputs", [])
        if "image/png" in (out.get("data") or {})
    ]


def _chunks(markdown_source: str) -> list[tuple[str | None, str]]:
    """A markdown cell cut at its ``## `` headings: ``[(heading or None, text)]``."""
    parts = re.split(r"^## (.+)$", markdown_source, flags=re.M)
    chunks = [(None, parts[0])] if parts[0].strip() else []
    chunks += [(parts[i].strip(), parts[i + 1]) for i in range(1, len(parts), 2)]
    return chunks


def slides_of(nb) -> list[Slide]:
    """The deck of an executed notebook: title, one slide per section, summary."""
    cells = nb.cells
    first = cells[0].source
    title = re.sub(r"^# (\d+) · ", r"\1 · ", first.splitlines()[0]).strip()
    hook = first_block("\n".join(first.splitlines()[1:]))
    goals = re.search(
        r"\*\*Learning goals\*\*\s*\n(.*?)(?:\n\s*\n|\n\*\*|$)", first, re.S
    )
    listed = goals.group(1) if goals else ""
    deck = [Slide(title, f"{hook}\n\n**Learning goals**\n\n{listed}")]
    current: Slide | None = None  # the section slide that cells add to
    asked: dict[int, str] = {}  # slide index -> the text its section says
    for cell in cells[1:]:
        if cell.cell_type == "code":
            # A prediction cell's comment often is the question itself.
            asked_in_code = PREDICTION.search(cell.source)
            if current is not None and asked_in_code:
                asked[len(deck) - 1] += f"\n\nPredict: {asked_in_code.group(1)}"
            pictures = _outputs_png(cell)
            if current is not None and current.image is None and pictures:
                current.image = pictures[0]
                current.alt = f"Figure of section {current.heading}"
            continue
        for heading, text in _chunks(cell.source):
            section = SECTION.match(f"## {heading}") if heading else None
            if section:
                current = Slide(f"{section.group(1)}. {section.group(2).strip()}")
                deck.append(current)
                asked[len(deck) - 1] = ""
            elif heading == "Summary":
                deck.append(Slide("Summary", text.strip()))
                current = None
            elif heading is not None:  # Exercises, Further reading: not on slides
                current = None
            if current is not None:
                if not current.text:
                    current.text = first_block(text)
                asked[len(deck) - 1] += "\n\n" + text
    for index, text in asked.items():
        deck[index].questions = questions(text)
    return deck


def _inline(rendered: str) -> str:
    """A one-paragraph rendering without its ``<p>`` wrapper."""
    return re.sub(r"^\s*<p>(.*)</p>\s*$", r"\1", rendered, flags=re.S)


def render_slide(slide: Slide, index: int, *, title_slide: bool) -> str:
    tag = "h1" if title_slide else "h2"
    parts = [f"<{tag}>{html.escape(slide.heading)}</{tag}>", '<div class="body">']
    text = markdown(slide.text) if slide.text else ""
    if slide.questions:
        asked = "".join(f"<li>{_inline(markdown(q))}</li>" for q in slide.questions)
        text += (
            '<div class="predict"><strong>Predict first:</strong>'
            f"<ul>{asked}</ul></div>"
        )
    parts.append(f'<div class="text">{text}</div>')
    if slide.image:
        alt = html.escape(slide.alt or slide.heading)
        parts.append(
            f'<figure><img alt="{alt}" '
            f'src="data:image/png;base64,{slide.image}"></figure>'
        )
    parts.append("</div>")
    return f'<section class="slide" id="s{index}">{"".join(parts)}</section>'


def render_deck(deck: list[Slide], title: str) -> str:
    body = "".join(
        render_slide(slide, i + 1, title_slide=i == 0) for i, slide in enumerate(deck)
    )
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>"
        f'{body}<footer class="counter" id="counter"></footer>'
        f"<script>{SCRIPT}</script></body></html>"
    )


def executed(path: Path, *, fast: bool, timeout: int, cache: Path = EXECUTED):
    """The notebook at ``path`` executed (as ``make site`` does), reusing the copy in
    ``cache`` when the notebook's bytes and the mode are unchanged."""
    import nbformat

    mode = "fast" if fast else "normal"
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    kept = cache / f"{path.stem}.{mode}.ipynb"
    if kept.is_file():
        nb = nbformat.read(kept, as_version=4)
        if nb.metadata.get("workbook_slides", {}).get("source_sha256") == digest:
            return nb
    nb = build_site.execute(path, fast=fast, timeout=timeout)
    nb.metadata["workbook_slides"] = {"source_sha256": digest, "mode": mode}
    cache.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, kept)
    return nb


def index_page(decks: dict[str, str]) -> str:
    rows = "".join(
        f'<li><a href="{page}">{html.escape(title)}</a></li>'
        for page, title in decks.items()
    )
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Slides</title>"
        f"</head><body style='font-family: sans-serif'><h1>Slides</h1><ul>{rows}</ul>"
        "<p>Arrow keys or space to move, Home and End for the first and last slide."
        "</p></body></html>"
    )


def build(
    out: Path,
    *,
    lessons: list[str] | None = None,
    fast: bool = False,
    executed_dir: Path | None = None,
    cache: Path = EXECUTED,
    timeout: int = 600,
) -> dict[str, int]:
    """Write a deck per chosen lesson and an index into ``out``; the number of slides
    of each deck, by page name."""
    import nbformat

    chosen = [
        (name, page)
        for name, page in build_site.lesson_pages()
        if not lessons or name[:2] in lessons
    ]
    if not chosen:
        raise SystemExit(f"no lesson notebooks match {lessons}")
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    titles: dict[str, str] = {}
    for name, page in chosen:
        if executed_dir is not None:
            if not (executed_dir / name).is_file():
                raise SystemExit(f"no executed {name} in {executed_dir}")
            nb = nbformat.read(executed_dir / name, as_version=4)
        else:
            nb = executed(NOTEBOOKS / name, fast=fast, timeout=timeout, cache=cache)
        deck = slides_of(nb)
        (out / page).write_text(render_deck(deck, deck[0].heading), encoding="utf-8")
        counts[page] = len(deck)
        titles[page] = deck[0].heading
        print(f"{page}: {len(deck)} slides", flush=True)
    (out / "index.html").write_text(index_page(titles), encoding="utf-8")
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lessons", nargs="*", help="lesson numbers (default: all)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "slides")
    parser.add_argument("--fast", action="store_true", help="WORKBOOK_FAST=1")
    parser.add_argument("--executed", type=Path, help="folder of executed notebooks")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    args = parser.parse_args(argv)
    lessons = [f"{int(n):02d}" for n in args.lessons] or None
    build(
        args.out,
        lessons=lessons,
        fast=args.fast,
        executed_dir=args.executed,
        timeout=args.timeout,
    )
    print(f"slides written to {args.out}/index.html")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
