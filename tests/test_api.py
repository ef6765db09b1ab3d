"""The API routes and every class of client error, through the Flask test client."""

from __future__ import annotations

import io
import json
import math

import pytest

from scorer import from_dict
from scorer.model import ScoresEach
from tests.fixtures.wire_story import VERSIONS

PROBLEM = "application/problem+json"
ORIGINAL = VERSIONS["original"] if "original" in VERSIONS else next(iter(VERSIONS.values()))
# An invented article of about 60 words, for batch tests.
SHORT = {
    "title": "Council approves new cycle lanes",
    "text": "The city council approved four new cycle lanes on Tuesday, the transport committee chair, Ana Ruiz, "
            "said. \"We expect work to start in March,\" Ruiz told reporters. The plan costs 2.4 million euros, "
            "according to the council's budget papers. Some shop owners said they were worried about deliveries.",
}


def assert_problem(response, status: int, slug: str) -> dict:
    """A problem+json answer with the RFC 9457 members, the given status and type, and no HTML or trace."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    body = json.loads(response.get_data(as_text=True))
    assert {"type", "title", "status", "detail"} <= set(body)
    assert body["status"] == status
    assert body["type"] == f"/docs#problem-{slug}"
    assert body["detail"] and isinstance(body["detail"], str)
    assert body["request_id"] == response.headers["X-Request-ID"]
    raw = response.get_data(as_text=True)
    assert "Traceback" not in raw and "<html" not in raw.lower()
    return body


# --- scoring one article ---

def test_score_returns_the_models_result_for_the_article(client, model):
    response = client.post("/v1/score", json={**ORIGINAL, "id": "cms-42"})
    assert response.status_code == 200 and response.mimetype == "application/json"
    body = response.get_json()
    assert body == json.loads(json.dumps(model.score(from_dict({**ORIGINAL, "id": "cms-42"}))))
    assert body["id"] == "cms-42"
    assert 0 <= body["score"] <= 1 and body["band"] in {"high", "medium", "low", "uncertain"}
    assert body["model_version"] == model.version
    assert math.isclose(sum(e["contribution"] for e in body["explanations"]) + body["intercept"], body["logit"],
                        abs_tol=1e-9)
    assert math.isclose(body["score"], 1 / (1 + math.exp(-body["logit"])), rel_tol=1e-12)


def test_evidence_offsets_slice_into_the_text_the_caller_sent(client):
    text = "BREAKING!!! You won't believe this!!! Officials said nothing. SHOCKING NEWS for EVERYONE!"
    body = client.post("/v1/score", json={"title": "WOW!", "text": text}).get_json()
    fields = {"text": text, "title": "WOW!"}
    spans = [ev for e in body["explanations"] for ev in e["evidence"]]
    assert spans, "the exclamations alone should give evidence"
    for ev in spans:
        assert fields[ev["field"]][ev["start"]:ev["end"]] == ev["text"]


@pytest.mark.parametrize(("sent", "echoed"), [(42, "42"), ("a/b c", "a/b c"), ("", None)])
def test_caller_id_is_echoed_as_a_string(client, sent, echoed):
    body = client.post("/v1/score", json={"text": SHORT["text"], "id": sent}).get_json()
    if echoed is None:  # an empty id means "none": a stable id is derived from the content
        assert len(body["id"]) == 16
    else:
        assert body["id"] == echoed


def test_same_article_gets_the_same_derived_id(client):
    first = client.post("/v1/score", json=SHORT).get_json()["id"]
    assert client.post("/v1/score", json=SHORT).get_json()["id"] == first


def test_charset_parameter_on_json_content_type_is_accepted(client):
    response = client.post("/v1/score", data=json.dumps(SHORT), content_type="application/json; charset=utf-8")
    assert response.status_code == 200


def test_overlong_text_is_scored_with_a_warning(client):
    response = client.post("/v1/score", json={"text": "Word and more words. " * 6000})
    assert response.status_code == 200
    assert any(w.startswith("text_truncated") for w in response.get_json()["warnings"])


# --- every client error is problem+json ---

NESTED = "[" * 100_000 + "]" * 100_000
ERRORS = [
    # (name, kwargs for client.post to /v1/score, status, problem slug)
    ("no content type", {"data": json.dumps(SHORT)}, 415, "unsupported-media-type"),
    ("text/plain", {"data": json.dumps(SHORT), "content_type": "text/plain"}, 415, "unsupported-media-type"),
    ("form", {"data": {"text": "x"}}, 415, "unsupported-media-type"),
    ("empty body", {"data": "", "content_type": "application/json"}, 400, "malformed-json"),
    ("whitespace body", {"data": " \n ", "content_type": "application/json"}, 400, "malformed-json"),
    ("truncated json", {"data": '{"text": "a', "content_type": "application/json"}, 400, "malformed-json"),
    ("NaN", {"data": '{"text": NaN}', "content_type": "application/json"}, 400, "malformed-json"),
    ("not utf-8", {"data": b'{"text": "caf\xe9"}', "content_type": "application/json"}, 400, "malformed-json"),
    ("nested 100k deep", {"data": NESTED, "content_type": "application/json"}, 400, "malformed-json"),
    ("5000-digit number", {"data": '{"id": ' + "9" * 5000 + "}", "content_type": "application/json"}, 400,
     "malformed-json"),
    ("json null", {"json": None, "data": "null", "content_type": "application/json"}, 422, "invalid-request"),
    ("json list", {"json": [SHORT]}, 422, "invalid-request"),
    ("json string", {"json": "just text"}, 422, "invalid-request"),
    ("json number", {"json": 12}, 422, "invalid-request"),
    ("empty object", {"json": {}}, 422, "invalid-request"),
    ("title only", {"json": {"title": "Headline"}}, 422, "invalid-request"),
    ("text null", {"json": {"text": None}}, 422, "invalid-request"),
    ("text empty", {"json": {"text": ""}}, 422, "invalid-request"),
    ("text number", {"json": {"text": 5}}, 422, "invalid-request"),
    ("text list", {"json": {"text": ["a", "b"]}}, 422, "invalid-request"),
    ("text object", {"json": {"text": {"$gt": ""}}}, 422, "invalid-request"),
    ("text bool", {"json": {"text": True}}, 422, "invalid-request"),
    ("id bool", {"json": {"text": "Words here.", "id": True}}, 422, "invalid-request"),
    ("id float", {"json": {"text": "Words here.", "id": 1.5}}, 422, "invalid-request"),
    ("title number", {"json": {"text": "Words here.", "title": 7}}, 422, "invalid-request"),
    ("unknown field", {"json": {"text": "Words here.", "body": "x"}}, 422, "invalid-request"),
    ("whitespace text", {"json": {"text": " \n\t "}}, 422, "invalid-article"),
    ("no letters", {"json": {"text": "12345 67890 !!!"}}, 422, "invalid-article"),
    ("binary text", {"json": {"text": "abc\x00def\x01\x02"}}, 422, "invalid-article"),
    ("html without article", {"json": {"html": "<html><body></body></html>"}}, 422, "invalid-article"),
]


@pytest.mark.parametrize(("kwargs", "status", "slug"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS])
def test_bad_single_requests_get_a_problem(client, kwargs, status, slug):
    kwargs = {k: v for k, v in kwargs.items() if not (k == "json" and "data" in kwargs)}
    assert_problem(client.post("/v1/score", **kwargs), status, slug)


def test_validation_problem_lists_each_error_without_echoing_input(client):
    secret = "a sentence only the caller knows"
    body = assert_problem(client.post("/v1/score", json={"text": 5, "extra": secret}), 422, "invalid-request")
    assert {e["loc"] for e in body["errors"]} == {"text", "extra"}
    assert secret not in json.dumps(body)


def test_body_over_the_cap_is_413(client):
    huge = json.dumps({"text": "a" * (2 * 1024 * 1024)})
    body = assert_problem(client.post("/v1/score", data=huge, content_type="application/json"), 413,
                          "body-too-large")
    assert "2097152" in body["detail"]


def test_body_cap_is_configurable(make_app):
    client = make_app(MAX_CONTENT_LENGTH=100).test_client()
    assert_problem(client.post("/v1/score", json={"text": "word " * 50}), 413, "body-too-large")
    assert client.post("/v1/score", json={"text": "Short words."}).status_code == 200


@pytest.mark.parametrize(("size", "status"), [(999, 200), (1000, 200), (1001, 413), (50_000, 413)])
def test_chunked_body_without_length_is_capped_too(make_app, size, status):
    client = make_app(MAX_CONTENT_LENGTH=1000).test_client()
    prefix = b'{"text": "'
    body = prefix + b"a" * (size - len(prefix) - 2) + b'"}'
    assert len(body) == size
    response = client.post("/v1/score", input_stream=io.BytesIO(body), content_type="application/json",
                           environ_overrides={"wsgi.input_terminated": True})  # chunked: no Content-Length
    assert response.status_code == status


@pytest.mark.parametrize(("method", "path", "status", "slug"), [
    ("get", "/nope", 404, "not-found"),
    ("post", "/v1/scores", 404, "not-found"),
    ("get", "/v1/score/batch/", 404, "not-found"),
    ("get", "/v1/score", 405, "method-not-allowed"),
    ("put", "/v1/score/batch", 405, "method-not-allowed"),
    ("delete", "/v1/model", 405, "method-not-allowed"),
    ("post", "/healthz", 405, "method-not-allowed"),
    ("post", "/metrics", 405, "method-not-allowed"),
])
def test_unknown_routes_and_wrong_methods(client, method, path, status, slug):
    response = getattr(client, method)(path)
    assert_problem(response, status, slug)
    if status == 405:
        assert response.headers["Allow"]


def test_405_names_the_allowed_methods(client):
    response = client.get("/v1/score")
    assert "POST" in response.headers["Allow"]


# --- batches ---

def test_batch_results_are_in_input_order_and_one_bad_item_fails_alone(client, model):
    articles = [{**SHORT, "id": "a"}, {"text": 5, "id": "b"}, "not an object", {**ORIGINAL, "id": "d"},
                {"text": "   ", "id": 7}, {"text": "Fine words.", "colour": "red"}]
    response = client.post("/v1/score/batch", json={"articles": articles})
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert len(results) == len(articles)
    assert results[0] == json.loads(json.dumps(model.score(from_dict(articles[0]))))
    assert results[3]["id"] == "d" and "score" in results[3]
    assert [r.get("index") for r in results] == [None, 1, 2, None, 4, 5]
    assert [r["id"] for r in results] == ["a", "b", None, "d", "7", None]
    assert results[1]["error"]["type"] == "/docs#problem-invalid-request"
    assert results[1]["error"]["detail"].startswith("articles.1.text")
    assert results[2]["error"]["status"] == 422
    assert results[4]["error"]["type"] == "/docs#problem-invalid-article"
    assert "colour" in results[5]["error"]["detail"]


def test_batch_scores_match_single_scores(client):
    batch = client.post("/v1/score/batch", json={"articles": list(VERSIONS.values())}).get_json()["results"]
    singles = [client.post("/v1/score", json=v).get_json() for v in VERSIONS.values()]
    assert batch == singles


@pytest.mark.parametrize("size", [0, 1, 100])
def test_batch_sizes_up_to_the_cap(client, size):
    response = client.post("/v1/score/batch", json={"articles": [{"text": f"Story number {i} here."}
                                                                 for i in range(size)]})
    assert response.status_code == 200
    assert len(response.get_json()["results"]) == size


def test_batch_over_the_cap_is_413(client):
    body = assert_problem(client.post("/v1/score/batch", json={"articles": [SHORT] * 101}), 413, "batch-too-large")
    assert body["max_items"] == 100 and "101" in body["detail"]


def test_batch_cap_is_configurable(make_app):
    client = make_app(MAX_BATCH=2).test_client()
    assert client.post("/v1/score/batch", json={"articles": [SHORT] * 2}).status_code == 200
    assert_problem(client.post("/v1/score/batch", json={"articles": [SHORT] * 3}), 413, "batch-too-large")


@pytest.mark.parametrize("body", [{}, {"articles": None}, {"articles": "x"}, {"articles": {"text": "x"}},
                                  {"articles": [], "more": 1}, [], "articles"],
                         ids=["empty", "null", "string", "object", "extra key", "list", "string body"])
def test_batch_envelope_errors(client, body):
    assert_problem(client.post("/v1/score/batch", json=body), 422, "invalid-request")


def test_batch_with_wrong_content_type_is_415(client):
    assert_problem(client.post("/v1/score/batch", data="{}", content_type="text/csv"), 415,
                   "unsupported-media-type")


# --- model failures never leak ---

class ExplodingModel(ScoresEach):
    """Wraps the real model; fails on any article whose text contains 'EXPLODE'."""

    def __init__(self, model):
        self.model, self.version, self.metadata = model, model.version, model.metadata

    def score(self, article):
        if "EXPLODE" in article.text:
            raise RuntimeError("secret internal state")
        return self.model.score(article)

    def score_many(self, articles):
        return [self.score(a) for a in articles]


def test_a_server_failure_is_a_500_problem_without_a_trace(make_app, model):
    client = make_app(MODEL=ExplodingModel(model)).test_client()
    body = assert_problem(client.post("/v1/score", json={"text": "Please EXPLODE now."}), 500, "internal-error")
    assert "secret" not in json.dumps(body)


def test_a_server_failure_on_one_batch_item_fails_that_item_alone(make_app, model):
    client = make_app(MODEL=ExplodingModel(model)).test_client()
    articles = [SHORT, {"text": "Please EXPLODE now.", "id": "x"}, SHORT]
    results = client.post("/v1/score/batch", json={"articles": articles}).get_json()["results"]
    assert "score" in results[0] and "score" in results[2]
    assert results[1]["index"] == 1 and results[1]["id"] == "x"
    assert results[1]["error"]["status"] == 500


# --- model metadata, health, docs ---

def test_model_route_lists_version_signals_weights_and_metrics(client, model):
    body = client.get("/v1/model").get_json()
    assert body["version"] == model.version
    assert [s["name"] for s in body["signals"]] == list(model.signal_names)
    specs = {s["name"]: s for s in model.metadata["signals"]}
    for signal in body["signals"]:
        assert signal["description"] and signal["family"]
        spec = specs[signal["name"]]
        for key in ("weight_kind", "reason", "coefficient", "reference", "scale", "clip", "direction", "unit"):
            assert signal[key] == spec[key], key
    assert body["metrics"] == model.metadata["metrics"]
    assert body["training"]["digest"] == model.metadata["training"]["digest"]
    assert body["wording_terms"] == len((model.metadata["wording"] or {}).get("terms", []))
    assert body["reputation"] == model.metadata["reputation"]


def test_health_and_readiness(client, model):
    assert client.get("/healthz").get_json() == {"status": "ok"}
    assert client.get("/readyz").get_json() == {"status": "ready", "model_version": model.version}


def test_openapi_is_generated_from_the_validating_schemas(make_app):
    from api.schemas import ArticleIn

    spec = make_app(MAX_BATCH=7).test_client().get("/openapi.json").get_json()
    assert spec["openapi"].startswith("3.1")
    assert set(spec["paths"]) == {"/v1/score", "/v1/score/batch", "/v1/model", "/healthz", "/readyz", "/metrics"}
    schemas = spec["components"]["schemas"]
    assert schemas["ArticleIn"]["additionalProperties"] is False
    assert set(schemas["ArticleIn"]["properties"]) == set(ArticleIn.model_fields)
    assert schemas["BatchRequest"]["properties"]["articles"]["maxItems"] == 7
    for status in ("400", "413", "415", "422"):
        assert "application/problem+json" in spec["paths"]["/v1/score"]["post"]["responses"][status]["content"]


def test_docs_page_lists_routes_and_problem_types(client):
    from api.problems import PROBLEM_TYPES

    response = client.get("/docs")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    for route in ("POST /v1/score", "POST /v1/score/batch", "GET /v1/model", "GET /readyz"):
        assert route in page
    for problem in PROBLEM_TYPES:
        assert f"id='problem-{problem.slug}'" in page
    assert "<script" not in page


# --- the contract's finer points: weight kinds, text or html, extracted text, UTF-16 offsets ---

def test_every_explanation_says_its_weight_kind_and_reference(client, model):
    body = client.post("/v1/score", json=SHORT).get_json()
    kinds = {s["name"]: s["weight_kind"] for s in model.metadata["signals"]}
    kinds.update(wording="learned", publisher_reputation="learned")
    for entry in body["explanations"]:
        assert entry["weight_kind"] == kinds[entry["feature"]]
        assert "weight" not in entry and isinstance(entry["reference"], float) and entry["clipped"] in (True, False)
    spec = client.get("/openapi.json").get_json()["components"]["schemas"]
    assert spec["Explanation"]["properties"]["weight_kind"]["enum"] == ["learned", "prior", "none"]
    assert "uncertain" in spec["ScoreResult"]["properties"]["band"]["enum"]


@pytest.mark.parametrize(("body", "schema_valid"), [
    ({"text": "Words."}, True),
    ({"html": "<p>Words.</p>"}, True),
    ({"text": "Words.", "html": None}, True),
    ({"text": None, "html": None}, False),
    ({"text": "", "html": ""}, False),
    ({"title": "Only a title"}, False),
    ({}, False),
])  # fmt: skip
def test_the_schema_says_text_or_html_is_required_as_the_server_does(client, body, schema_valid):
    import jsonschema_rs  # schemathesis's validator

    spec = client.get("/openapi.json").get_json()
    schema = {"components": spec["components"], "$ref": "#/components/schemas/ScoreRequest"}
    assert jsonschema_rs.validator_for(schema).is_valid(body) is schema_valid
    if not schema_valid:
        assert_problem(client.post("/v1/score", json=body), 422, "invalid-request")


def test_html_input_returns_the_extracted_text_its_spans_index(client):
    paragraph = "<p>The minister resigned on Monday!!! A spokesperson said so, reporters were told.</p>"
    page = f"<html><body><nav>Home | News</nav><article>{paragraph * 6}</article></body></html>"
    body = client.post("/v1/score", json={"html": page, "title": "Minister resigns"}).get_json()
    assert "The minister resigned on Monday" in body["text"] and body["page_text"]
    fields = {"text": body["text"], "page_text": body["page_text"], "title": "Minister resigns"}
    spans = [ev for e in body["explanations"] for ev in e["evidence"]]
    assert spans
    for span in spans:
        assert fields[span["field"]][span["start"]:span["end"]] == span["text"]
    assert "text" not in client.post("/v1/score", json=SHORT).get_json()


def _utf16_slice(text: str, start: int, end: int) -> str:
    """What JavaScript's text.slice(start, end) returns."""
    return text.encode("utf-16-le")[2 * start:2 * end].decode("utf-16-le")


@pytest.mark.parametrize("prefix", ["", "🚨", "🚨🔥 ", "é ", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 " * 5])
def test_utf16_offsets_slice_like_javascript_after_emoji(client, prefix):
    title = f"{prefix}SHOCKING news!!!"
    text = f"{prefix}BREAKING!!! You won't believe this!!! 😱 Officials said nothing!!! SHOCKING NEWS for ALL!"
    plain = client.post("/v1/score", json={"title": title, "text": text}).get_json()
    utf16 = client.post("/v1/score", json={"title": title, "text": text, "offsets": "utf16"}).get_json()
    fields = {"title": title, "text": text}
    pairs = [(a, b) for ea, eb in zip(plain["explanations"], utf16["explanations"], strict=True)
             for a, b in zip(ea["evidence"], eb["evidence"], strict=True)]
    assert pairs
    for codepoint, unit in pairs:
        assert fields[codepoint["field"]][codepoint["start"]:codepoint["end"]] == codepoint["text"]
        assert _utf16_slice(fields[unit["field"]], unit["start"], unit["end"]) == unit["text"] == codepoint["text"]
    assert any(unit["start"] != codepoint["start"] for codepoint, unit in pairs)  # spans after the emoji moved
    assert {k: v for k, v in utf16.items() if k != "explanations"} == {
        k: v for k, v in plain.items() if k != "explanations"}


def test_batch_takes_the_offsets_option_for_every_article(client):
    text = "😱 BREAKING!!! Officials said nothing!!!"
    results = client.post("/v1/score/batch", json={"articles": [{"text": text}, {"text": "x", "offsets": "utf16"}],
                                                   "offsets": "utf16"}).get_json()["results"]
    spans = [ev for e in results[0]["explanations"] for ev in e["evidence"]]
    assert spans and all(_utf16_slice(text, s["start"], s["end"]) == s["text"] for s in spans)
    assert results[1]["error"]["type"] == "/docs#problem-invalid-request"  # the option belongs to the batch


@pytest.mark.parametrize("offsets", ["UTF16", "bytes", 16, None, ""])
def test_an_unknown_offsets_option_is_a_422(client, offsets):
    assert_problem(client.post("/v1/score", json={"text": "Words here.", "offsets": offsets}), 422,
                   "invalid-request")
