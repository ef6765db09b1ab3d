"""Fixtures for the API tests, Flask-tutorial style: model -> app -> client."""

from __future__ import annotations

import pytest

from api import create_app


@pytest.fixture(scope="session")
def model():
    """The shipped default model, loaded and verified once for the whole session."""
    from scorer import load_model

    return load_model()


@pytest.fixture
def make_app(model):
    """Build an app with the loaded model and any config overrides (e.g. MAX_BATCH, API_KEY)."""

    def build(**config):
        return create_app({"TESTING": True, "MODEL": model, **config})

    return build


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()
