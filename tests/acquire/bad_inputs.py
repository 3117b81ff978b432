"""Bad-input cases of helpers.acquire, lesson 01 (see tests/bad_input.py).

Nothing a case starts is left running: the server, the scraper (which reads
robots.txt in its constructor) and the SQLite store are driven by small wrappers
below that start, use and stop them; each such case names the real callable it
covers. Bad settings must be refused before any socket, thread or file is opened.
"""

import tempfile
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from bad_input import Case

from helpers.acquire import (
    backoff,
    captcha,
    captcha_grid,
    captcha_plots,
    captcha_widget,
    client,
    client_plots,
    problem,
    ratelimit,
    records,
    scraping,
    server,
    server_config,
    server_http,
    site_content,
    site_routes,
    solutions_01,
    storage,
)

TEXTS = ["0123", "4567", "8901"]
SMALL_SERVER = {"n_records": 12, "page_size": 4, "fail_rate": 0.0, "burst": 1000}


@lru_cache(maxsize=1)
def _batch() -> captcha.CaptchaBatch:
    return captcha.render_captchas(3, seed=0, texts=TEXTS)


def _images() -> np.ndarray:
    return _batch().images.copy()


@lru_cache(maxsize=1)
def _reader() -> captcha.CaptchaReader:
    return captcha.train_reader(20, seed=0)


def _grid() -> captcha_grid.StyleGrid:
    acc = np.array([[[0.9, 0.5], [0.6, 0.2]]])  # (1 font, 2 rotations, 2 noises)
    images = np.zeros((2, 28, 88))
    return captcha_grid.StyleGrid(
        fonts=("sans",),
        rotations=(10, 30),
        noises=(0.05, 0.45),
        digit_acc=np.sqrt(acc),
        captcha_acc=acc,
        samples={
            (0, j, k): (images, ["0000"] * 2, ["0000"] * 2)
            for j in (0, 1)
            for k in (0, 1)
        },
        base=captcha.CaptchaStyle(),
    )


@lru_cache(maxsize=1)
def _raw_records() -> tuple[dict, ...]:
    return tuple(site_content.captcha_records(2, 0, 0)[0])


def _raw_record() -> dict:
    return dict(_raw_records()[0])


def _record() -> records.CaptchaRecord:
    return records.validate_record(_raw_record())


# ------------------------------------------------- wrappers that start and stop things


def _reader_fit(images, texts):
    return captcha.CaptchaReader(max_iter=5).fit(images, texts)


def _reader_score(images, texts):
    return _reader().score(images, texts)


def _bucket_take(key, now):
    return ratelimit.TokenBucket(rate=2.0, burst=1).take(key, now)


def _serve(**fields):
    """Start a server with these settings, then stop it; no thread may be left."""
    with server.AcquisitionServer(server_config.ServerConfig(**fields)) as srv:
        assert srv.running
    assert not server.server_threads(), "a server thread outlived stop()"


def _fetch_all(per_page, max_pages, validate):
    with server.AcquisitionServer(server_config.ServerConfig(**SMALL_SERVER)) as srv:
        api = client.ApiClient(srv.url, api_key=srv.config.api_key)
        return api.fetch_all(
            server.API_PATH, per_page=per_page, max_pages=max_pages, validate=validate
        )


def _scraper(**options):
    """Build a PoliteScraper (it reads robots.txt at once) against a running server."""
    with server.AcquisitionServer(server_config.ServerConfig(**SMALL_SERVER)) as srv:
        return scraping.PoliteScraper(srv.url, **options)


def _scrape_table(max_pages):
    with server.AcquisitionServer(server_config.ServerConfig(**SMALL_SERVER)) as srv:
        return scraping.PoliteScraper(srv.url).scrape_table(
            "/stats", max_pages=max_pages
        )


def _http_server(site):
    httpd = server_http.HttpServer(site)
    httpd.server_close()


def _in_store(func, **kwargs):
    with tempfile.TemporaryDirectory() as folder:
        conn = storage.open_store(Path(folder) / "s.sqlite")
        try:
            storage.store_captchas(conn, [_record()], source="api")
            return func(conn, **kwargs)
        finally:
            conn.close()


def _open_store(path_name, reset):
    with tempfile.TemporaryDirectory() as folder:
        storage.open_store(Path(folder) / path_name, reset=reset).close()


def _store_captchas(source):
    return _in_store(storage.store_captchas, records=[_record()], source=source)


def _query(sql):
    return _in_store(storage.query, sql=sql)


def _load_captchas(source):
    return _in_store(storage.load_captchas, source=source)


def _events() -> list[client.RequestEvent]:
    return [client.RequestEvent(0.0, "u", 200), client.RequestEvent(0.1, "u", 429, 0.5)]


CASES = [
    # ------------------------------------------------------------------ captcha
    Case(
        captcha.CaptchaStyle,
        lambda: {
            "n_digits": 4,
            "fonts": ("sans",),
            "font_size": 20.0,
            "size_jitter": 0.1,
            "rotation": 10.0,
            "shift": 2.0,
            "n_lines": 1,
            "noise": 0.05,
        },
        {
            "n_digits": "count",
            "fonts": "choice",
            "font_size": "positive",
            "size_jitter": "prob",  # in [0, 0.5]
            "rotation": "real",
            "shift": "real",
            "n_lines": "index",
            "noise": "prob",
        },
    ),
    Case(
        captcha.CaptchaBatch,
        lambda: {"images": _images(), "texts": list(TEXTS), "style": _batch().style},
        {"images": "array", "texts": "shorter"},
    ),
    Case(
        captcha.render_captchas,
        lambda: {"n": 3, "seed": 0, "texts": list(TEXTS)},
        {"n": "count", "seed": "index", "texts": "shorter"},
    ),
    Case(
        captcha.split_cells,
        lambda: {"images": _images(), "n_digits": 4},
        {"images": "array", "n_digits": "count"},
    ),
    Case(
        captcha.CaptchaReader,
        lambda: {"n_digits": 4, "hidden": 8, "max_iter": 5, "seed": 0},
        {"n_digits": "count", "hidden": "count", "max_iter": "count", "seed": "index"},
    ),
    Case(
        _reader_fit,
        lambda: {"images": _images(), "texts": list(TEXTS)},
        {"images": "array", "texts": "shorter"},
        name="helpers.acquire.captcha.CaptchaReader",
    ),
    Case(
        _reader_score,
        lambda: {"images": _images(), "texts": list(TEXTS)},
        {"images": "array", "texts": "shorter"},
        name="helpers.acquire.captcha.CaptchaReader",
    ),
    Case(
        captcha.train_reader,
        lambda: {"n": 20, "seed": 0},
        {"n": "count", "seed": "index"},
    ),
    # ------------------------------------------------------- grid, plots, widget
    Case(
        captcha_grid.StyleGrid,
        lambda: {**vars(_grid())},
        {"digit_acc": "array", "captcha_acc": "array"},
    ),
    Case(
        captcha_grid.style_grid,
        lambda: {
            "reader": _reader(),
            "n_eval": 2,
            "n_samples": 1,
            "fonts": ("sans",),
            "rotations": (0, 10),
            "noises": (0.05,),
            "seed": 1,
        },
        {
            "n_eval": "count",
            "n_samples": "count",
            "fonts": "choice",
            "rotations": "array",
            "noises": "array",
            "seed": "index",
        },
    ),
    Case(
        captcha_plots.plot_captchas,
        lambda: {
            "images": _images(),
            "texts": list(TEXTS),
            "predicted": list(TEXTS),
        },
        {"images": "array", "texts": "shorter", "predicted": "shorter"},
    ),
    Case(
        captcha_plots.plot_style_accuracy,
        lambda: {"grid": _grid(), "font": "sans", "rotation": 10, "noise": 0.05},
        {"font": "choice", "rotation": "real", "noise": "real"},
    ),
    Case(
        captcha_widget.build_captcha_widget,
        lambda: {"n_train": 20, "n_eval": 2},
        {"n_train": "count", "n_eval": "count"},
    ),
    # ------------------------------------------------------------------- client
    Case(
        backoff.RetryPolicy,
        lambda: {
            "max_retries": 5,
            "base": 0.05,
            "factor": 2.0,
            "cap": 2.0,
            "jitter": 0.1,
        },
        {
            "max_retries": "index",
            "base": "real",
            "factor": "positive",  # >= 1
            "cap": "real",
            "jitter": "prob",
        },
    ),
    Case(
        backoff.parse_retry_after,
        lambda: {"value": "2.5"},
        {},  # any text is a header: what cannot be read is None, by design
    ),
    Case(
        client.RequestEvent,
        lambda: {
            "t": 0.5,
            "url": "http://127.0.0.1/x",
            "status": 429,
            "retry_after": 1.0,
        },
        {"t": "real"},  # retry_after may be inf: a number too large to read
    ),
    Case(
        client.FetchResult,
        lambda: {
            "records": [_record()],
            "rejected": [],
            "pages": 1,
            "events": _events(),
            "seconds": 0.2,
            "slept": 0.0,
        },
        {"pages": "index", "seconds": "real", "slept": "real"},
    ),
    Case(
        client.ApiClient,
        lambda: {
            "base_url": "http://127.0.0.1:9",
            "api_key": "k",
            "min_interval": 0.0,
            "timeout": 5.0,
            "max_retry_after": 60.0,
            "sleep": lambda s: None,
            "clock": lambda: 0.0,
            "seed": 0,
        },
        {
            "base_url": "choice",  # not an http(s) URL
            "min_interval": "real",
            "timeout": "positive",
            "max_retry_after": "real",
            "sleep": "callable",
            "clock": "callable",
            "seed": "index",
        },
    ),
    Case(
        _fetch_all,
        lambda: {"per_page": 4, "max_pages": 2, "validate": records.validate_record},
        {"per_page": "count", "max_pages": "count", "validate": "callable"},
        name="helpers.acquire.client.ApiClient",
    ),
    Case(client_plots.plot_request_timeline, lambda: {"events": _events()}, {}),
    # ---------------------------------------------------------- records, storage
    Case(
        records.CaptchaRecord,
        lambda: {
            "id": 3,
            "text": "0123",
            "image": np.zeros((28, 88), np.uint8),
            "issued_at": "",
        },
        {"id": "index", "image": "array"},
    ),
    Case(
        records.RejectedRecord,
        lambda: {"page": 1, "position": 0, "record_id": 7, "reason": "bad", "raw": {}},
        {"page": "index", "position": "index"},  # page >= 1, as the server numbers
    ),
    Case(
        records.validate_record,
        lambda: {"raw": _raw_record(), "n_digits": 4},
        {"n_digits": "count"},
    ),
    Case(
        _open_store,
        lambda: {"path_name": "s.sqlite", "reset": True},
        {},
        name="helpers.acquire.storage.open_store",
    ),
    Case(
        _store_captchas,
        lambda: {"source": "api"},
        {},
        name="helpers.acquire.storage.store_captchas",
    ),
    Case(
        _query,
        lambda: {"sql": "SELECT id FROM captchas"},
        {},
        name="helpers.acquire.storage.query",
    ),
    Case(
        _load_captchas,
        lambda: {"source": "api"},
        {},
        name="helpers.acquire.storage.load_captchas",
    ),
    # ----------------------------------------------------------------- scraping
    Case(scraping.parse_tables, lambda: {"page": site_content.students_page()}, {}),
    Case(
        scraping.next_link,
        lambda: {"page": "<a rel='next' href='/stats?page=2'>next</a>"},
        {},
    ),
    Case(
        _scraper,
        lambda: {
            "min_interval": 0.0,
            "timeout": 5.0,
            "max_retry_after": 60.0,
            "sleep": lambda s: None,
        },
        {
            "min_interval": "real",
            "timeout": "positive",
            "max_retry_after": "real",
            "sleep": "callable",
        },
        name="helpers.acquire.scraping.PoliteScraper",
    ),
    Case(
        _scrape_table,
        lambda: {"max_pages": 2},
        {"max_pages": "count"},
        name="helpers.acquire.scraping.PoliteScraper",
    ),
    # ------------------------------------------------------------------- server
    Case(
        ratelimit.TokenBucket,
        lambda: {"rate": 2.0, "burst": 3.0, "max_keys": 8},
        {"rate": "positive", "burst": "positive", "max_keys": "count"},
    ),
    Case(
        _bucket_take,
        lambda: {"key": "10.0.0.1", "now": 0.0},
        {"now": "real"},
        name="helpers.acquire.ratelimit.TokenBucket",
    ),
    Case(
        server_config.ServerConfig,
        lambda: {
            "n_records": 24,
            "page_size": 4,
            "max_page_size": 8,
            "rate": 10.0,
            "burst": 5,
            "fail_rate": 0.2,
            "fail_times": 1,
            "n_malformed": 2,
            "n_days": 10,
            "table_rows": 5,
            "html_rate": 20,
            "html_burst": 4,
            "seed": 0,
            "request_timeout": 5.0,
            "max_clients": 16,
            "log_size": 100,
            "max_connections": 8,
        },
        {
            "n_records": "count",
            "page_size": "count",
            "max_page_size": "count",
            "rate": "positive",
            "burst": "count",
            "fail_rate": "prob",
            "fail_times": "index",
            "n_malformed": "index",
            "n_days": "count",
            "table_rows": "count",
            "html_rate": "count",
            "html_burst": "count",
            "seed": "index",
            "request_timeout": "positive",
            "max_clients": "count",
            "log_size": "count",
            "max_connections": "count",
        },
    ),
    Case(
        _serve,
        lambda: {
            "n_records": 12,
            "rate": 10.0,
            "request_timeout": 1.0,
            "max_connections": 4,
        },
        {
            "n_records": "count",
            "rate": "positive",
            "request_timeout": "positive",
            "max_connections": "count",
        },
        name="helpers.acquire.server.AcquisitionServer",
    ),
    Case(
        _http_server,
        lambda: {"site": site_routes.Site(server_config.ServerConfig(n_records=8))},
        {},  # a Site object: anything else is a TypeError before the socket opens
        name="helpers.acquire.server_http.HttpServer",
    ),
    Case(
        site_routes.Site,
        lambda: {"cfg": server_config.ServerConfig(n_records=8)},
        {},  # a ServerConfig, itself checked field by field above
    ),
    # ------------------------------------------------------- site content, routes
    Case(
        site_content.captcha_records,
        lambda: {"n_records": 8, "n_malformed": 2, "seed": 0},
        {"n_records": "count", "n_malformed": "index", "seed": "index"},
    ),
    Case(
        site_content.stats_table,
        lambda: {"n_days": 10, "seed": 0},
        {"n_days": "count", "seed": "index"},
    ),
    Case(site_content.robots_txt, lambda: {"html_rate": 20}, {"html_rate": "count"}),
    Case(site_content.page, lambda: {"title": "T", "body": "<p>b</p>"}, {}),
    Case(
        site_content.table_html,
        lambda: {"frame": pd.DataFrame({"a": [1, 2]}), "table_id": "t"},
        {"frame": "frame"},
    ),
    Case(
        site_content.stats_page,
        lambda: {
            "rows": site_content.stats_table(4, 0),
            "page_no": 2,
            "pages": 3,
        },
        {"rows": "frame", "page_no": "count", "pages": "count"},
    ),
    Case(site_routes.clip, lambda: {"text": "x" * 300}, {}),
    Case(site_routes.split_target, lambda: {"target": "/stats?page=2"}, {}),
    Case(site_routes.parse_query, lambda: {"query": "page=2&per_page=3"}, {}),
    Case(
        site_routes.int_param,
        lambda: {"params": {"page": "3"}, "name": "page", "default": 1, "hi": 10},
        {"default": "count", "hi": "count"},
    ),
    Case(
        site_routes.check_names,
        lambda: {"params": {"page": "3"}, "allowed": ("page",)},
        {},
    ),
    Case(site_routes.retry_after, lambda: {"wait": 0.5}, {"wait": "real"}),
    # ------------------------------------------------ problem choice and solutions
    Case(
        problem.Candidate,
        lambda: {
            "name": "x",
            "value": 3,
            "data": 3,
            "labels": 3,
            "metric": 3,
            "risk": 3,
        },
        {"value": "count", "data": "count", "labels": "count", "metric": "count"},
    ),  # risk: the same check as the other ratings; name: any non-empty string
    Case(
        problem.rank_candidates,
        lambda: {"candidates": list(problem.OFFICE_CANDIDATES), "min_link": 3},
        {"candidates": "instance", "min_link": "count"},
    ),
    Case(problem.data_kind, lambda: {"obj": {"id": 1}}, {}),
    # obj: every string is valid free text (the instance kind tries "f"); None and
    # numbers are refused, tested in tests/acquire/test_problem.py
    Case(
        solutions_01.per_digit_needed,
        lambda: {"target": 0.95, "n_digits": 6},
        {"target": "prob", "n_digits": "count"},
    ),
    Case(
        solutions_01.rejected_for_text,
        lambda: {
            "rejected": [
                records.RejectedRecord(
                    page=1, position=0, record_id=1, reason="text bad", raw={}
                )
            ]
        },
        {"rejected": "instance"},
    ),
    Case(
        solutions_01.paced_retry_letter,
        lambda: {
            "counts": {"retries": 1, "rate limited (429)": 0, "server errors (5xx)": 1}
        },
        {"counts": "instance"},
    ),
    Case(
        solutions_01.style_accuracy,
        lambda: {"grid": _grid(), "font": "sans", "rotation": 10, "noise": 0.05},
        {"grid": "instance", "font": "choice", "rotation": "real", "noise": "real"},
    ),
    Case(
        solutions_01.accuracy_on_style,
        lambda: {"reader": _reader(), "font": "serif", "n": 2, "seed": 0},
        {"reader": "instance", "font": "choice", "n": "count", "seed": "index"},
    ),
    Case(
        solutions_01.winner_after_consent,
        lambda: {
            "candidates": list(problem.OFFICE_CANDIDATES),
            "name": "predict which students drop out",
        },
        {"candidates": "instance", "name": "choice"},
    ),
]

EXEMPT = {
    "helpers.acquire.server.server_threads": "takes no arguments at all",
    "helpers.acquire.site_content.home_page": "takes no arguments at all",
    "helpers.acquire.site_content.students_page": "takes no arguments at all",
    "helpers.acquire.server_http.Handler": (
        "a request handler http.server builds for each connection from a socket, "
        "an address and the server: HTTP internals, never called by users"
    ),
}
