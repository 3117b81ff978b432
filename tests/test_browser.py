"""End to end in a real browser: JupyterLab serves lesson 00, Chromium runs it, and
moving the threshold slider redraws the widget.

Needs a Chromium executable (Debian: ``apt-get install chromium``; ``.ci/run`` installs
it on CI) and the ``playwright`` package (a dev dependency; its own browser download is
not used). Skipped with a reason when Chromium is missing.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from helpers.config import NOTEBOOKS_DIR

CHROMIUM = os.environ.get("WORKBOOK_CHROMIUM") or shutil.which("chromium")
# CI sets WORKBOOK_REQUIRE_BROWSER=1: there a missing browser fails instead of skipping.
REQUIRED = os.environ.get("WORKBOOK_REQUIRE_BROWSER") == "1"
pytestmark = pytest.mark.skipif(
    CHROMIUM is None and not REQUIRED,
    reason="no Chromium found (apt-get install chromium)",
)
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
    """A JupyterLab server on 127.0.0.1 serving a copy of lesson 00 (so autosave never
    touches the committed notebook)."""
    root = tmp_path_factory.mktemp("lab")
    shutil.copy(NOTEBOOKS_DIR / "00_welcome.ipynb", root / "00_welcome.ipynb")
    port, token = free_port(), secrets.token_hex(16)
    env = {
        **os.environ,
        "WORKBOOK_CACHE_DIR": str(root / "cache"),
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
    yield {"url": f"{base}/lab/tree/00_welcome.ipynb?token={token}", "root": root}
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


def test_threshold_widget_redraws_in_jupyterlab(lab):
    assert CHROMIUM, "WORKBOOK_REQUIRE_BROWSER=1 but no Chromium was found"
    from playwright import sync_api

    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(90_000)
        page.goto(lab["url"])
        page.wait_for_selector(".jp-Notebook .jp-Cell")
        # A fresh JupyterLab may ask which kernel to start: accept its proposal.
        accept = page.locator(".jp-Dialog button.jp-mod-accept")
        try:
            accept.wait_for(timeout=15_000)
            accept.click()
        except sync_api.TimeoutError:
            pass
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_text("Run All Cells", exact=True).click()

        # The self-check cell (last) prints this once everything above ran.
        outputs = page.locator(".jp-OutputArea-output", has_text="self-check passed")
        outputs.wait_for(timeout=120_000)
        image = page.locator(".widget-image").first
        summary = page.locator(".widget-html-content", has_text="threshold").first
        image.scroll_into_view_if_needed()
        assert "0.90" in summary.inner_text()  # the self-check moved the slider
        before = image.get_attribute("src")

        handle = page.locator(".widget-slider .noUi-handle").first
        handle.focus()
        page.keyboard.press("ArrowLeft")
        page.wait_for_function(
            "([el, old]) => el.getAttribute('src') !== old",
            arg=[image.element_handle(), before],
        )
        assert "0.89" in summary.inner_text()
        image.screenshot(path=str(lab["root"] / "widget.png"))
        page.screenshot(path=str(lab["root"] / "lab.png"))
        shots = os.environ.get("WORKBOOK_SCREENSHOTS")
        if shots:
            shutil.copy(lab["root"] / "lab.png", Path(shots) / "browser_lab.png")
            shutil.copy(lab["root"] / "widget.png", Path(shots) / "browser_widget.png")
        browser.close()
