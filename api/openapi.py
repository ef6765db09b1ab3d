"""/openapi.json and /docs, generated from the pydantic models in api.schemas (the ones that validate requests)."""

from __future__ import annotations

import copy
import html
import json
from functools import lru_cache
from typing import Any

from pydantic.json_schema import models_json_schema

from api import schemas
from api.problems import PROBLEM_MEDIA_TYPE, PROBLEM_TYPES, type_uri
from scorer import __version__

_REF = "#/components/schemas/{model}"


def _ref(model: type) -> dict[str, str]:
    return {"$ref": _REF.format(model=model.__name__)}


@lru_cache(maxsize=1)
def _component_schemas() -> dict[str, Any]:
    models = [(m, "validation") for m in schemas.REQUEST_MODELS] + [(m, "serialization") for m in
                                                                    schemas.RESPONSE_MODELS]
    _, top = models_json_schema(models, ref_template=_REF)
    return top["$defs"]


def _json(model: type, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref(model)}}}


def _problems(*statuses: int) -> dict[str, Any]:
    slugs = {status: [p.slug for p in PROBLEM_TYPES if p.status == status] for status in statuses}
    return {
        str(status): {
            "description": "Problem: " + ", ".join(slugs[status] or ["http-error"]),
            "content": {PROBLEM_MEDIA_TYPE: {"schema": _ref(schemas.Problem)}},
        }
        for status in statuses
    }


def _body(model: type) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": _ref(model)}}}


_AUTH = [{"ApiKey": []}]
_POST_ERRORS = (400, 401, 413, 415, 422, 500, 503)


def build_spec(max_batch: int, max_body_bytes: int, api_key_required: bool) -> dict[str, Any]:
    """The OpenAPI 3.1 document for one app configuration (the batch cap and body cap appear in it)."""
    components = copy.deepcopy(_component_schemas())
    components["BatchRequest"]["properties"]["articles"]["maxItems"] = max_batch
    security = _AUTH if api_key_required else []
    paths = {
        "/v1/score": {"post": {
            "operationId": "score", "summary": "Score one article", "security": security,
            "description": "Send `text` or `html` (at least one, non-empty). Evidence offsets count Unicode code "
                           "points by default, or UTF-16 code units with `\"offsets\": \"utf16\"` (for "
                           "JavaScript's `slice`); for html input they index the extracted `text`/`page_text` "
                           f"returned in the result. Bodies over {max_body_bytes} bytes get 413.",
            "requestBody": _body(schemas.ScoreRequest),
            "responses": {"200": _json(schemas.ScoreResult, "The score and its explanations"),
                          **_problems(*_POST_ERRORS)},
        }},
        "/v1/score/batch": {"post": {
            "operationId": "score_batch", "summary": f"Score up to {max_batch} articles", "security": security,
            "description": "Results come back in input order; an article that cannot be scored gets an error "
                           "object in its place and never fails the others. With `\"corroborate\": true` the "
                           "articles are compared with each other: each result gets a `corroboration` object "
                           "(story, versions, claims), and an article whose story has at least two other versions "
                           "an `uncorroborated_claims` explanation that changes its score.",
            "requestBody": _body(schemas.BatchRequest),
            "responses": {"200": _json(schemas.BatchResponse, "One result or error per article"),
                          **_problems(*_POST_ERRORS)},
        }},
        "/v1/model": {"get": {
            "operationId": "model_info", "summary": "The loaded model: version, signals, weights, metrics",
            "security": security,
            "responses": {"200": _json(schemas.ModelInfo, "Model metadata"), **_problems(401, 503)},
        }},
        "/healthz": {"get": {"operationId": "healthz", "summary": "The process is up",
                             "responses": {"200": _json(schemas.Health, "Up")}}},
        "/readyz": {"get": {"operationId": "readyz", "summary": "The model is loaded and verified",
                            "responses": {"200": _json(schemas.Ready, "Ready"), **_problems(503)}}},
        "/metrics": {"get": {"operationId": "metrics", "summary": "Prometheus metrics (all workers)",
                             "responses": {"200": {"description": "Prometheus text format",
                                                   "content": {"text/plain": {"schema": {"type": "string"}}}}}}},
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Credibility scorer API", "version": __version__,
                 "description": "Scores news-article credibility from explainable signals. Every error is "
                                "application/problem+json (RFC 9457); see /docs for the problem types."},
        "paths": paths,
        "components": {
            "schemas": components,
            "securitySchemes": {"ApiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"}},
        },
    }


_EXAMPLE = {"title": "Minister resigns", "text": "The minister resigned on Monday, a spokesperson told reporters."}


def docs_page(spec: dict[str, Any]) -> str:
    """A self-contained HTML page (no scripts, no CDN) listing routes, schemas and problem types."""
    esc = html.escape
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Credibility scorer API</title>",
        "<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
        "pre{background:#f4f4f4;padding:.75rem;overflow:auto}code{background:#f4f4f4}</style></head><body>",
        f"<h1>{esc(spec['info']['title'])} {esc(spec['info']['version'])}</h1>",
        f"<p>{esc(spec['info']['description'])} Machine-readable spec: <a href='/openapi.json'>/openapi.json</a>.</p>",
        "<h2>Try it</h2><pre>curl -s http://HOST/v1/score -H 'Content-Type: application/json' -d "
        f"'{esc(json.dumps(_EXAMPLE))}'</pre>",
        "<h2>Routes</h2>",
    ]
    for path, operations in spec["paths"].items():
        for method, op in operations.items():
            parts.append(f"<h3 id='{esc(op['operationId'])}'><code>{method.upper()} {esc(path)}</code> — "
                         f"{esc(op['summary'])}</h3>")
            if op.get("description"):
                parts.append(f"<p>{esc(op['description'])}</p>")
            if "requestBody" in op:
                ref = op["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
                parts.append(f"<p>Request body: <a href='#schema-{esc(ref)}'>{esc(ref)}</a></p>")
            statuses = ", ".join(op["responses"])
            parts.append(f"<p>Responses: {esc(statuses)}</p>")
    parts.append("<h2>Problem types</h2><p>Every 4xx and 5xx answer is <code>application/problem+json</code> "
                  "with <code>type</code>, <code>title</code>, <code>status</code>, <code>detail</code> and "
                  "<code>request_id</code>.</p><dl>")
    for problem in PROBLEM_TYPES:
        anchor = type_uri(problem.slug).split("#", 1)[1]
        parts.append(f"<dt id='{esc(anchor)}'><code>{esc(problem.slug)}</code> ({problem.status}) "
                     f"{esc(problem.title)}</dt><dd>{esc(problem.explanation)}</dd>")
    parts.append("</dl><h2>Schemas</h2>")
    for name, schema in spec["components"]["schemas"].items():
        parts.append(f"<h3 id='schema-{esc(name)}'>{esc(name)}</h3><pre>{esc(json.dumps(schema, indent=2))}</pre>")
    parts.append("</body></html>")
    return "\n".join(parts)
