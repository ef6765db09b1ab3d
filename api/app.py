"""The application factory: config, the blueprint, problem+json errors, request ids, JSON logs, metrics, CORS."""

from __future__ import annotations

import hmac
import json
import logging
import re
import sys
import time
import uuid
from typing import Any

from flask import Flask, Response, current_app, g, request
from flask_cors import CORS
from werkzeug.exceptions import HTTPException

from api import config as settings
from api import metrics
from api.editor import editor_bp
from api.json_provider import OrjsonProvider
from api.model_state import ModelState
from api.problems import BY_SLUG, Problem, problem_response
from api.routes import bp

log = logging.getLogger("scorer.api")
access_log = logging.getLogger("scorer.api.access")

# A caller's X-Request-ID is echoed only if it looks like an id (no spaces, no control characters, not huge).
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# HTTP statuses werkzeug raises that have a problem type of their own.
_HTTP_SLUGS = {404: "not-found", 405: "method-not-allowed", 413: "body-too-large", 415: "unsupported-media-type"}
_CORS_HEADERS = ["Content-Type", "X-API-Key", "X-Request-ID"]


def _default_loader(app: Flask):
    from scorer.model import ModelRef  # loads the model, then freezes start-up objects: this worker only scores

    return ModelRef(app.config["MODEL_PATH"])


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the API. `config` overrides the SCORER_* environment (keys as in api.config), plus for tests:
    MODEL (a ready model object) or MODEL_LOADER (a callable returning one, run in the background)."""
    app = Flask(__name__, static_folder=None)  # the editor blueprint serves its own files, with its headers
    app.config.update(settings.from_env())
    app.config.update(config or {})
    app.json = OrjsonProvider(app)  # compact, keeps the result's documented key order
    if app.config.get("MODEL") is not None:
        state = ModelState.ready_with(app.config["MODEL"])
    else:
        state = ModelState(app.config.get("MODEL_LOADER") or _default_loader(app)).start()
    app.extensions["scorer_model"] = state
    _setup_access_log()
    app.register_blueprint(bp)
    app.register_blueprint(editor_bp)  # the editor's page at GET / (api/editor.py)
    app.before_request(_start_request)
    app.after_request(_finish_request)
    app.teardown_request(_end_request)
    app.register_error_handler(Problem, _problem)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)
    if app.config["CORS_ORIGINS"]:  # off unless an allow-list is configured
        origins = list(app.config["CORS_ORIGINS"])
        CORS(app, origins=origins, allow_headers=_CORS_HEADERS, expose_headers=["X-Request-ID"],
             methods=["GET", "POST", "OPTIONS"], max_age=600, always_send=False)  # fmt: skip
    return app


def _setup_access_log() -> None:
    if not access_log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        access_log.addHandler(handler)
        access_log.setLevel(logging.INFO)
        access_log.propagate = False


def _request_id() -> str:
    given = request.headers.get("X-Request-ID", "")
    return given if _REQUEST_ID.fullmatch(given) else uuid.uuid4().hex


def _start_request() -> None:
    metrics.IN_PROGRESS.inc()
    g.in_progress = True
    g.started = time.perf_counter()
    g.request_id = _request_id()
    g.articles = 0
    key = current_app.config["API_KEY"]
    if key and request.path.startswith("/v1/") and request.method != "OPTIONS":
        given = request.headers.get(settings.API_KEY_HEADER, "")
        if not hmac.compare_digest(given.encode("utf-8", "replace"), str(key).encode("utf-8")):
            raise Problem("unauthorized", f"send the API key in the {settings.API_KEY_HEADER} header")


def _route() -> str:
    return request.url_rule.rule if request.url_rule is not None else "unmatched"


def _finish_request(response: Response) -> Response:
    duration = time.perf_counter() - g.get("started", time.perf_counter())
    request_id = g.get("request_id") or _request_id()
    route = _route()
    response.headers["X-Request-ID"] = request_id
    metrics.REQUESTS.labels(route, request.method, str(response.status_code)).inc()
    metrics.LATENCY.labels(route).observe(duration)
    access_log.info(json.dumps({
        "ts": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "method": request.method,
        "path": request.path[:200],
        "route": route,
        "status": response.status_code,
        "duration_ms": round(duration * 1000, 2),
        "articles": g.get("articles", 0),
        "request_id": request_id,
    }))
    return response


def _end_request(error: BaseException | None) -> None:
    """Runs after every request, even one whose response failed: the in-progress gauge must come back down."""
    if g.pop("in_progress", False):
        metrics.IN_PROGRESS.dec()


def _problem(problem: Problem) -> Response:
    return problem_response(problem, g.get("request_id"))


def _http_error(error: HTTPException) -> Response:
    status = error.code or 500
    slug = _HTTP_SLUGS.get(status, "internal-error" if status >= 500 else "http-error")
    detail = _HTTP_DETAILS.get(status, error.description or error.name)
    if status == 413:
        detail = f"the request body is over the {current_app.config['MAX_CONTENT_LENGTH']}-byte cap"
    title = BY_SLUG[slug].title if slug != "http-error" else error.name
    problem = Problem(slug, detail, status=status, title=title)
    response = problem_response(problem, g.get("request_id"))
    if status == 405:
        allow = error.get_response().headers.get("Allow")
        if allow:
            response.headers["Allow"] = allow
    return response


_HTTP_DETAILS = {
    404: "no route has this path; GET /openapi.json lists the routes",
    405: "this route does not take this method; the Allow header lists the ones it does",
}


def _unexpected_error(error: Exception) -> Response:
    log.exception("unhandled error (request id %s)", g.get("request_id"))
    problem = Problem("internal-error", "the server failed while handling this request; quote the request id")
    return problem_response(problem, g.get("request_id"))
