"""The model of this worker process: loaded once, in the background, so /readyz can say 503 until it is ready."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from api.problems import Problem

log = logging.getLogger("scorer.api")

# Seconds a client is told to wait (Retry-After) while the model is still loading.
RETRY_AFTER_SECONDS = 5


def public_reason(error: Exception) -> str:
    """What went wrong loading the model, in words fit for any client: no paths, digests or Python exception text
    (the server log has those)."""
    from scorer.model import ModelLoadError

    if isinstance(error, ModelLoadError):
        return str(error)  # written for any reader: it names no server path (the CLI adds the folder)
    if isinstance(error, FileNotFoundError):
        return "its folder or one of its files is missing"
    if isinstance(error, PermissionError):
        return "the server may not read its files"
    if isinstance(error, (ValueError, KeyError, TypeError)):
        return "a file in it is not in the expected format"
    return "it could not be loaded"


class ModelState:
    """Holds the model once `loader` has returned it, or the reason it could not be loaded and verified."""

    def __init__(self, loader: Callable[[], Any]):
        self._loader = loader
        self._done = threading.Event()
        self.model: Any = None
        self.error: str | None = None

    @classmethod
    def ready_with(cls, model: Any) -> ModelState:
        state = cls(lambda: model)
        state._load()
        return state

    def start(self) -> ModelState:
        threading.Thread(target=self._load, name="model-loader", daemon=True).start()
        return self

    def _load(self) -> None:
        try:
            self.model = self._loader()
            log.info("model loaded: %s", getattr(self.model, "version", "?"))
        except Exception as error:  # any failure to load or verify leaves the service up but not ready
            self.error = public_reason(error)
            log.error("model failed to load: %s: %s", type(error).__name__, error)
        finally:
            self._done.set()

    @property
    def ready(self) -> bool:
        return self._done.is_set() and self.model is not None

    def not_ready_problem(self) -> Problem:
        if self._done.is_set():
            return Problem("not-ready", f"the model failed to load: {self.error}; the server log has the details")
        return Problem("not-ready", "the model is still loading; retry shortly",
                       headers={"Retry-After": str(RETRY_AFTER_SECONDS)})

    def get(self, wait_seconds: float) -> Any:
        """The model, waiting up to `wait_seconds` for a load in progress; raises a 503 problem otherwise."""
        self._done.wait(wait_seconds)
        if self.model is None:
            raise self.not_ready_problem()
        return self.model
