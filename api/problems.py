"""Errors as `application/problem+json` (RFC 9457): every 4xx and 5xx the API sends goes through here.

Each problem type has a slug; its `type` URI points at the section of the docs page that explains it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import Response

from api.json_provider import encode

PROBLEM_MEDIA_TYPE = "application/problem+json"


@dataclass(frozen=True)
class ProblemType:
    slug: str
    status: int
    title: str
    explanation: str


# Every problem the API can send, in the order the docs page lists them.
PROBLEM_TYPES: tuple[ProblemType, ...] = (
    ProblemType("malformed-json", 400, "Malformed JSON",
                "The body is empty, not UTF-8, or not valid JSON. Send one JSON document."),
    ProblemType("unauthorized", 401, "Missing or wrong API key",
                "This server requires an API key in the X-API-Key header for /v1/ routes."),
    ProblemType("not-found", 404, "Not found", "No route has this path; see /openapi.json for the routes."),
    ProblemType("method-not-allowed", 405, "Method not allowed",
                "The route exists but not for this HTTP method; the Allow header lists the methods it takes."),
    ProblemType("body-too-large", 413, "Request body too large",
                "The body is over the configured size cap; send fewer or shorter articles per request."),
    ProblemType("batch-too-large", 413, "Too many articles in one batch",
                "A batch holds at most the configured number of articles; split it into several calls."),
    ProblemType("unsupported-media-type", 415, "Unsupported media type",
                "Request bodies must be sent with Content-Type: application/json."),
    ProblemType("invalid-request", 422, "Request does not match the schema",
                "A field is missing, unknown, or of the wrong type; `errors` lists each one with its location."),
    ProblemType("invalid-article", 422, "Article cannot be scored",
                "The request is well-formed but the article is not: e.g. whitespace-only text, binary data, "
                "no words, or HTML with no extractable text."),
    ProblemType("internal-error", 500, "Internal error",
                "The server failed while handling a valid request. Nothing you sent caused it; the request id "
                "identifies it in the server log."),
    ProblemType("not-ready", 503, "Model not ready",
                "The model is still loading (retry after the Retry-After seconds) or failed to load or verify."),
    ProblemType("http-error", 400, "HTTP error", "Any other HTTP-level error; `status` and `title` say which."),
)
BY_SLUG = {p.slug: p for p in PROBLEM_TYPES}


def type_uri(slug: str) -> str:
    return f"/docs#problem-{slug}"


@dataclass
class Problem(Exception):
    """Raise from a view to answer with a problem document; `extra` adds RFC 9457 extension members."""

    slug: str
    detail: str
    status: int | None = None
    title: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)

    def to_dict(self, request_id: str | None = None) -> dict[str, Any]:
        kind = BY_SLUG[self.slug]
        body = {
            "type": type_uri(self.slug),
            "title": self.title or kind.title,
            "status": self.status or kind.status,
            "detail": self.detail,
            **self.extra,
        }
        if request_id:
            body["request_id"] = request_id
        return body


def problem_response(problem: Problem, request_id: str | None = None) -> Response:
    body = problem.to_dict(request_id)
    response = Response(encode(body), status=body["status"], mimetype=PROBLEM_MEDIA_TYPE)
    response.headers.update(problem.headers)
    return response
