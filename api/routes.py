"""The one blueprint: JSON in, JSON out; thin callers of scorer.to_article and the model's score/score_many."""

from __future__ import annotations

import json
import logging
from typing import Any

from flask import Blueprint, Response, current_app, g, jsonify, request
from pydantic import BaseModel, ValidationError
from werkzeug.exceptions import RequestEntityTooLarge

from api import metrics
from api.openapi import build_spec, docs_page
from api.problems import Problem
from api.schemas import ArticleIn, BatchEnvelope, ScoreRequest
from scorer.article import Article, ArticleError, from_dict
from scorer.model import ScoringError, field_texts
from scorer.report import with_utf16_offsets

log = logging.getLogger("scorer.api")
bp = Blueprint("api", __name__)


# Python's own cap on digits in an int (sys.get_int_max_str_digits), which json.loads would otherwise hit.
MAX_INT_DIGITS = 4300


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not valid JSON")


def _parse_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_INT_DIGITS:
        raise ValueError(f"a number in the body has more than {MAX_INT_DIGITS} digits")
    return int(digits)


def read_body(cap: int | None) -> bytes:
    """The raw body; 413 when it is over `cap`. Werkzeug refuses a declared Content-Length over the cap itself, but
    a chunked body (no Content-Length) is only cut at the cap, so look for one byte more."""
    raw = request.get_data(cache=False)
    if cap and request.content_length is None and len(raw) >= cap and request.environ["wsgi.input"].read(1):
        raise RequestEntityTooLarge()
    return raw


def json_body() -> Any:
    """The request's JSON document, or a 415/400/413 problem saying what is wrong with the body."""
    if not request.is_json:
        got = request.mimetype or "no Content-Type"
        raise Problem("unsupported-media-type", f"send the body as Content-Type: application/json (got {got})")
    raw = read_body(current_app.config["MAX_CONTENT_LENGTH"])
    if not raw.strip():
        raise Problem("malformed-json", "the request body is empty; send a JSON object")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise Problem("malformed-json", f"the body is not valid UTF-8 (at byte {error.start})") from None
    try:
        return json.loads(text, parse_constant=_reject_constant, parse_int=_parse_int)
    except RecursionError:
        raise Problem("malformed-json", "the JSON is nested too deeply") from None
    except json.JSONDecodeError as error:  # its own message and position only, never the text around it
        raise Problem("malformed-json", f"the body is not valid JSON: {error.msg} at line {error.lineno} "
                                        f"column {error.colno}") from None
    except ValueError as error:  # raised by _parse_int or _reject_constant, with their own words
        raise Problem("malformed-json", f"the body is not valid JSON: {error}") from None


def _location(loc: tuple) -> str:
    return ".".join(str(part) for part in loc) or "(body)"


def validation_errors(error: ValidationError, prefix: tuple = ()) -> list[dict[str, str]]:
    """Pydantic's errors as {loc, msg} pairs; the input values are left out (they may be article text)."""
    return [{"loc": _location(prefix + tuple(e["loc"])), "msg": e["msg"]}
            for e in error.errors(include_url=False, include_input=False, include_context=False)]


def invalid_request(error: ValidationError, prefix: tuple = ()) -> Problem:
    errors = validation_errors(error, prefix)
    summary = "; ".join(f"{e['loc']}: {e['msg']}" for e in errors[:5])
    return Problem("invalid-request", summary, extra={"errors": errors})


def validate(model: type[BaseModel], data: Any, prefix: tuple = ()) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise invalid_request(error, prefix) from None


def ingest(data: Any, prefix: tuple = (), schema: type[ArticleIn] = ArticleIn) -> tuple[Article, Any]:
    """Schema-check one article, then read it with scorer's ingest; both failures become 422 problems.
    Returns the Article and the validated request (for its options)."""
    article_in = validate(schema, data, prefix)
    try:
        return from_dict(article_in.as_article_dict()), article_in
    except ArticleError as error:
        raise Problem("invalid-article", str(error)) from None


def current_model() -> Any:
    return current_app.extensions["scorer_model"].get(current_app.config["MODEL_WAIT_SECONDS"])


def in_offsets(result: dict[str, Any], article: Article, offsets: str) -> dict[str, Any]:
    """The result with evidence offsets in the unit the caller asked for (the model counts code points)."""
    return with_utf16_offsets(result, field_texts(article)) if offsets == "utf16" else result


@bp.post("/v1/score")
def score() -> Response:
    article, request_in = ingest(json_body(), schema=ScoreRequest)
    model = current_model()
    try:
        result = model.score(article)
    except ArticleError as error:
        raise Problem("invalid-article", str(error)) from None
    g.articles = 1
    metrics.ARTICLES.labels("scored").inc()
    return jsonify(in_offsets(result, article, request_in.offsets))


def _item_error(index: int, raw: Any, problem: Problem) -> dict[str, Any]:
    raw_id = raw.get("id") if isinstance(raw, dict) else None
    item_id = str(raw_id) if isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool) else None
    return {"index": index, "id": item_id, "error": problem.to_dict()}


def _ingest_item(index: int, raw: Any) -> Article | dict[str, Any]:
    try:
        return ingest(raw, ("articles", index))[0]
    except Problem as problem:
        return _item_error(index, raw, problem)


def _outcome_problem(error: ArticleError) -> Problem:
    if isinstance(error, ScoringError):  # our fault: logged by the model, no internals in the answer
        return Problem("internal-error", "scoring this article failed on the server")
    return Problem("invalid-article", str(error))


def _score_each(model: Any, articles: list[Article], corroborate: bool) -> list[Any]:
    """One outcome per article; with `"corroborate": true` the articles are compared with each other
    (scorer.corroboration) and each result carries its `corroboration` object."""
    if not corroborate:
        return model.score_each(articles)
    from scorer.corroboration.model import CorroboratingModel

    return CorroboratingModel(model).score_each(articles)


@bp.post("/v1/score/batch")
def score_batch() -> Response:
    envelope = validate(BatchEnvelope, json_body())
    cap = current_app.config["MAX_BATCH"]
    if len(envelope.articles) > cap:
        raise Problem("batch-too-large", f"a batch holds at most {cap} articles; got {len(envelope.articles)}",
                      extra={"max_items": cap})
    items = [_ingest_item(i, raw) for i, raw in enumerate(envelope.articles)]
    articles = [item for item in items if isinstance(item, Article)]
    outcomes = iter(_score_each(current_model(), articles, envelope.corroborate) if articles else [])
    results = []
    for index, item in enumerate(items):
        if not isinstance(item, Article):
            results.append(item)
            continue
        outcome = next(outcomes)
        if isinstance(outcome, ArticleError):
            results.append(_item_error(index, {"id": item.id}, _outcome_problem(outcome)))
        else:
            results.append(in_offsets(outcome, item, envelope.offsets))
    n_scored = sum(1 for r in results if "error" not in r)
    g.articles = len(items)
    metrics.ARTICLES.labels("scored").inc(n_scored)
    metrics.ARTICLES.labels("rejected").inc(len(items) - n_scored)
    return jsonify({"results": results})


def _signal_info(signal: Any) -> dict[str, Any]:
    """One signal as /v1/model lists it: the catalog's words beside the model's numbers."""
    return {
        "name": signal.name,
        "description": signal.description,
        "family": signal.family,
        "unit": signal.unit,
        "direction": signal.direction,
        "weight_kind": signal.weight_kind,
        "reason": signal.reason,
        "coefficient": signal.coefficient,
        "reference": signal.reference,
        "scale": signal.scale,
        "clip": [signal.low, signal.high],
    }


@bp.get("/v1/model")
def model_info() -> Response:
    model = current_model()
    document = model.metadata
    return jsonify({
        "version": model.version,
        "signal_set_version": document.get("signal_set_version"),
        "signals": [_signal_info(signal) for signal in model.signals],
        "wording_terms": len((document.get("wording") or {}).get("terms", [])),
        "reputation": document.get("reputation"),
        "training": document.get("training") or {},
        "metrics": document.get("metrics") or {},
    })


@bp.get("/healthz")
def healthz() -> Response:
    return jsonify({"status": "ok"})


@bp.get("/readyz")
def readyz() -> Response:
    state = current_app.extensions["scorer_model"]
    if not state.ready:
        raise state.not_ready_problem()
    return jsonify({"status": "ready", "model_version": state.model.version})


@bp.get("/metrics")
def prometheus_metrics() -> Response:
    body, content_type = metrics.render()
    return Response(body, content_type=content_type)


def _spec() -> dict[str, Any]:
    config = current_app.config
    return build_spec(config["MAX_BATCH"], config["MAX_CONTENT_LENGTH"], bool(config["API_KEY"]))


@bp.get("/openapi.json")
def openapi() -> Response:
    return jsonify(_spec())


@bp.get("/docs")
def docs() -> Response:
    return Response(docs_page(_spec()), mimetype="text/html")
