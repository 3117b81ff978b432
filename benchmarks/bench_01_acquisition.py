"""Lesson 01 targets: the local server and client are fast and polite, the captcha
simulator renders quickly, and a reader trained on generated captchas reads the API's.

Setting: the lesson's server (``ServerConfig()`` defaults: 240 records, 20 per page,
10 requests/s per key with a burst of 5, some pages failing once) and, for raw
throughput, the same server without rate limit or failures; the reader of normal
mode (2,000 generated captchas) tested on the second half of the API's valid
captchas, as in the lesson.

Run alone: ``python -c "from benchmarks.bench_01_acquisition import run; [print(t) for
t in run()]"``.
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from benchmarks.common import Target, median_seconds
from helpers.acquire import captcha, captcha_widget, scraping
from helpers.acquire import client as acq
from helpers.acquire.server import (
    API_PATH,
    AcquisitionServer,
    ServerConfig,
    server_threads,
)

LESSON = "01"


def run() -> list[Target]:
    targets: list[Target] = []

    def add(name: str, target: str, measured: float, unit: str, passed: bool) -> None:
        targets.append(Target(LESSON, name, target, round(measured, 4), unit, passed))

    # Server start + stop, with every thread joined.
    def start_stop() -> None:
        AcquisitionServer().start().stop()

    took = median_seconds(start_stop, repeat=3)
    add("server start + stop", "<= 1 s", took, "s", took <= 1.0)

    # Raw client throughput: no rate limit, no failures.
    open_cfg = ServerConfig(burst=10**6, rate=10**6, fail_rate=0.0)
    with AcquisitionServer(open_cfg) as server:
        client = acq.ApiClient(server.url, api_key=open_cfg.api_key)
        seconds = median_seconds(
            lambda: client.fetch_all(API_PATH, per_page=20), repeat=5
        )
    pages_per_s = 12 / seconds
    add(
        "client throughput (validated pages)",
        ">= 50",
        pages_per_s,
        "pages/s",
        pages_per_s >= 50,
    )

    # The lesson's server: greedy vs paced client.
    with AcquisitionServer() as server:
        cfg = server.config
        greedy = acq.ApiClient(server.url, api_key=cfg.api_key).fetch_all(API_PATH)
        server.reset()
        paced = acq.ApiClient(
            server.url, api_key=cfg.api_key, min_interval=1 / cfg.rate
        ).fetch_all(API_PATH)
        complete = len(greedy.records) + len(greedy.rejected) == cfg.n_records
        set_aside = len(greedy.rejected) == len(server.malformed)
        n429 = paced.counts()["rate limited (429)"]
        scraper = scraping.PoliteScraper(server.url)
        start = time.perf_counter()
        stats = scraper.scrape_table("/stats")
        scrape_s = time.perf_counter() - start
        scraped_ok = stats.equals(server.stats)
        api_images_texts = _api_captchas(greedy)
    add(
        "every record fetched despite 429/503",
        "= 1",
        float(complete),
        "yes/no",
        complete,
    )
    add(
        "broken records set aside with a reason",
        "= 1",
        float(set_aside),
        "yes/no",
        set_aside,
    )
    add("429 answers to the paced client", "= 0", n429, "answers", n429 == 0)
    add(
        "scraped table equals the site's",
        "= 1",
        float(scraped_ok),
        "yes/no",
        scraped_ok,
    )
    add("scrape 4 pages at robots' rate", "<= 1 s", scrape_s, "s", scrape_s <= 1.0)
    add(
        "server threads left after stop",
        "= 0",
        len(server_threads()),
        "threads",
        not server_threads(),
    )

    # Simulator speed (warm glyph cache, as in a lesson after the first call).
    captcha.render_captchas(200, seed=0)
    render_s = median_seconds(lambda: captcha.render_captchas(1000, seed=1), repeat=3)
    rate = 1000 / render_s
    add("captcha render rate", ">= 1000", rate, "captchas/s", rate >= 1000)

    # The lesson's reader: 2,000 generated captchas, tested on real (API) ones.
    images, texts = api_images_texts
    half = len(texts) // 2
    start = time.perf_counter()
    reader = captcha.train_reader(2000, seed=1)
    train_s = time.perf_counter() - start
    score = reader.score(images[half:], texts[half:])
    add("reader training (2,000 captchas)", "<= 15 s", train_s, "s", train_s <= 15)
    add(
        "reader on real captchas: whole-captcha acc",
        ">= 0.9",
        score["captcha"],
        "",
        score["captcha"] >= 0.9,
    )
    fresh = captcha.render_captchas(500, seed=123)
    acc = reader.score(fresh.images, fresh.texts)["captcha"]
    add("reader on fresh generated: whole-captcha acc", ">= 0.9", acc, "", acc >= 0.9)

    # The widget: build once, then time the redraws of every grid position it offers.
    start = time.perf_counter()
    widget = captcha_widget.build_captcha_widget(reader=reader)
    build_s = time.perf_counter() - start
    widget.latencies.clear()
    for font in widget.state.fonts:
        widget.controls["font"].value = font
        for rot in widget.state.rotations:
            widget.controls["rotation"].value = rot
    median_ms = 1000 * statistics.median(widget.latencies)
    add(
        "captcha widget build (grid of 100 styles)",
        "<= 20 s",
        build_s,
        "s",
        build_s <= 20,
    )
    add("captcha widget redraw (median)", "< 100 ms", median_ms, "ms", median_ms < 100)
    return targets


def _api_captchas(result: acq.FetchResult) -> tuple[np.ndarray, list[str]]:
    images = np.stack([r.image for r in result.records]).astype(np.float32) / 255.0
    return images, [r.text for r in result.records]
