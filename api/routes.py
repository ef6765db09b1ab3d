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
from api.schemas import ArticleIn, BatchEnvelope
from scorer.article import Article, ArticleError, from_dict

log = logging.getLogger("scorer.api")
bp = Blueprint("api", __name__)


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not valid JSON")


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
        return json.loads(text, parse_constant=_reject_constant)
    except RecursionError:
        raise Problem("malformed-json", "the JSON is nested too deeply") from None
    except ValueError as error:
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


def ingest(data: Any, prefix: tuple = ()) -> Article:
    """Schema-check one article, then read it with scorer's ingest; both failures become 422 problems."""
    article_in = validate(ArticleIn, data, prefix)
    try:
        return from_dict(article_in.as_article_dict())
    except ArticleError as error:
        raise Problem("invalid-article", str(error)) from None


def current_model() -> Any:
    return current_app.extensions["scorer_model"].get(current_app.config["MODEL_WAIT_SECONDS"])


@bp.post("/v1/score")
def score() -> Response:
    article = ingest(json_body())
    model = current_model()
    try:
        result = model.score(article)
    except ArticleError as error:
        raise Problem("invalid-article", str(error)) from None
    g.articles = 1
    metrics.ARTICLES.labels("scored").inc()
    return jsonify(result)


def _item_error(index: int, raw: Any, problem: Problem) -> dict[str, Any]:
    raw_id = raw.get("id") if isinstance(raw, dict) else None
    item_id = str(raw_id) if isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool) else None
    return {"index": index, "id": item_id, "error": problem.to_dict()}


def _ingest_item(index: int, raw: Any) -> Article | dict[str, Any]:
    try:
        return ingest(raw, ("articles", index))
    except Problem as problem:
        return _item_error(index, raw, problem)


def _score_each(model: Any, articles: list[Article]) -> list[dict[str, Any] | Problem]:
    """Fallback when score_many fails: score one by one so that one failing article fails alone."""
    out: list[dict[str, Any] | Problem] = []
    for article in articles:
        try:
            out.append(model.score(article))
        except ArticleError as error:
            out.append(Problem("invalid-article", str(error)))
        except Exception:
            log.exception("scoring one article of a batch failed (id %s)", article.id)
            out.append(Problem("internal-error", "scoring this article failed on the server"))
    return out


def _corroborated(model: Any, articles: list[Article], scored: list[Any]) -> list[Any]:
    """`"corroborate": true`: the scored results compared with each other (scorer.corroboration)."""
    from scorer.corroboration.corroborate import corroborate_results

    return corroborate_results(articles, scored, getattr(model, "bands", None))


@bp.post("/v1/score/batch")
def score_batch() -> Response:
    envelope = validate(BatchEnvelope, json_body())
    cap = current_app.config["MAX_BATCH"]
    if len(envelope.articles) > cap:
        raise Problem("batch-too-large", f"a batch holds at most {cap} articles; got {len(envelope.articles)}",
                      extra={"max_items": cap})
    items = [_ingest_item(i, raw) for i, raw in enumerate(envelope.articles)]
    articles = [item for item in items if isinstance(item, Article)]
    scored: list[Any] = []
    if articles:
        model = current_model()
        try:
            scored = model.score_many(articles)
        except Exception:
            log.exception("score_many failed; scoring the batch one article at a time")
            scored = _score_each(model, articles)
        if envelope.corroborate:
            scored = _corroborated(model, articles, scored)
    outcomes = iter(scored)
    results = []
    for index, item in enumerate(items):
        if isinstance(item, Article):
            outcome = next(outcomes)
            results.append(_item_error(index, {"id": item.id}, outcome) if isinstance(outcome, Problem) else outcome)
        else:
            results.append(item)
    n_scored = sum(1 for r in results if "error" not in r)
    g.articles = len(items)
    metrics.ARTICLES.labels("scored").inc(n_scored)
    metrics.ARTICLES.labels("rejected").inc(len(items) - n_scored)
    return jsonify({"results": results})


def _signal_info(entry: dict[str, Any]) -> dict[str, Any]:
    """One signal as /v1/model lists it: the catalog's words, the model's weight and where the weight came from."""
    from scorer.signals import UnknownSignalError, get_signal

    try:
        signal = get_signal(entry["name"])
        described = {"description": signal.description, "family": signal.family, "unit": signal.unit}
    except UnknownSignalError:
        described = {}
    weight = entry.get("coefficient", entry.get("weight"))
    return {
        "name": entry["name"],
        "description": entry.get("description") or described.get("description", ""),
        "family": entry.get("family") or described.get("family", ""),
        "unit": entry.get("unit") or described.get("unit", ""),
        "weight": weight if isinstance(weight, (int, float)) else None,
        "weight_source": entry.get("weight_kind") or entry.get("weight_source"),
    }


@bp.get("/v1/model")
def model_info() -> Response:
    from scorer.signals import SIGNAL_SET_VERSION

    model = current_model()
    metadata = dict(getattr(model, "metadata", None) or {})
    entries = [e for e in metadata.get("signals") or [] if isinstance(e, dict) and "name" in e]
    if not entries:  # a model without per-signal metadata: list the signals it scores with
        entries = [{"name": name} for name in getattr(model, "signal_names", ())]
    return jsonify({
        "version": model.version,
        "trained_at": metadata.get("trained_at") or metadata.get("created"),
        "signal_set_version": metadata.get("signal_set_version") or SIGNAL_SET_VERSION,
        "signals": [_signal_info(entry) for entry in entries],
        "metrics": metadata.get("metrics") if isinstance(metadata.get("metrics"), dict) else {},
        "metadata": metadata,
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
