"""Tests of acquire.server_config: ServerConfig refuses impossible settings at once."""

from __future__ import annotations

import math
import urllib.robotparser
from dataclasses import fields

import pytest

from helpers.acquire.server_config import LIMITS, ServerConfig

NUMBERS = [f.name for f in fields(ServerConfig) if f.name != "api_key"]


def test_defaults_are_valid_and_every_number_has_limits():
    config = ServerConfig()
    assert set(NUMBERS) == set(LIMITS)
    for name in NUMBERS:
        low, high = LIMITS[name]
        assert low <= getattr(config, name) <= high, name


@pytest.mark.parametrize("name", NUMBERS)
@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, -1])
def test_nan_inf_and_negative_numbers_are_a_value_error_naming_the_field(name, bad):
    with pytest.raises(ValueError, match=rf"^{name} must be"):
        ServerConfig(**{name: bad})


def test_burst_nan_says_so():
    with pytest.raises(ValueError, match="burst must be a finite number, got nan"):
        ServerConfig(burst=float("nan"))


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"rate": 0}, ValueError, r"rate must be in \(0, "),
        ({"request_timeout": 0}, ValueError, r"request_timeout must be in \(0, "),
        ({"page_size": 50, "max_page_size": 20}, ValueError, "page_size must be <="),
        ({"n_malformed": 9}, ValueError, "n_malformed must be in"),
        ({"n_records": 3, "n_malformed": 3}, ValueError, "n_malformed must be below"),
        ({"burst": 2.5}, TypeError, "burst must be an integer"),
        ({"seed": True}, TypeError, "seed must be a number"),
        ({"n_records": 10**9}, ValueError, "n_records must be in"),
        ({"api_key": ""}, ValueError, "api_key must be"),
        ({"api_key": " key"}, ValueError, "api_key must be"),
        ({"api_key": "clé"}, ValueError, "api_key must be"),
        ({"api_key": "a\nb"}, ValueError, "api_key must be"),
        ({"api_key": 42}, ValueError, "api_key must be"),
    ],
)
def test_config_rejects_bad_values(kwargs, error, match):
    with pytest.raises(error, match=match):
        ServerConfig(**kwargs)


def test_robots_txt_announces_the_rate():
    robots = urllib.robotparser.RobotFileParser()
    robots.parse(ServerConfig(html_rate=7).robots_txt.splitlines())
    assert robots.request_rate("AnyBot").requests == 7
    assert not robots.can_fetch("AnyBot", "/students/x")
