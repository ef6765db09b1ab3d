"""`scorer serve`: the API under gunicorn (sync workers), with multiprocess Prometheus metrics set up."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

# Seconds a worker may spend on one request before gunicorn kills and replaces it (a batch of 100 takes ~1 s).
DEFAULT_TIMEOUT = 30
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"


def default_workers() -> int:
    """Gunicorn's advice for sync workers: 2 x cores + 1 (scoring holds the GIL, so processes, not threads)."""
    return 2 * (os.cpu_count() or 1) + 1


def prepare_metrics_dir() -> tuple[Path, bool]:
    """The shared folder where every worker writes its metric samples: PROMETHEUS_MULTIPROC_DIR if set (emptied
    of a previous run's files), else a fresh temporary folder. Returns the folder and whether we created it."""
    given = os.environ.get(MULTIPROC_ENV)
    if given:
        folder = Path(given)
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("*.db"):
            stale.unlink()
        return folder, False
    folder = Path(tempfile.mkdtemp(prefix="scorer-metrics-"))
    os.environ[MULTIPROC_ENV] = str(folder)
    return folder, True


def gunicorn_options(host: str, port: int, workers: int, timeout: int) -> dict:
    def child_exit(server, worker) -> None:
        from api.metrics import mark_worker_dead

        mark_worker_dead(worker.pid)

    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "sync",
        "timeout": timeout,
        "graceful_timeout": timeout,
        "accesslog": None,  # the app writes its own JSON line per request
        "errorlog": "-",
        "loglevel": "info",
        "child_exit": child_exit,
    }


def run_gunicorn(options: dict) -> None:
    from gunicorn.app.base import BaseApplication

    class ScorerApplication(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            from api import create_app

            return create_app()

    ScorerApplication().run()


def serve(host: str, port: int, workers: int | None, timeout: int) -> None:
    """Serve the HTTP API under gunicorn (env SCORER_* configures caps, model path, API key, CORS)."""
    folder, created = prepare_metrics_dir()
    try:
        run_gunicorn(gunicorn_options(host, port, workers or default_workers(), timeout))
    finally:
        if created:
            shutil.rmtree(folder, ignore_errors=True)
