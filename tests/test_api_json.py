"""The API's JSON encoder (orjson, with the standard library for what orjson refuses) and what clients receive."""

from __future__ import annotations

import datetime
import json
import math

import numpy as np
import pytest

from api.json_provider import encode
from scorer import from_dict
from tests.fixtures.wire_story import VERSIONS

ORIGINAL = VERSIONS["original"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({}, {}),
        ("", ""),
        ([], []),
        ({"score": 0.1 + 0.2, "n": 10**15}, {"score": 0.30000000000000004, "n": 10**15}),
        ({"text": "Grüße 日本 مرحبا 🚨 \u200b"}, {"text": "Grüße 日本 مرحبا 🚨 \u200b"}),
        ({"text": "lone \ud800 surrogate"}, {"text": "lone \ud800 surrogate"}),
        ({"value": np.float64(0.25), "count": np.int64(3)}, {"value": 0.25, "count": 3}),
        ({"text": "x" * 1_000_000}, {"text": "x" * 1_000_000}),
        ({"deep": [[[[{"a": None, "b": True}]]]]}, {"deep": [[[[{"a": None, "b": True}]]]]}),
    ],
)
def test_encode_round_trips_through_the_standard_json_parser(value, expected):
    assert json.loads(encode(value)) == expected


def test_encode_keeps_insertion_order_and_is_compact():
    assert encode({"z": 1, "a": [1, 2]}) == b'{"z":1,"a":[1,2]}'


def test_encode_writes_nan_as_null_not_as_invalid_json():
    assert json.loads(encode({"value": math.nan})) == {"value": None}


def test_encode_refuses_what_json_has_no_type_for():
    with pytest.raises(TypeError):
        encode({"value": object()})


def test_dates_keep_flasks_http_date_format(app):
    with app.app_context():
        body = app.json.dumps({"at": datetime.datetime(2026, 11, 22, 12, 0, tzinfo=datetime.UTC)})
    assert json.loads(body) == {"at": "Sun, 22 Nov 2026 12:00:00 GMT"}


def test_score_response_keeps_the_results_key_order(client, model):
    response = client.post("/v1/score", json=ORIGINAL)
    pairs = json.loads(response.get_data(as_text=True), object_pairs_hook=list)
    assert [key for key, _ in pairs] == list(model.score(from_dict(ORIGINAL)))


@pytest.mark.parametrize(("raw", "decoded"), [("\\ud800", "\ud800"), ("\\udfff\\ud800 \\ud83d", "\udfff\ud800 \ud83d")])
def test_an_article_with_lone_surrogates_is_scored_and_its_id_echoed(client, raw, decoded):
    words = "The ministry said on Tuesday that the talks would resume next week in Geneva. " * 3
    body = '{"id": "cms-' + raw + '", "title": "Talks", "text": "' + words + raw + '"}'
    response = client.post("/v1/score", data=body, content_type="application/json")
    assert response.status_code == 200
    result = json.loads(response.get_data(as_text=True))
    assert result["id"] == "cms-" + decoded
    assert 0 <= result["score"] <= 1
