"""The HTTP API: `create_app(config=None)` builds the Flask app; `scorer serve` runs it under gunicorn."""

from api.app import create_app

__all__ = ["create_app"]
