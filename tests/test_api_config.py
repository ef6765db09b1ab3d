"""Configuration, API key, CORS, readiness, request ids, JSON access logs and in-process metrics."""

from __future__ import annotations

import json
import logging
import re
import shutil
import threading
from pathlib import Path

import pytest

from api import create_app
from api.config import ConfigError, from_env
from tests.test_api import ExplodingModel

ARTICLE = {"title": "Bridge reopens", "text": "The bridge reopened on Friday after repairs, the roads agency said."}


# --- configuration from SCORER_* variables ---

def test_defaults_when_nothing_is_set():
    assert from_env({}) == {"MODEL_PATH": None, "MAX_CONTENT_LENGTH": 2 * 1024 * 1024, "MAX_BATCH": 100,
                            "API_KEY": None, "CORS_ORIGINS": (), "MODEL_WAIT_SECONDS": 60.0}


def test_values_are_parsed():
    config = from_env({"SCORER_MAX_BATCH": " 5 ", "SCORER_MAX_BODY_BYTES": "1000", "SCORER_API_KEY": "123",
                       "SCORER_CORS_ORIGINS": "https://cms.example/, https://b.example", "SCORER_MODEL_WAIT": "0.5",
                       "SCORER_MODEL_PATH": "/srv/models"})
    assert config == {"MODEL_PATH": "/srv/models", "MAX_CONTENT_LENGTH": 1000, "MAX_BATCH": 5, "API_KEY": "123",
                      "CORS_ORIGINS": ("https://cms.example", "https://b.example"), "MODEL_WAIT_SECONDS": 0.5}


@pytest.mark.parametrize(("name", "value"), [("SCORER_MAX_BATCH", "ten"), ("SCORER_MAX_BATCH", "0"),
                                             ("SCORER_MAX_BATCH", "-3"), ("SCORER_MAX_BODY_BYTES", "2MB"),
                                             ("SCORER_MAX_BODY_BYTES", ""), ("SCORER_MODEL_WAIT", "nan"),
                                             ("SCORER_MODEL_WAIT", "-1")])
def test_bad_values_name_the_variable(name, value):
    with pytest.raises(ConfigError, match=name):
        from_env({name: value})


def test_create_app_reads_the_environment(monkeypatch, model):
    monkeypatch.setenv("SCORER_MAX_BATCH", "1")
    client = create_app({"MODEL": model}).test_client()
    assert client.post("/v1/score/batch", json={"articles": [ARTICLE, ARTICLE]}).status_code == 413


# --- API key ---

@pytest.mark.parametrize(("headers", "status"), [({}, 401), ({"X-API-Key": ""}, 401), ({"X-API-Key": "wrong"}, 401),
                                                 ({"X-API-Key": "s3cret "}, 401), ({"X-API-Key": "ключ"}, 401),
                                                 ({"X-API-Key": "s3cret"}, 200)])
def test_api_key_is_required_on_v1_routes_when_configured(make_app, headers, status):
    client = make_app(API_KEY="s3cret").test_client()
    response = client.post("/v1/score", json=ARTICLE, headers=headers)
    assert response.status_code == status
    if status == 401:
        assert response.mimetype == "application/problem+json"
        assert response.get_json()["type"] == "/docs#problem-unauthorized"
    assert client.get("/v1/model", headers=headers).status_code == status


def test_health_metrics_and_docs_need_no_key(make_app):
    client = make_app(API_KEY="s3cret").test_client()
    for path in ("/healthz", "/readyz", "/metrics", "/openapi.json", "/docs"):
        assert client.get(path).status_code == 200, path


def test_no_key_needed_by_default(client):
    assert client.post("/v1/score", json=ARTICLE).status_code == 200


# --- CORS ---

def test_cors_is_off_by_default(client):
    response = client.post("/v1/score", json=ARTICLE, headers={"Origin": "https://cms.example"})
    assert "Access-Control-Allow-Origin" not in response.headers


@pytest.mark.parametrize(("origin", "allowed"), [("https://cms.example", True), ("https://evil.example", False),
                                                 ("https://cms.example.evil", False), ("", False)])
def test_cors_allow_list(make_app, origin, allowed):
    client = make_app(CORS_ORIGINS=("https://cms.example",)).test_client()
    response = client.post("/v1/score", json=ARTICLE, headers={"Origin": origin} if origin else {})
    assert (response.headers.get("Access-Control-Allow-Origin") == origin) is allowed
    preflight = client.options("/v1/score", headers={"Origin": origin, "Access-Control-Request-Method": "POST",
                                                     "Access-Control-Request-Headers": "Content-Type, X-API-Key"})
    assert preflight.status_code == 200
    assert ("X-API-Key" in preflight.headers.get("Access-Control-Allow-Headers", "")) is allowed


def test_preflight_needs_no_api_key(make_app):
    client = make_app(API_KEY="k", CORS_ORIGINS=("https://cms.example",)).test_client()
    response = client.options("/v1/score", headers={"Origin": "https://cms.example"})
    assert response.status_code == 200 and response.headers["Access-Control-Allow-Origin"] == "https://cms.example"


# --- readiness ---

def test_readyz_is_503_while_the_model_loads_then_200(model):
    release = threading.Event()

    def slow_loader():
        release.wait(10)
        return model

    client = create_app({"MODEL_LOADER": slow_loader, "MODEL_WAIT_SECONDS": 0.05}).test_client()
    assert client.get("/healthz").status_code == 200
    loading = client.get("/readyz")
    assert loading.status_code == 503 and loading.mimetype == "application/problem+json"
    assert loading.headers["Retry-After"] == "5"
    assert loading.get_json()["type"] == "/docs#problem-not-ready"
    assert client.post("/v1/score", json=ARTICLE).status_code == 503
    release.set()
    assert client.post("/v1/score", json=ARTICLE).status_code == 200  # waits for the load to finish
    assert client.get("/readyz").status_code == 200


def test_a_request_during_loading_waits_for_the_model(model):
    release = threading.Event()
    client = create_app({"MODEL_LOADER": lambda: release.wait(10) and model, "MODEL_WAIT_SECONDS": 10}).test_client()
    threading.Timer(0.2, release.set).start()
    assert client.post("/v1/score", json=ARTICLE).status_code == 200


def test_a_tampered_model_file_never_becomes_ready(tmp_path, model):
    folder = tmp_path / "model"
    shutil.copytree(model.path, folder)
    with open(folder / "model.json", "ab") as handle:
        handle.write(b"tampered")
    client = create_app({"MODEL_PATH": str(folder), "MODEL_WAIT_SECONDS": 30}).test_client()
    response = client.post("/v1/score", json=ARTICLE)
    assert response.status_code == 503
    assert "does not match" in response.get_json()["detail"] and str(tmp_path) not in response.get_data(as_text=True)
    ready = client.get("/readyz")
    assert ready.status_code == 503 and "Retry-After" not in ready.headers
    assert client.get("/healthz").status_code == 200


def test_a_missing_model_folder_is_reported(tmp_path):
    client = create_app({"MODEL_PATH": str(tmp_path / "absent"), "MODEL_WAIT_SECONDS": 30}).test_client()
    assert client.post("/v1/score", json=ARTICLE).status_code == 503
    assert "no model found" in client.get("/readyz").get_json()["detail"]


# --- request ids and logs ---

@pytest.mark.parametrize(("given", "echoed"), [("abc-123", True), ("req.42:7_x", True), ("has space", False),
                                               ("x" * 129, False), ("", False), ("ü", False)])
def test_request_id_is_echoed_when_it_looks_like_an_id(client, given, echoed):
    response = client.get("/healthz", headers={"X-Request-ID": given})
    rid = response.headers["X-Request-ID"]
    assert (rid == given) is echoed
    if not echoed:
        assert re.fullmatch(r"[0-9a-f]{32}", rid)


@pytest.fixture
def access_lines():
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(record.getMessage())

    handler = Collect()
    logger = logging.getLogger("scorer.api.access")
    logger.addHandler(handler)
    yield lines
    logger.removeHandler(handler)


def test_one_json_log_line_per_request_without_article_text(client, access_lines):
    secret = "Zanzibar quokka treaty"
    client.post("/v1/score", json={"text": f"The {secret} was signed, officials said."},
                headers={"X-Request-ID": "r-1"})
    client.post("/v1/score/batch", json={"articles": [{"text": secret}, {"text": 3}]})
    client.post("/v1/score", json={"text": 5, "title": secret})
    assert len(access_lines) == 3
    records = [json.loads(line) for line in access_lines]
    assert records[0] == {**records[0], "method": "POST", "path": "/v1/score", "status": 200, "articles": 1,
                          "request_id": "r-1"}
    assert records[1]["articles"] == 2 and records[2]["status"] == 422
    assert all(isinstance(r["duration_ms"], float) for r in records)
    assert not any(secret in line for line in access_lines)


# --- metrics (in-process, single worker) ---

def _sample(text: str, name: str, **labels: str) -> float:
    """The value of one sample in Prometheus text format (0 when the series does not exist yet)."""
    for line in text.splitlines():
        if line.startswith((name + "{", name + " ")) and all(f'{k}="{v}"' in line for k, v in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_metrics_count_requests_by_route_and_status_and_articles(client):
    def read():
        return client.get("/metrics").get_data(as_text=True)

    before = read()
    client.post("/v1/score", json=ARTICLE)
    client.post("/v1/score", json={"text": 1})
    client.post("/v1/score/batch", json={"articles": [ARTICLE, ARTICLE, {"text": ""}]})
    client.get("/nowhere")
    after = read()
    route_ok = {"route": "/v1/score", "method": "POST", "status": "200"}
    for labels, delta in [(route_ok, 1), ({**route_ok, "status": "422"}, 1),
                          ({"route": "/v1/score/batch", "method": "POST", "status": "200"}, 1),
                          ({"route": "unmatched", "method": "GET", "status": "404"}, 1)]:
        assert _sample(after, "scorer_http_requests_total", **labels) - \
            _sample(before, "scorer_http_requests_total", **labels) == delta, labels
    assert _sample(after, "scorer_articles_total", outcome="scored") - \
        _sample(before, "scorer_articles_total", outcome="scored") == 3
    assert _sample(after, "scorer_articles_total", outcome="rejected") - \
        _sample(before, "scorer_articles_total", outcome="rejected") == 1
    assert _sample(after, "scorer_http_request_duration_seconds_count", route="/v1/score") - \
        _sample(before, "scorer_http_request_duration_seconds_count", route="/v1/score") == 2


class _GaugeReadingModel(ExplodingModel):
    """ExplodingModel ("EXPLODE" makes it fail) that reads the in-progress gauge each time it scores."""

    def __init__(self, model):
        super().__init__(model)
        self.seen: list[float] = []

    def score(self, article):
        from api.metrics import render

        self.seen.append(_sample(render()[0].decode(), "scorer_http_requests_in_progress"))
        return super().score(article)


@pytest.mark.parametrize(("method", "path", "kwargs", "status"), [
    ("post", "/v1/score", {"json": ARTICLE}, 200),
    ("post", "/v1/score", {"json": {"text": 1}}, 422),
    ("post", "/v1/score", {"json": {"text": "Please EXPLODE now."}}, 500),
    ("post", "/v1/score", {"data": b"x" * 3000, "content_type": "application/json"}, 413),
    ("post", "/v1/score", {"json": ARTICLE, "headers": {"X-API-Key": "wrong"}}, 401),
    ("get", "/v1/score", {}, 405),
    ("get", "/nowhere", {}, 404),
    ("get", "/metrics", {}, 200),
])
def test_in_progress_gauge_is_up_during_a_request_and_back_down_after_any_outcome(make_app, model, method, path,
                                                                                   kwargs, status):
    scorer = _GaugeReadingModel(model)
    client = make_app(MODEL=scorer, API_KEY="right" if "headers" in kwargs else None,
                      MAX_CONTENT_LENGTH=2000).test_client()
    # A scrape is itself in progress while it renders: 1 means no other request is, and none was left counted.
    assert _sample(client.get("/metrics").get_data(as_text=True), "scorer_http_requests_in_progress") == 1
    assert getattr(client, method)(path, **kwargs).status_code == status
    assert _sample(client.get("/metrics").get_data(as_text=True), "scorer_http_requests_in_progress") == 1
    assert scorer.seen == ([1.0] if status in (200, 500) and path == "/v1/score" else [])


# --- the serve command ---

def test_serve_help_and_defaults():
    from click.testing import CliRunner

    from scorer.cli import cli
    from scorer.serve import default_workers, gunicorn_options

    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--workers" in result.output and "--port" in result.output
    assert "one per core" in result.output and default_workers() >= 1
    options = gunicorn_options("127.0.0.1", 8123, 3, 30, Path("/tmp/metrics"), None)
    assert options["bind"] == "127.0.0.1:8123" and options["timeout"] == 30 and options["workers"] == 3
    assert options["worker_class"] == "scorer.serve_worker.BufferingWorker" and options["threads"] == 4


@pytest.mark.parametrize("args", [["--workers", "0"], ["--port", "70000"], ["--timeout", "0"]])
def test_serve_rejects_bad_options(args):
    from click.testing import CliRunner

    from scorer.cli import cli

    result = CliRunner().invoke(cli, ["serve", *args])
    assert result.exit_code == 2


def test_metrics_dir_is_emptied_of_a_previous_run(tmp_path, monkeypatch):
    from scorer.serve import prepare_metrics_dir

    (tmp_path / "counter_123.db").write_bytes(b"old")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    assert prepare_metrics_dir() == (tmp_path, False)
    assert not list(tmp_path.glob("*.db"))
