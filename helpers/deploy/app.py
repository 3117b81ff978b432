"""The model service: a FastAPI app around an ONNX Runtime session.

Endpoints:

* ``GET /health`` -- ``{"status": "ok"}`` once the model is loaded;
* ``GET /version`` -- the model's name, precision, SHA-256 of its file, its input width;
* ``POST /predict`` -- ``{"features": [64 numbers]}`` for one image or
  ``{"instances": [[64 numbers], ...]}`` for a batch (at most ``max_batch`` rows);
  answers ``{"predictions": [...], "probabilities": [[...]], "latency_ms": ...}``;
* ``GET /metrics`` -- Prometheus text format: requests by path and status, a latency
  histogram by path, predicted items by class, and the model's identity.

**Validation.** A body of the wrong shape or type, a value outside
``[low, high]`` (0..1 for the scaled digits), NaN, unknown fields or both/neither of
``features`` and ``instances``: 422 with a message saying where and what. A body
larger than ``max_body_bytes`` is refused (413) before it is read, and one without a
``Content-Length`` gets 411, so a client cannot make the server buffer without end.
The metrics label paths by route (unknown paths are counted as ``"other"``), so
garbage URLs cannot grow the metrics without bound.

The module does not use ``from __future__ import annotations``: FastAPI reads the
request model from the endpoint's annotation, which is built inside
:func:`create_app` (it depends on the model's input width).

Every predicted item is appended to the prediction log
(:mod:`helpers.deploy.predlog`) when ``log_path`` is given.
"""

import contextlib
import hashlib
import secrets
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Annotated, Any

import numpy as np
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from pydantic import BaseModel, ConfigDict, Field, create_model, model_validator

from helpers.core.validation import check_int, check_real
from helpers.deploy.predlog import LogRow, PredictionLog
from helpers.deploy.runtime import existing_file, make_session, n_inputs, run_logits

ROUTES = ("/health", "/version", "/predict", "/metrics")
LATENCY_BUCKETS = (0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0)
"""Upper bounds (seconds) of the latency histogram's buckets."""
MAX_BATCH_LIMIT = 10_000


class _Body(BaseModel):
    """Exactly one of ``features`` (one item) or ``instances`` (a batch)."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="after")
    def _one_of(self) -> "_Body":
        given = [self.features is not None, self.instances is not None]  # type: ignore[attr-defined]
        if sum(given) != 1:
            raise ValueError(
                "give exactly one of 'features' (one image: a list of numbers) or "
                "'instances' (a batch: a list of such lists)"
            )
        return self


def request_model(
    n_features: int, *, low: float, high: float, max_batch: int
) -> type[BaseModel]:
    """The pydantic model of a /predict body for this input width and value range."""
    n_features = check_int("n_features", n_features, low=1, high=100_000)
    max_batch = check_int("max_batch", max_batch, low=1, high=MAX_BATCH_LIMIT)
    low = check_real("low", low)
    high = check_real("high", high, low=low, open_low=True)
    value = Annotated[float, Field(strict=True, ge=low, le=high, allow_inf_nan=False)]
    row = Annotated[list[value], Field(min_length=n_features, max_length=n_features)]
    batch = Annotated[list[row], Field(min_length=1, max_length=max_batch)]
    return create_model(
        "PredictBody",
        __base__=_Body,
        features=(row | None, None),
        instances=(batch | None, None),
    )


def create_app(
    model_path: str | Path,
    *,
    name: str = "digits-mlp",
    precision: str = "fp32",
    log_path: str | Path | None = None,
    max_batch: int = 256,
    low: float = 0.0,
    high: float = 1.0,
    max_body_bytes: int = 1_000_000,
) -> FastAPI:
    """The service for the ONNX model at ``model_path`` (read once, here).

    Raises :class:`~helpers.deploy.runtime.MissingFile` (a ``FileNotFoundError``)
    naming the file when it does not exist.
    """
    path = existing_file(model_path, what="model file")
    for label, text in (("name", name), ("precision", precision)):
        if not isinstance(text, str) or not text:
            raise TypeError(f"{label} must be a non-empty string, got {text!r}")
    max_body_bytes = check_int("max_body_bytes", max_body_bytes, low=100, high=10**9)
    blob = path.read_bytes()
    digest = hashlib.sha256(blob).hexdigest()
    session = make_session(blob, threads=1)
    width = n_inputs(session)
    body_model = request_model(width, low=low, high=high, max_batch=max_batch)
    log = PredictionLog(log_path) if log_path is not None else None

    registry = CollectorRegistry()
    requests = Counter(
        "workbook_http_requests",
        "HTTP requests by route, method and status code",
        ["path", "method", "status"],
        registry=registry,
    )
    latency = Histogram(
        "workbook_request_latency_seconds",
        "Time to answer a request, by route",
        ["path"],
        buckets=LATENCY_BUCKETS,
        registry=registry,
    )
    predicted = Counter(
        "workbook_predicted_items",
        "Predicted items by class",
        ["label"],
        registry=registry,
    )
    info = Gauge(
        "workbook_model_info",
        "The served model (always 1; the labels say which)",
        ["name", "precision", "sha256"],
        registry=registry,
    )
    info.labels(name=name, precision=precision, sha256=digest).set(1)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if log is not None:  # on shutdown
            log.close()

    app = FastAPI(title="Digits model service", version=digest[:12], lifespan=lifespan)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(validation_detail(exc.errors()), status_code=422)

    @app.middleware("http")
    async def measure(request: Request, call_next: Any) -> Response:
        start = time.perf_counter()
        path = request.url.path if request.url.path in ROUTES else "other"
        if request.method == "POST":
            size = request.headers.get("content-length")
            if size is None:
                response = _error(411, "send a Content-Length header with the body")
            elif not size.isdigit() or int(size) > max_body_bytes:
                response = _error(
                    413, f"the body must be at most {max_body_bytes} bytes, got {size}"
                )
            else:
                response = await call_next(request)
        else:
            response = await call_next(request)
        requests.labels(path, request.method, str(response.status_code)).inc()
        latency.labels(path).observe(time.perf_counter() - start)
        return response

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/version")
    def version() -> dict[str, Any]:
        return {
            "model": name,
            "precision": precision,
            "sha256": digest,
            "n_features": width,
            "max_batch": max_batch,
        }

    @app.post("/predict")
    def predict(body: body_model) -> dict[str, Any]:  # type: ignore[valid-type]
        start = time.perf_counter()
        one = body.features is not None
        rows = [body.features] if one else body.instances
        X = np.asarray(rows, dtype=np.float32)  # (batch, n_features)
        logits = run_logits(session, X)  # (batch, n_classes)
        shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
        proba = shifted / shifted.sum(axis=1, keepdims=True)  # (batch, n_classes)
        labels = proba.argmax(axis=1)
        took = 1000 * (time.perf_counter() - start)
        for label in labels:
            predicted.labels(str(int(label))).inc()
        if log is not None:
            request_id, now = secrets.token_hex(8), time.time()
            log.append(
                [
                    LogRow(
                        ts=now,
                        request_id=request_id,
                        item=i,
                        input_sha256=hashlib.sha256(x.tobytes()).hexdigest(),
                        features=x.tolist(),
                        predicted=int(labels[i]),
                        confidence=float(proba[i, labels[i]]),
                        latency_ms=took,
                        model_sha256=digest,
                        precision=precision,
                    )
                    for i, x in enumerate(X)
                ]
            )
        return {
            "predictions": labels.tolist(),
            "probabilities": np.round(proba, 6).tolist(),
            "latency_ms": took,
        }

    @app.get("/metrics")
    def metrics() -> Response:
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    return app


def validation_detail(errors: Any, *, limit: int = 5) -> dict[str, Any]:
    """A short 422 body: where and what for the first ``limit`` errors (the bad
    input itself is not echoed back: it may be a megabyte), and how many in all."""
    if not isinstance(errors, list | tuple) or not all(
        isinstance(e, dict) for e in errors
    ):
        raise TypeError("errors must be a list of pydantic error dicts")
    limit = check_int("limit", limit, low=1, high=1000)
    first = [
        {
            "where": ".".join(str(part) for part in e.get("loc", ())),
            "message": str(e.get("msg", "invalid")),
        }
        for e in errors[:limit]
    ]
    return {"detail": first, "n_errors": len(errors)}


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"detail": message}, status_code=status)
