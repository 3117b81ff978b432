"""Tests of acquire.records: one record checked field by field, and the reasons."""

from __future__ import annotations

import base64

import numpy as np
import pytest

from helpers.acquire import records as acq


def good_record(rid: int = 7) -> dict:
    pixels = base64.b64encode(bytes(range(6))).decode()
    return {"id": rid, "text": "0427", "height": 2, "width": 3, "pixels": pixels}


def test_validate_record_accepts_and_decodes():
    record = acq.validate_record(good_record())
    assert record.id == 7 and record.text == "0427"
    assert record.image.tolist() == [[0, 1, 2], [3, 4, 5]]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"text": "04a7"}, "text must be 4 digits, got '04a7'"),
        ({"text": 427}, "text must be 4 digits, got 427"),
        ({"id": "#7"}, "id must be a non-negative integer, got '#7'"),
        ({"id": True}, "id must be a non-negative integer"),
        ({"pixels": "AAAA"}, "pixels hold 3 bytes, expected 2x3=6"),
        ({"pixels": "not base64!"}, "pixels must be base64"),
        ({"height": 0}, "height and width must be integers"),
        ({"pixels": None}, "pixels must be base64"),
        ({"text": "04²7"}, "text must be 4 digits"),  # isdigit() alone says yes
        ({"text": "①②③④"}, "text must be 4 digits"),
    ],
)
def test_validate_record_says_which_field_and_why(change, reason):
    with pytest.raises(acq.RecordError) as info:
        acq.validate_record({**good_record(), **change})
    assert reason in str(info.value)
    assert isinstance(info.value, ValueError)


def test_validate_record_missing_fields_and_non_objects():
    raw = good_record()
    del raw["pixels"], raw["text"]
    with pytest.raises(
        acq.RecordError, match=r"missing field\(s\) \['text', 'pixels'\]"
    ):
        acq.validate_record(raw)
    with pytest.raises(acq.RecordError, match="JSON object"):
        acq.validate_record([1, 2])


def test_rejected_record_says_where_and_why():
    bad = acq.RejectedRecord(3, 4, "#9", "id must be a non-negative integer", {})
    assert str(bad) == "page 3, position 4 (id '#9'): id must be a non-negative integer"


def test_records_check_their_fields():
    with pytest.raises(ValueError, match="page must be an integer in"):
        acq.RejectedRecord(0, 4, "#9", "bad id", {})
    with pytest.raises(ValueError, match="reason must say why"):
        acq.RejectedRecord(1, 4, "#9", "", {})
    with pytest.raises(ValueError, match="id must be an integer in"):
        acq.CaptchaRecord(-1, "0123", np.zeros((2, 2), np.uint8), "")
    with pytest.raises(ValueError, match="image must be 2-D"):
        acq.CaptchaRecord(1, "0123", np.zeros(4, np.uint8), "")
    with pytest.raises(ValueError, match="n_digits must be an integer in"):
        acq.validate_record({}, n_digits=0)
