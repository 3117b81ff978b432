"""Tests of deploy.app's parts that need no server: the request model and the 422
body. The endpoints themselves are tested against the real server in
test_server.py."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from helpers.deploy import app as A


def test_the_request_model_checks_width_range_and_batch():
    model = A.request_model(3, low=0.0, high=1.0, max_batch=2)
    assert model(features=[0.0, 0.5, 1.0]).features == [0.0, 0.5, 1.0]
    assert len(model(instances=[[0.1] * 3, [0.2] * 3]).instances) == 2
    for bad in (
        {"features": [0.5, 0.5]},
        {"features": [0.5, 0.5, 1.01]},
        {"features": [0.5, 0.5, float("nan")]},
        {"features": ["0.5", 0.5, 0.5]},
        {"instances": [[0.1] * 3] * 3},
        {},
        {"features": [0.5] * 3, "instances": [[0.5] * 3]},
        {"features": [0.5] * 3, "extra": 1},
    ):
        with pytest.raises(ValidationError):
            model(**bad)


def test_the_422_body_is_short_and_says_where():
    errors = [{"loc": ("body", "features", i), "msg": "too big"} for i in range(9)]
    body = A.validation_detail(errors, limit=2)
    assert body == {
        "detail": [
            {"where": "body.features.0", "message": "too big"},
            {"where": "body.features.1", "message": "too big"},
        ],
        "n_errors": 9,
    }


def test_create_app_names_a_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="no model file"):
        A.create_app(tmp_path / "nope.onnx")


def test_create_app_exposes_the_four_routes(model_file, tmp_path):
    app = A.create_app(model_file, log_path=tmp_path / "log.sqlite")
    paths = {route.path for route in app.routes}
    assert set(A.ROUTES) <= paths


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"max_batch": 0}, "max_batch"),
        ({"low": 1.0, "high": 0.0}, "high"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_settings_are_refused(model_file, kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        A.create_app(model_file, **kwargs)
