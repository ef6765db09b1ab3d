"""`scorer serve`: the API under gunicorn, with multiprocess Prometheus metrics and one model for the whole server.

The master resolves the model folder (models/DEFAULT -> a version folder) once at start and again on `kill -HUP`;
every worker it starts, including one that replaces a worker that died, serves that folder. The master never imports
the app: workers import it after the fork, so a reload starts from fresh modules and the master stays small.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import tempfile
from pathlib import Path

# Seconds one request may run before gunicorn kills and replaces its worker (a batch of 100 takes ~1 s).
DEFAULT_TIMEOUT = 30
# Threads per worker. Requests reach a thread only once read in full (scorer.serve_worker), so threads only score;
# a few let /healthz and small requests through while a thread scores a batch (scoring holds the GIL: processes
# give the parallelism).
DEFAULT_THREADS = 4
# Seconds a client has to send a whole request (scorer.serve_worker): a 2 MiB body needs ~1.7 Mbit/s.
DEFAULT_READ_TIMEOUT = 10.0
READ_TIMEOUT_ENV = "SCORER_READ_TIMEOUT"
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
MODEL_PATH_ENV = "SCORER_MODEL_PATH"

log = logging.getLogger("scorer.serve")
# The signals that stop a gunicorn worker (TERM: gracefully; INT, QUIT: at once).
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGQUIT)


def default_workers() -> int:
    """One worker process per core this process may run on: scoring is CPU-bound and holds the GIL."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


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


def pin_model(requested: str | None) -> str | None:
    """Resolve the model folder the workers will serve (a models/ folder with DEFAULT becomes the version folder
    DEFAULT names now) and put it in SCORER_MODEL_PATH, which forked workers inherit. None when it cannot be
    resolved: the workers then fail to load it and /readyz says so."""
    from scorer.model import default_models_dir, resolve_model_dir

    try:
        folder = str(resolve_model_dir(requested or default_models_dir()))
    except (OSError, ValueError) as error:
        log.error("cannot resolve the model folder: %s", error)
        return None
    os.environ[MODEL_PATH_ENV] = folder
    return folder


def stop_signals_end_a_booting_worker(server, worker) -> None:
    """gunicorn `post_fork` hook, run in a new worker: until gunicorn installs the worker's own handlers (after some
    set-up), a stop signal would reach the handler inherited from the master, which queues it for the master's loop,
    a loop that never runs in the worker: the signal was lost and the worker stayed. Until then, it ends the worker,
    which serves nothing yet."""
    for stop in STOP_SIGNALS:
        signal.signal(stop, signal.SIG_DFL)


def gunicorn_options(host: str, port: int, workers: int, timeout: int, metrics_dir: Path,
                     requested_model: str | None, threads: int = DEFAULT_THREADS) -> dict:
    # Imported here, in the master before any worker starts, not in the hook: gunicorn calls child_exit from its
    # SIGCHLD handler, and a second worker exiting during that first import re-entered it half-done (ImportError
    # on a partially initialised module, and the master went down).
    from prometheus_client import multiprocess

    def child_exit(server, worker) -> None:
        # Fold the dead worker's live gauges away (its counters stay counted). Never import the app in the master
        # (see the module docstring).
        multiprocess.mark_process_dead(worker.pid, str(metrics_dir))

    def when_ready(server) -> None:
        server.log.info("serving model %s", os.environ.get(MODEL_PATH_ENV))

    def on_reload(server) -> None:
        # `kill -HUP`: the new workers serve whatever DEFAULT names now.
        server.log.info("reload: serving model %s", pin_model(requested_model))

    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "scorer.serve_worker.BufferingWorker",
        "threads": threads,
        "timeout": timeout,
        "graceful_timeout": timeout,
        "accesslog": None,  # the app writes its own JSON line per request
        "errorlog": "-",
        "loglevel": "info",
        "post_fork": stop_signals_end_a_booting_worker,
        "child_exit": child_exit,
        "when_ready": when_ready,
        "on_reload": on_reload,
    }


def run_gunicorn(options: dict) -> None:
    from gunicorn.app.base import BaseApplication

    class ScorerApplication(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)
            # Then any gunicorn setting in GUNICORN_CMD_ARGS (e.g. "--max-requests 10000"), as gunicorn's own
            # command reads it; these win over the options above.
            from_env = self.cfg.parser().parse_args(self.cfg.get_cmd_args_from_env())
            for key, value in vars(from_env).items():
                if value is not None and key != "args":
                    self.cfg.set(key.lower(), value)

        def load(self):
            from api import create_app

            return create_app()

    ScorerApplication().run()


def serve(host: str, port: int, workers: int | None, timeout: int, read_timeout: float = DEFAULT_READ_TIMEOUT,
          threads: int = DEFAULT_THREADS) -> None:
    """Serve the HTTP API under gunicorn (env SCORER_* configures caps, model path, API key, CORS)."""
    os.environ[READ_TIMEOUT_ENV] = str(read_timeout)  # the workers read it (scorer.serve_worker)
    requested_model = os.environ.get(MODEL_PATH_ENV) or None
    pin_model(requested_model)
    folder, created = prepare_metrics_dir()
    master = os.getpid()
    try:
        run_gunicorn(gunicorn_options(host, port, workers or default_workers(), timeout, folder, requested_model,
                                      threads))
    finally:
        # A worker that exits leaves gunicorn through this same frame (it was forked inside run_gunicorn): only the
        # master may remove the folder the other workers are still writing to.
        if created and os.getpid() == master:
            shutil.rmtree(folder, ignore_errors=True)
