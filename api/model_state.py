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
            self.error = f"{type(error).__name__}: {error}"
            log.error("model failed to load: %s", self.error)
        finally:
            self._done.set()

    @property
    def ready(self) -> bool:
        return self._done.is_set() and self.model is not None

    def not_ready_problem(self) -> Problem:
        if self._done.is_set():
            return Problem("not-ready", f"the model failed to load or verify ({self.error}); fix it and restart")
        return Problem("not-ready", "the model is still loading; retry shortly",
                       headers={"Retry-After": str(RETRY_AFTER_SECONDS)})

    def get(self, wait_seconds: float) -> Any:
        """The model, waiting up to `wait_seconds` for a load in progress; raises a 503 problem otherwise."""
        self._done.wait(wait_seconds)
        if self.model is None:
            raise self.not_ready_problem()
        return self.model
