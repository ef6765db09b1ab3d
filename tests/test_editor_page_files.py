"""The editor's page as files the API serves: what GET / returns, its policy headers, and what the files may name."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from api.editor import STATIC

FILES = sorted(p for p in STATIC.rglob("*") if p.is_file())
# An address that would make the browser reach outside the server: a scheme, or a protocol-relative URL.
OUTSIDE = re.compile(r"""\b(?:https?|wss?|ftp):|["'(]\s*//[^/]""", re.IGNORECASE)


def test_the_page_is_served_at_the_root_with_a_same_origin_policy(client):
    response = client.get("/")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    for hook in ("article-title", "article-text", "score-button"):
        assert f'data-testid="{hook}"' in page
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "connect-src 'self'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "http" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(("path", "mimetype"), [
    ("/editor/editor.css", "text/css"),
    ("/editor/js/main.js", "text/javascript"),
    ("/editor/js/result.js", "text/javascript"),
    ("/editor/js/render.js", "text/javascript"),
    ("/editor/samples.json", "application/json"),
])
def test_each_static_file_is_served_with_the_policy(client, path, mimetype):
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == mimetype
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/editor/", "/editor/nope.js", "/editor/../app.py", "/editor/js/../../editor.py",
                                  "/editor/%2e%2e/app.py", "/index.html", "/editor/" + "a" * 2000])
def test_paths_outside_the_editors_files_are_not_found(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "def create_app" not in response.get_data(as_text=True)


def test_the_api_routes_are_unchanged_by_the_page(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
    assert client.post("/").status_code == 405


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(STATIC)))
def test_no_file_names_an_outside_address(path: Path):
    text = path.read_text("utf-8")
    assert OUTSIDE.findall(text) == []


def test_every_module_the_page_imports_exists():
    for path in STATIC.glob("js/*.js"):
        for name in re.findall(r'from "\./([\w.]+)"', path.read_text("utf-8")):
            assert (path.parent / name).is_file(), f"{path.name} imports {name}"
    page = (STATIC / "index.html").read_text("utf-8")
    for ref in re.findall(r'(?:src|href)="(/editor/[^"]+)"', page):
        assert (STATIC / ref.removeprefix("/editor/")).is_file(), ref


def test_the_samples_are_scoreable_articles_and_a_comparable_story(client):
    samples = json.loads((STATIC / "samples.json").read_text("utf-8"))
    assert len(samples["articles"]) >= 3 and 2 <= len(samples["versions"]) <= 5
    bodies = [s["article"] for s in samples["articles"]]
    assert any("html" in body for body in bodies) and any("text" in body for body in bodies)
    for body in bodies:
        response = client.post("/v1/score", json=body)
        assert response.status_code == 200, body.get("title")
    versions = [{k: v for k, v in version.items() if k != "label"} for version in samples["versions"]]
    results = client.post("/v1/score/batch", json={"articles": versions}).get_json()["results"]
    assert all("score" in r for r in results)
    assert len({v["source"] for v in samples["versions"]}) == len(samples["versions"])  # distinct outlets
