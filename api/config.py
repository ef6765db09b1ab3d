"""Configuration from environment variables with the prefix SCORER_, overridable by `create_app(config)`.

| variable               | config key         | default            | meaning                                        |
|------------------------|--------------------|--------------------|------------------------------------------------|
| SCORER_MODEL_PATH      | MODEL_PATH         | shipped default    | model folder to load                           |
| SCORER_MAX_BODY_BYTES  | MAX_CONTENT_LENGTH | 2097152 (2 MiB)    | request bodies above this get 413              |
| SCORER_MAX_BATCH       | MAX_BATCH          | 100                | articles per /v1/score/batch call              |
| SCORER_API_KEY         | API_KEY            | unset (no key)     | when set, /v1/* needs it in the X-API-Key header |
| SCORER_CORS_ORIGINS    | CORS_ORIGINS       | empty (CORS off)   | comma-separated allowed origins, or `*`        |
| SCORER_MODEL_WAIT      | MODEL_WAIT_SECONDS | 60                 | how long a request waits for a loading model   |
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any

PREFIX = "SCORER_"
# 2 MiB: a long article with its HTML page is well under 1 MiB; a batch of 100 plain-text articles fits.
DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024
# 100 articles take about a second to score on one core: long enough for one request.
DEFAULT_MAX_BATCH = 100
# A worker loads the model in well under this; a request arriving meanwhile waits instead of failing.
DEFAULT_MODEL_WAIT_SECONDS = 60.0
API_KEY_HEADER = "X-API-Key"


class ConfigError(ValueError):
    """An environment variable holds a value the service cannot use; the message names it."""


def _positive_int(name: str) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        try:
            value = int(raw)
        except ValueError:
            raise ConfigError(f"{PREFIX}{name} must be a whole number, got {raw!r}") from None
        if value < 1:
            raise ConfigError(f"{PREFIX}{name} must be at least 1, got {value}")
        return value

    return parse


def _positive_float(name: str) -> Callable[[str], float]:
    def parse(raw: str) -> float:
        try:
            value = float(raw)
        except ValueError:
            raise ConfigError(f"{PREFIX}{name} must be a number of seconds, got {raw!r}") from None
        if not value > 0:
            raise ConfigError(f"{PREFIX}{name} must be positive, got {raw!r}")
        return value

    return parse


def _origins(raw: str) -> tuple[str, ...]:
    return tuple(origin.strip().rstrip("/") for origin in raw.split(",") if origin.strip())


def _text(raw: str) -> str | None:
    return raw or None


# env suffix -> (config key, parser, default)
SETTINGS: dict[str, tuple[str, Callable[[str], Any], Any]] = {
    "MODEL_PATH": ("MODEL_PATH", _text, None),
    "MAX_BODY_BYTES": ("MAX_CONTENT_LENGTH", _positive_int("MAX_BODY_BYTES"), DEFAULT_MAX_BODY_BYTES),
    "MAX_BATCH": ("MAX_BATCH", _positive_int("MAX_BATCH"), DEFAULT_MAX_BATCH),
    "API_KEY": ("API_KEY", _text, None),
    "CORS_ORIGINS": ("CORS_ORIGINS", _origins, ()),
    "MODEL_WAIT": ("MODEL_WAIT_SECONDS", _positive_float("MODEL_WAIT"), DEFAULT_MODEL_WAIT_SECONDS),
}


def from_env(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Config keys and values read from SCORER_* variables, with defaults for the unset ones."""
    environ = os.environ if environ is None else environ
    config = {}
    for suffix, (key, parse, default) in SETTINGS.items():
        raw = environ.get(PREFIX + suffix)
        config[key] = default if raw is None else parse(raw.strip())
    return config
