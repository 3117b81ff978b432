"""End to end in a real browser: JupyterLab serves the lessons, Chromium runs them, and
the widgets answer. For every lesson with a widget: all cells run, every widget renders
(no "Loading widget", no "Error displaying widget", no traceback), and each widget's
main control, moved one way and back, changes what the widget shows, both as a mouse
user moves it and with the keyboard alone (focus, then arrow keys; see
:func:`_keyboard_move` for the controls that take other keys). Besides: lesson 07's
digit buttons label an image. Screenshots go next to the lab's copies, and to
``$WORKBOOK_SCREENSHOTS`` when it is set.

Needs a Chromium executable (Debian: ``apt-get install chromium``; ``.ci/run`` installs
it on CI) and the ``playwright`` package (a dev dependency; its own browser download is
not used). Skipped with a reason when Chromium is missing.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from helpers.core.config import CACHE_DIR, NOTEBOOKS_DIR

CHROMIUM = os.environ.get("WORKBOOK_CHROMIUM") or shutil.which("chromium")
# CI sets WORKBOOK_REQUIRE_BROWSER=1: there a missing browser fails instead of skipping.
REQUIRED = os.environ.get("WORKBOOK_REQUIRE_BROWSER") == "1"
pytestmark = pytest.mark.skipif(
    CHROMIUM is None and not REQUIRED,
    reason="no Chromium found (apt-get install chromium)",
)
WIDGET_CALL = re.compile(r"\bbuild_\w+_widget\(")


def _has_widget(path: Path) -> bool:
    import json

    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return any(
        c["cell_type"] == "code" and WIDGET_CALL.search("".join(c["source"]))
        for c in cells
    )


LESSONS = tuple(p.name for p in sorted(NOTEBOOKS_DIR.glob("*.ipynb")) if _has_widget(p))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on 127.0.0.1 serving copies of the lessons under test (so
    autosave never touches the committed notebooks). Kernels share the suite's cache
    (entries are keyed by code and parameters and written atomically): this test is
    about the widgets in a browser; cold-cache times are measured by `make bench`."""
    root = tmp_path_factory.mktemp("lab")
    for name in LESSONS:
        shutil.copy(NOTEBOOKS_DIR / name, root / name)
    port, token = free_port(), secrets.token_hex(16)
    env = {
        **os.environ,
        "WORKBOOK_CACHE_DIR": str(CACHE_DIR),
        "JUPYTER_CONFIG_DIR": str(root / "config"),
        "JUPYTER_RUNTIME_DIR": str(root / "runtime"),
    }
    log = (root / "lab.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
        ]
        + (["--allow-root"] if os.geteuid() == 0 else []),
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if server.poll() is not None:
                pytest.fail(f"JupyterLab exited: {(root / 'lab.log').read_text()}")
            time.sleep(0.5)
    else:
        server.terminate()
        pytest.fail("JupyterLab did not answer within 60 s")
    yield {"base": base, "token": token, "root": root}
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM, "WORKBOOK_REQUIRE_BROWSER=1 but no Chromium was found"
    from playwright import sync_api

    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def run_all(browser, lab, notebook: str):
    """Open ``notebook`` in JupyterLab, run every cell, and wait for its self-check."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(90_000)
    # ?reset: a fresh workspace, so only this notebook is open (JupyterLab would
    # otherwise reopen the notebooks of earlier tests beside it).
    page.goto(f"{lab['base']}/lab/tree/{notebook}?reset&token={lab['token']}")
    page.wait_for_selector(".jp-Notebook .jp-Cell")
    # A fresh JupyterLab may ask which kernel to start: accept its proposal.
    accept = page.locator(".jp-Dialog button.jp-mod-accept")
    try:
        accept.wait_for(timeout=15_000)
        accept.click()
    except PlaywrightTimeout:
        pass
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_text("Run All Cells", exact=True).click()
    # The self-check cell (last) prints this once everything above ran.
    done = page.locator(".jp-OutputArea-output", has_text="self-check passed")
    done.wait_for(timeout=180_000)
    return page


def save_screenshot(page, lab, name: str) -> None:
    page.screenshot(path=str(lab["root"] / name))
    shots = os.environ.get("WORKBOOK_SCREENSHOTS")
    if shots:
        shutil.copy(lab["root"] / name, Path(shots) / name)


def test_threshold_widget_redraws_in_jupyterlab(lab, browser):
    page = run_all(browser, lab, "00_welcome.ipynb")
    widget = page.locator(".workbook-widget").first
    widget.scroll_into_view_if_needed()
    image = widget.locator(".widget-image").first
    summary = widget.locator(".workbook-summary").first
    # text_content, not inner_text: JupyterLab skips laying out cells outside the
    # viewport (content-visibility), and inner_text of an unlaid element is empty.
    assert "0.90" in summary.text_content()  # the self-check moved the slider
    before = image.get_attribute("src")

    handle = widget.locator(".widget-slider .noUi-handle").first
    handle.focus()
    page.keyboard.press("ArrowLeft")
    page.wait_for_function(
        "([el, old]) => el.getAttribute('src') !== old",
        arg=[image.element_handle(), before],
    )
    assert "0.89" in summary.text_content()
    save_screenshot(page, lab, "browser_00_threshold.png")
    page.close()


def test_labeling_buttons_label_an_image_in_jupyterlab(lab, browser):
    page = run_all(browser, lab, "07_active_learning.ipynb")
    summary = page.locator(".widget-html-content", has_text="labels held").first
    summary.scroll_into_view_if_needed()
    before = summary.text_content()
    found = re.search(r"you gave (\d+)", before)
    assert found, f"no labeling summary in {before!r}"
    given = int(found.group(1))

    page.locator("button.jupyter-button", has_text=re.compile(r"^3$")).first.click()
    page.wait_for_function(
        "([el, old]) => el.textContent !== old", arg=[summary.element_handle(), before]
    )
    after = summary.text_content()
    assert f"you gave {given + 1}" in after, (before, after)
    save_screenshot(page, lab, "browser_07_labeling.png")
    page.close()


# What a widget shows: its pictures and its summary line.
SHOWN = """el => Array.from(el.querySelectorAll('img')).map(i => i.src).join('|')
    + '#' + (el.querySelector('.workbook-summary') || {textContent: ''}).textContent"""


def _move(control, page, forward: bool) -> None:
    """Move a main control one step forward or back, as a student would."""
    classes = control.get_attribute("class") or ""
    if "widget-slider" in classes:
        control.locator(".noUi-handle").first.focus()
        page.keyboard.press("ArrowRight" if forward else "ArrowLeft")
    elif "widget-select-multiple" in classes:
        # forward: add the first unselected option (or drop the last one if all
        # are selected); back: restore the selection the widget started with.
        select = control.locator("select")
        if forward:
            chosen = select.evaluate(
                "s => Array.from(s.options).filter(o => o.selected).map(o => o.value)"
            )
            values = select.evaluate("s => Array.from(s.options).map(o => o.value)")
            _move.started = chosen
            extra = [v for v in values if v not in chosen]
            select.select_option(value=chosen + extra[:1] if extra else chosen[:-1])
        else:
            select.select_option(value=_move.started)
    elif "widget-dropdown" in classes:
        select = control.locator("select")
        n, i = select.evaluate("s => [s.options.length, s.selectedIndex]")
        select.select_option(index=(i + (1 if forward else -1)) % n)
    elif "widget-toggle-buttons" in classes:
        buttons = control.locator("button")
        n = buttons.count()
        active = next(
            (
                j
                for j in range(n)
                if "mod-active" in (buttons.nth(j).get_attribute("class") or "")
            ),
            -1 if forward else 1,  # nothing chosen yet: forward picks button 0
        )
        buttons.nth((active + (1 if forward else -1)) % n).click()
    elif "widget-checkbox" in classes:
        control.locator("input").click()
    else:
        raise AssertionError(f"no way to move a main control of class {classes!r}")


def _arrows_reach_selects() -> bool:
    """True when the lab's settings (``tools/lab/overrides.json``, installed by ``make
    setup``) keep JupyterLab's ArrowUp / ArrowDown notebook shortcuts off ``select``
    elements. Without that, a focused drop-down or multi-select in an output never
    sees those keys: the notebook's command mode takes them to move between cells."""
    import json

    path = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings"
    try:
        settings = json.loads((path / "overrides.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    shortcuts = settings.get("@jupyterlab/shortcuts-extension:shortcuts", {})
    kept = {
        s.get("command")
        for s in shortcuts.get("shortcuts", [])
        if ":not(select)" in s.get("selector", "") and not s.get("disabled")
    }
    return {"notebook:move-cursor-down", "notebook:move-cursor-up"} <= kept


ARROWS_REACH_SELECTS = _arrows_reach_selects()


def _keyboard_move(control, page, forward: bool) -> str:
    """Move a main control one step with the keyboard only: focus it (as Tab would)
    and press the keys a keyboard user would; return the keys pressed.

    Sliders take ArrowRight / ArrowLeft. Drop-downs and multi-selects take ArrowDown /
    ArrowUp when the lab lets those keys reach them (:func:`_arrows_reach_selects`),
    else End / Home, which JupyterLab leaves alone. ipywidgets' toggle buttons ignore
    arrow keys: each button is a Tab stop, so the next one is reached with Tab
    (Shift+Tab back) and pressed with Space. Checkboxes toggle with Space.
    """
    classes = control.get_attribute("class") or ""
    if "widget-slider" in classes:
        target, keys = control.locator(".noUi-handle").first, ["ArrowRight"]
        if not forward:
            keys = ["ArrowLeft"]
    elif "widget-select-multiple" in classes or "widget-dropdown" in classes:
        target = control.locator("select")
        n, i = target.evaluate("s => [s.options.length, s.selectedIndex]")
        down = i <= 0 if i <= 0 or i >= n - 1 else forward  # at an end: away from it
        if ARROWS_REACH_SELECTS:
            keys = ["ArrowDown" if down else "ArrowUp"]
        else:
            keys = ["End" if down else "Home"]
    elif "widget-toggle-buttons" in classes:
        buttons = control.locator("button")
        active = [
            j
            for j in range(buttons.count())
            if "mod-active" in (buttons.nth(j).get_attribute("class") or "")
        ]
        # Nothing chosen yet: Space on the first button; else Tab to a neighbour.
        if not active:
            target, keys = buttons.first, ["Space"]
        elif forward and active[0] < buttons.count() - 1 or active[0] == 0:
            target, keys = buttons.nth(active[0]), ["Tab", "Space"]
        else:
            target, keys = buttons.nth(active[0]), ["Shift+Tab", "Space"]
    elif "widget-checkbox" in classes:
        target, keys = control.locator("input").first, ["Space"]
    else:
        raise AssertionError(f"no keyboard move for a control of class {classes!r}")
    target.focus()
    assert target.evaluate("el => el === document.activeElement"), "focus refused"
    for key in keys:
        page.keyboard.press(key)
    return "+".join(keys)


def _at_slider_end(control) -> bool:
    """True when a slider's handle sits at its maximum (moving right does nothing)."""
    handle = control.locator(".noUi-handle").first
    if not handle.count():
        return False
    now, top = (
        handle.get_attribute("aria-valuenow"),
        handle.get_attribute("aria-valuemax"),
    )
    return now is not None and now == top


@pytest.mark.parametrize("notebook", LESSONS)
def test_every_widget_renders_and_its_main_control_redraws(lab, browser, notebook):
    page = run_all(browser, lab, notebook)
    widgets = page.locator(".workbook-widget")
    expected = sum(
        1 for _ in WIDGET_CALL.finditer((NOTEBOOKS_DIR / notebook).read_text())
    )
    assert widgets.count() >= 1, f"{notebook}: no widget rendered"
    page.wait_for_function(
        "() => !document.body.innerText.includes('Loading widget')", timeout=60_000
    )
    text = page.locator(".jp-Notebook").inner_text()
    assert "Error displaying widget" not in text, notebook
    errors = page.locator(
        ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
    )
    for j in range(errors.count()):
        assert "Traceback" not in errors.nth(j).inner_text(), errors.nth(j).inner_text()
    assert widgets.count() >= min(expected, 1)
    for j in range(widgets.count()):
        widget = widgets.nth(j)
        control = widget.locator(".workbook-main-control").first
        widget.scroll_into_view_if_needed()
        first = not _at_slider_end(control)
        for forward in (first, not first):
            before = widget.evaluate(SHOWN)
            _move(control, page, forward)
            page.wait_for_function(
                f"([el, old]) => ({SHOWN})(el) !== old",
                arg=[widget.element_handle(), before],
                timeout=30_000,
            )
        # The same control again, by keyboard only (accessibility: every widget is
        # operable without a mouse), one step each way (away from an end first).
        first = not _at_slider_end(control)
        for forward in (first, not first):
            before = widget.evaluate(SHOWN)
            keys = _keyboard_move(control, page, forward)
            try:
                page.wait_for_function(
                    f"([el, old]) => ({SHOWN})(el) !== old",
                    arg=[widget.element_handle(), before],
                    timeout=30_000,
                )
            except Exception as error:
                raise AssertionError(
                    f"{notebook}: widget {j} did not redraw after {keys}"
                ) from error
    save_screenshot(page, lab, f"browser_{notebook.removesuffix('.ipynb')}.png")
    page.close()
