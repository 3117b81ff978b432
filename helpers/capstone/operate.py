"""The capstone's last stages (lesson 15): serve, monitor, relabel and redeploy, and
the summary table of the whole lifecycle.

* :func:`serve`: lesson 13's model service in a background process on 127.0.0.1
  (:class:`helpers.deploy.server.ModelServer`, stopped when the function returns,
  even when it raises) reads a day of traffic: ``n_traffic`` captchas of the site's
  current style, then as many of lesson 14's harder style
  (:data:`helpers.monitor.streams.SITE_V2`). It returns the answers, the
  ``/metrics`` counters and the SQLite prediction log.
* :func:`monitor`: lesson 14's log monitor over that log, with a reference of the
  model's confidence and predictions on old-style validation cells.
* :func:`relabel`: lesson 07's loop buys ``relabel_budget`` labels among new-style
  captchas (starting from the old labels), the reader is retrained and exported.
* :func:`redeploy`: the new model replaces the old one behind the service, which
  reads a fresh batch of new-style traffic.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

import httpx
import numpy as np
import pandas as pd

from helpers.acquire.captcha import CaptchaStyle
from helpers.capstone.stages import (
    Acquired,
    CapstoneConfig,
    Exported,
    Labelled,
    Trained,
    _cells,
    _check,
    _check_config,
    export,
    predict,
    scores,
    train_reader,
)
from helpers.core.validation import check_array, check_choice, check_int
from helpers.deploy.client import metric_total, parse_metrics, request
from helpers.deploy.predlog import read_log
from helpers.deploy.runtime import make_session, run_logits
from helpers.deploy.server import ModelServer
from helpers.labels.active_loop import run_active_learning
from helpers.monitor.loop import Check, monitor_log, summarize_alerts
from helpers.monitor.streams import SITE_V2

BATCH = 100
"""Cells per /predict request."""
CHECKS = (
    Check("KS confidence", "confidence", "ks", 0.01),
    Check("chi2 predicted digits", "predicted", "chi2", 0.01),
)
"""The detectors run on the served traffic: p-value below 0.01 raises an alert."""


@dataclass(frozen=True)
class Served:
    """What the service answered: ``predicted`` per cell in the order sent (the
    site's change at cell ``change_at``), the truth, the prediction log, the
    ``/metrics`` counters and the service's start-up seconds."""

    predicted: np.ndarray
    truth: np.ndarray
    change_at: int
    log: pd.DataFrame
    metrics: dict[str, float]
    startup_seconds: float
    seconds: float

    def captcha_accuracy(self, part: str) -> float:
        """Captcha accuracy of the served answers ``"before"`` or ``"after"`` the
        change."""
        check_choice("part", part, ("before", "after"))
        c = self.change_at
        cut = slice(None, c) if part == "before" else slice(c, None)
        return scores(self.truth[cut], self.predicted[cut])["captcha accuracy"]


def _send(url: str, X: np.ndarray) -> np.ndarray:
    """Rows ``X`` to ``/predict`` in requests of :data:`BATCH` rows."""
    out = []
    with httpx.Client(timeout=10.0) as client:
        for first in range(0, len(X), BATCH):
            body = {"instances": np.round(X[first : first + BATCH], 5).tolist()}
            answer = request(url, "/predict", json=body, client=client, timeout=10.0)
            out.append(np.asarray(answer["predictions"], dtype=int))
    return np.concatenate(out)


def _serve(
    model: bytes, X: np.ndarray, folder: Path, *, name: str
) -> tuple[np.ndarray, pd.DataFrame, dict[str, float], float]:
    """Serve ``model`` (INT8 ONNX bytes) from ``folder``, send ``X``, read the log
    and the metrics; the server is stopped on the way out, even on an error."""
    path = folder / f"{name}.onnx"
    path.write_bytes(model)
    log_path = folder / f"{name}.sqlite"
    with ModelServer(path, name=name, precision="int8", log_path=log_path) as server:
        predicted = _send(server.url, X)
        metrics = parse_metrics(request(server.url, "/metrics"))
        startup = float(server.startup_seconds)
    return predicted, read_log(log_path), metrics, startup


def traffic(
    config: CapstoneConfig, *, style: str, seed_offset: int = 3
) -> tuple[np.ndarray, np.ndarray]:
    """``n_traffic`` captchas' cells and digits of the site's ``"old"`` or ``"new"``
    captcha style (``seed_offset`` picks another day's traffic)."""
    config = _check_config(config)
    check_choice("style", style, ("old", "new"))
    seed_offset = check_int("seed_offset", seed_offset, low=0, high=1000)
    look = CaptchaStyle() if style == "old" else SITE_V2
    offset = seed_offset if style == "old" else seed_offset + 1
    return _cells(config.n_traffic, look, config.seed + offset)


def serve(exported: Exported, config: CapstoneConfig) -> Served:
    """Stage 6: serve the INT8 model over HTTP and send a day of traffic in which the
    site switches to its new captcha halfway."""
    _check("exported", exported, Exported)
    config = _check_config(config)
    start = time.perf_counter()
    X_old, y_old = traffic(config, style="old")
    X_new, y_new = traffic(config, style="new")
    X = np.concatenate([X_old, X_new])
    with tempfile.TemporaryDirectory(prefix="capstone-") as folder:
        predicted, log, metrics, startup = _serve(
            exported.int8, X, Path(folder), name="captcha-reader-v1"
        )
    return Served(
        predicted,
        np.concatenate([y_old, y_new]),
        len(y_old),
        log,
        metrics,
        startup,
        time.perf_counter() - start,
    )


def served_counts(served: Served) -> dict[str, float]:
    """From ``/metrics``: successful /predict requests and predicted cells."""
    _check("served", served, Served)
    m = served.metrics
    return {
        "predict requests": metric_total(
            m, "workbook_http_requests_total", path="/predict", status="200"
        ),
        "predicted cells": metric_total(m, "workbook_predicted_items_total"),
    }


# ------------------------------------------------------------------ 7. monitor


@dataclass(frozen=True)
class Monitored:
    """Every alert of the log monitor, and per detector its false alarms before the
    change and its delay (in served cells) after it."""

    alerts: pd.DataFrame
    summary: pd.DataFrame
    change_at: int
    mean_confidence: dict[str, float]  # "before"/"after" -> mean served confidence

    def fired_after(self, detector: str) -> bool:
        """Whether ``detector`` raised an alert on data after the change."""
        return bool(np.isfinite(self.summary.loc[detector, "delay (predictions)"]))

    def false_alarms(self) -> int:
        """Alerts, over all detectors, from windows that end before the change."""
        return int(self.summary["false alarms before"].sum())


def reference(exported: Exported, X_val: object) -> dict[str, np.ndarray]:
    """What the monitor compares the traffic with: the served model's confidence
    and predicted digits on old-style validation cells."""
    _check("exported", exported, Exported)
    X_val = check_array("X_val", X_val, ndim=2)
    logits = run_logits(make_session(exported.int8), X_val)  # (n, 10)
    proba = np.exp(logits - logits.max(1, keepdims=True))
    proba /= proba.sum(1, keepdims=True)
    return {"confidence": proba.max(1), "predicted": proba.argmax(1)}


def monitor(
    served: Served, exported: Exported, acquired: Acquired, config: CapstoneConfig
) -> Monitored:
    """Stage 7: run lesson 14's log monitor (:data:`CHECKS`, windows of
    ``config.window`` cells) over the service's prediction log."""
    _check("served", served, Served)
    _check("acquired", acquired, Acquired)
    config = _check_config(config)
    records = served.log[["predicted", "confidence"]].to_dict("records")
    alerts = monitor_log(
        records,
        reference=reference(exported, acquired.X_val),
        checks=CHECKS,
        window=config.window,
        min_accuracy=0.0,
    )
    summary = summarize_alerts(
        alerts, change_at=served.change_at, detectors=[c.name for c in CHECKS]
    )
    conf = served.log["confidence"].to_numpy()
    mean_conf = {
        "before": float(conf[: served.change_at].mean()),
        "after": float(conf[served.change_at :].mean()),
    }
    return Monitored(alerts, summary, served.change_at, mean_conf)


# ------------------------------------------------------------------ 8. relabel


@dataclass(frozen=True)
class Relabelled:
    """The retrained reader (exported), the new labels it cost, and its test scores
    on old-style and new-style cells."""

    exported: Exported
    n_new_labels: int
    test_scores: dict[str, dict[str, float]]  # "old"/"new" -> scores of the torch model
    seconds: float


def relabel(
    acquired: Acquired, labelled: Labelled, config: CapstoneConfig
) -> Relabelled:
    """Stage 8a: buy ``relabel_budget`` labels among ``n_new_pool`` new-style
    captchas with the same strategy (the old labels as the start set), retrain on
    all labels, export and quantize."""
    _check("acquired", acquired, Acquired)
    _check("labelled", labelled, Labelled)
    config = _check_config(config)
    start = time.perf_counter()
    X_new, y_new = _cells(config.n_new_pool, SITE_V2, config.seed + 5)
    X_val_new, y_val_new = _cells(config.n_val, SITE_V2, config.seed + 6)
    X_test_new, y_test_new = _cells(config.n_test, SITE_V2, config.seed + 7)
    old = labelled.indices
    X_pool = np.concatenate([acquired.X_pool[old], X_new])
    y_pool = np.concatenate([acquired.y_pool[old], y_new])
    run = run_active_learning(
        X_pool,
        y_pool,
        X_val_new,
        y_val_new,
        strategy=labelled.strategy,
        start=np.arange(len(old)),
        batch_size=config.batch_size,
        budget=min(len(old) + config.relabel_budget, len(y_pool)),
        seed=config.seed,
    )
    X_val = np.concatenate([acquired.X_val, X_val_new])
    y_val = np.concatenate([acquired.y_val, y_val_new])
    model, _ = train_reader(
        X_pool[run.labeled], y_pool[run.labeled], X_val, y_val, config=config
    )
    test_scores = {
        "old": scores(acquired.y_test, predict(model, acquired.X_test)),
        "new": scores(y_test_new, predict(model, X_test_new)),
    }
    trained = Trained(model, len(run.labeled), 0, test_scores["new"], 0.0)
    new_test = replace(acquired, X_test=X_test_new, y_test=y_test_new)
    return Relabelled(
        export(trained, new_test),
        len(run.labeled) - len(old),
        test_scores,
        time.perf_counter() - start,
    )


@dataclass(frozen=True)
class Redeployed:
    """The new model's served answers on a fresh day of new-style traffic."""

    predicted: np.ndarray
    truth: np.ndarray
    model_sha256: str
    startup_seconds: float
    seconds: float

    @property
    def captcha_accuracy(self) -> float:
        return scores(self.truth, self.predicted)["captcha accuracy"]


def redeploy(relabelled: Relabelled, config: CapstoneConfig) -> Redeployed:
    """Stage 8b: restart the service with the retrained INT8 model and send it a
    fresh day of new-style traffic."""
    _check("relabelled", relabelled, Relabelled)
    config = _check_config(config)
    start = time.perf_counter()
    X, y = traffic(config, style="new", seed_offset=8)
    with tempfile.TemporaryDirectory(prefix="capstone-") as folder:
        predicted, log, _, startup = _serve(
            relabelled.exported.int8, X, Path(folder), name="captcha-reader-v2"
        )
    sha = str(log["model_sha256"].iloc[0])
    return Redeployed(predicted, y, sha, startup, time.perf_counter() - start)


# ------------------------------------------------------------------ summary


def summary_table(
    acquired: Acquired,
    labelled: Labelled,
    trained: Trained,
    exported: Exported,
    served: Served,
    monitored: Monitored,
    relabelled: Relabelled,
    redeployed: Redeployed,
) -> pd.DataFrame:
    """One row per stage: hand labels, compute seconds, model bytes, and the result."""
    for name, value, kind in (
        ("acquired", acquired, Acquired),
        ("labelled", labelled, Labelled),
        ("trained", trained, Trained),
        ("exported", exported, Exported),
        ("served", served, Served),
        ("monitored", monitored, Monitored),
        ("relabelled", relabelled, Relabelled),
        ("redeployed", redeployed, Redeployed),
    ):
        _check(name, value, kind)
    fired = [d for d in monitored.summary.index if monitored.fired_after(d)]
    rows = [
        ("2 acquire", 0, acquired.seconds, np.nan,
         f"{acquired.n_records} captchas kept, {acquired.n_rejected} rejected"),
        ("3 label", len(labelled.indices), labelled.seconds, np.nan,
         f"{labelled.strategy} val acc {labelled.final[labelled.strategy]:.3f} "
         f"vs random {labelled.final['random']:.3f}"),
        ("4 train", 0, trained.seconds, np.nan,
         f"test captcha acc {trained.test_scores['captcha accuracy']:.3f}"),
        ("5 export", 0, exported.seconds, exported.sizes["int8"],
         f"int8 captcha acc {exported.test_scores['int8']['captcha accuracy']:.3f}"),
        ("6 serve", 0, served.seconds, exported.sizes["int8"],
         f"served captcha acc {served.captcha_accuracy('before'):.3f} before, "
         f"{served.captcha_accuracy('after'):.3f} after the change"),
        ("7 monitor", 0, np.nan, np.nan,
         f"fired: {', '.join(fired) or 'none'}; "
         f"{monitored.false_alarms()} false alarms"),
        ("8 relabel", relabelled.n_new_labels, relabelled.seconds,
         relabelled.exported.sizes["int8"],
         f"new-style test captcha acc "
         f"{relabelled.test_scores['new']['captcha accuracy']:.3f}"),
        ("8 redeploy", 0, redeployed.seconds, relabelled.exported.sizes["int8"],
         f"served captcha acc {redeployed.captcha_accuracy:.3f} on new traffic"),
    ]  # fmt: skip
    columns = ["stage", "hand labels", "seconds", "model bytes", "result"]
    return pd.DataFrame(rows, columns=columns).set_index("stage")
