"""The editor's page: `GET /` and its static files (HTML, CSS, JS, sample articles), nothing fetched from elsewhere.

The page calls /v1/score and /v1/score/batch from the browser; this blueprint only serves files. Its responses carry
a Content-Security-Policy that allows this origin alone, so the page cannot load or send anything elsewhere.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, send_from_directory

STATIC = Path(__file__).parent / "static" / "editor"
# Only this origin: no inline script or style, no frames, no form posts elsewhere.
PAGE_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
               "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")

editor_bp = Blueprint("editor", __name__, static_folder=str(STATIC), static_url_path="/editor")


@editor_bp.after_request
def _protect(response: Response) -> Response:
    """Every response of this blueprint (the page and its files) gets the same-origin-only policy."""
    response.headers["Content-Security-Policy"] = PAGE_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@editor_bp.get("/")
def page() -> Response:
    return send_from_directory(STATIC, "index.html", mimetype="text/html", max_age=0)
