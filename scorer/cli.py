"""The `scorer` command: every subcommand is defined here and is a thin caller of a library function.

Modules that are slow to import (scikit-learn and pandas for training, gunicorn, dask, trafilatura) are imported
inside the command that needs them, so `scorer --help` and `scorer score` do not pay for them.

Exit codes, the same for every command: 0 done; 1 some items could not be scored (batch); 2 a usage error (bad
option, unreadable input, bad training data); 3 the model cannot be loaded (missing, altered or unusable).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import NoReturn

import click

from scorer import __version__
from scorer.corroboration import WINDOW
from scorer.serve import DEFAULT_READ_TIMEOUT, DEFAULT_THREADS, DEFAULT_TIMEOUT, READ_TIMEOUT_ENV

EXIT_ITEMS_FAILED = 1
EXIT_USAGE = 2
EXIT_MODEL = 3
INPUT_FORMATS = ("auto", "text", "json", "html")
OUTPUT_FORMATS = ("jsonl", "csv")
DEFAULT_TOP = 5


def fail(message: str, code: int) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    raise SystemExit(code)


def model_failure(error) -> NoReturn:
    """Exit 3 for any ModelLoadError, naming the folder (the error's own message names no path)."""
    where = f" ({error.folder})" if error.folder else ""
    fail(f"the model could not be loaded: {error}{where}", EXIT_MODEL)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="scorer")
def cli() -> None:
    """Score the credibility of news articles, with the reasons behind each score."""


# --- score -----------------------------------------------------------------------------------------------------


def detect_format(content: str) -> str:
    """JSON if it starts with '{', HTML if it starts with a tag, else plain text."""
    head = content.lstrip()[:200].lower()
    if head.startswith("{"):
        return "json"
    if head.startswith(("<!doctype html", "<html", "<head", "<body", "<article", "<div", "<p>", "<p ")):
        return "html"
    return "text"


def read_article(raw: bytes, fmt: str = "auto", title: str | None = None):
    """One Article from the bytes of a file; ArticleError says what is wrong with it."""
    from scorer.article import ArticleError, decode_bytes, from_dict, from_html, from_text

    content = decode_bytes(raw)
    fmt = detect_format(content) if fmt == "auto" else fmt
    if fmt == "json":
        try:
            obj = json.loads(content)
        except json.JSONDecodeError as error:
            raise ArticleError(f"input is not valid JSON: {error}") from None
        if title is not None and isinstance(obj, dict):
            obj = {**obj, "title": title}
        return from_dict(obj)
    if fmt == "html":
        return from_html(content, **({"title": title} if title else {}))
    return from_text(content, title=title or "")


@cli.command("score")
@click.argument("source", type=click.Path(allow_dash=True, dir_okay=False, path_type=Path), default="-")
@click.option("--format", "fmt", type=click.Choice(INPUT_FORMATS), default="auto", show_default=True,
              help="Input format; auto: JSON if it starts with '{', HTML if it starts with a tag, else text.")
@click.option("--title", default=None, help="Headline, for plain-text input (overrides a JSON/HTML title).")
@click.option("--json", "as_json", is_flag=True, help="Print the full result as JSON.")
@click.option("--top", type=click.IntRange(min=1), default=DEFAULT_TOP, show_default=True,
              help="Reasons shown in the readable output.")
@click.option("--model", "model_path", type=click.Path(path_type=Path), default=None,
              help="A model folder (default: $SCORER_MODEL_PATH or the shipped model).")
def score_command(source: Path, fmt: str, title: str | None, as_json: bool, top: int, model_path: Path | None) -> None:
    """Score one article from a file or stdin (-): text, JSON ({"title", "text"|"html", ...}) or HTML."""
    from scorer.article import ArticleError
    from scorer.model import ModelLoadError, load_model
    from scorer.report import format_result

    try:
        raw = sys.stdin.buffer.read() if str(source) == "-" else source.read_bytes()
    except OSError as error:
        fail(f"cannot read {source}: {error.strerror}", EXIT_USAGE)
    try:
        article = read_article(raw, fmt, title)
    except ArticleError as error:
        fail(str(error), EXIT_USAGE)
    try:
        model = load_model(model_path)
    except ModelLoadError as error:
        model_failure(error)
    result = model.score(article)
    click.echo(json.dumps(result, indent=2, ensure_ascii=False) if as_json else format_result(result, top))


# --- batch -----------------------------------------------------------------------------------------------------


@cli.command("batch")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Output file: one record per input item (JSONL, or CSV when it ends in .csv).")
@click.option("--format", "fmt", type=click.Choice(OUTPUT_FORMATS), default=None,
              help="Output format (default: by extension).")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes (Dask: LocalCluster workers).")
@click.option("--resume", is_flag=True, help="Keep the records already in OUT and score only the remaining items.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Score in local processes or on a Dask cluster.")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Dask scheduler address (default: start a LocalCluster). Implies --engine dask.")
@click.option("--model", "model_path", type=click.Path(), default=None,
              help="Model folder or file (default: the shipped model; env SCORER_MODEL_PATH).")
@click.option("--chunk-size", type=click.IntRange(min=1), default=None, hidden=True,
              help="Items per scoring chunk (default: scorer.batch.CHUNK_SIZE).")
@click.option("--corroborate", is_flag=True,
              help="Compare the versions of each story among every --corroborate-window items; records carry a "
                   "`corroboration` object and an uncorroborated_claims reason (JSONL output).")
@click.option("--corroborate-window", "window", type=click.IntRange(min=2), default=WINDOW, show_default=True,
              help="Items compared with each other by --corroborate.")
def batch_command(inputs, output, fmt, workers, resume, engine, scheduler, model_path, chunk_size,
                  corroborate, window) -> None:
    """Score every item of feeds, JSONL or CSV files, directories, URLs or stdin (-) into OUT.

    One record per input item: the score, band and top reasons, or an error record with the reason and where
    the item came from. Ends with a summary on stderr. Exit code 0 when every item was scored, 1 when any
    item failed, 2 for usage errors, 3 when the model cannot be loaded.
    """
    from concurrent.futures import BrokenExecutor

    from scorer.batch import CHUNK_SIZE, BatchOptions, UsageError, run_batch, with_corroboration
    from scorer.model import ModelLoadError, ModelRef, cached_model, resolve_model_dir

    try:
        # One concrete model folder for every process: a DEFAULT repointed mid-run cannot mix two versions.
        factory = ModelRef(str(resolve_model_dir(model_path)))
        cached_model(factory)  # fail fast, in this process, on a missing or altered model
    except ModelLoadError as error:
        model_failure(error)
    engine = "dask" if scheduler else engine
    options = BatchOptions(list(inputs), output, fmt, workers, resume, engine, scheduler,
                           chunk_size=chunk_size or CHUNK_SIZE)
    try:
        if corroborate:
            factory, options = with_corroboration(factory, options, window)
        summary = run_batch(options, factory)
    except UsageError as error:
        raise click.UsageError(str(error)) from None
    except KeyboardInterrupt:
        click.echo(f"interrupted: every record in {output} is complete; rerun with --resume to finish", err=True)
        sys.exit(130)
    except BrokenExecutor as error:
        fail(f"a worker process died ({error}); every record in {output} is complete; rerun with --resume to finish",
             EXIT_ITEMS_FAILED)
    click.echo(f"{summary.line()}  -> {output}", err=True)
    sys.exit(EXIT_ITEMS_FAILED if summary.errors else 0)


# --- serve -----------------------------------------------------------------------------------------------------


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, envvar="SCORER_HOST", help="Address to bind.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), envvar="SCORER_PORT")
@click.option("--workers", type=click.IntRange(min=1), envvar="SCORER_WORKERS",
              help="Worker processes [default: one per core].")
@click.option("--timeout", default=DEFAULT_TIMEOUT, show_default=True, type=click.IntRange(min=1),
              envvar="SCORER_TIMEOUT", help="Seconds one request may run before its worker is replaced.")
@click.option("--read-timeout", default=DEFAULT_READ_TIMEOUT, show_default=True, type=click.FloatRange(min=0.1),
              envvar=READ_TIMEOUT_ENV, help="Seconds a client has to send a whole request (then 408).")
@click.option("--threads", default=DEFAULT_THREADS, show_default=True, type=click.IntRange(min=1),
              envvar="SCORER_THREADS", help="Threads per worker that answer fully-read requests.")
def serve_command(host: str, port: int, workers: int | None, timeout: int, read_timeout: float,
                  threads: int) -> None:
    """Serve the HTTP API under gunicorn (env SCORER_* configures caps, model path, API key, CORS)."""
    from scorer.model import ModelLoadError, load_model
    from scorer.serve import serve

    try:
        load_model()  # the model the workers will load: refuse to start without one (exit 3, as everywhere)
    except ModelLoadError as error:
        model_failure(error)
    serve(host, port, workers, timeout, read_timeout, threads)


# --- train and evaluate (scikit-learn, pandas) -------------------------------------------------------------------


@cli.command("train")
@click.option("--data", type=click.Path(path_type=Path, dir_okay=False),
              help="Labelled raw articles (JSONL or CSV: text, label [1/0, true/false, credible/not_credible, "
                   "real/fake]; optional title, source, id). Default: the feature table in --training-data.")
@click.option("--training-data", "training_dir", type=click.Path(path_type=Path, file_okay=False),
              default=Path("training_data"), show_default=True, help="Folder built by `make features`.")
@click.option("--models", "models_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Where model versions live (default: the package's models/ folder).")
@click.option("--set-default/--no-set-default", default=True, show_default=True,
              help="Point models/DEFAULT at the new model.")
def train_command(data: Path | None, training_dir: Path, models_dir: Path | None, set_default: bool) -> None:
    """Retrain the model (from training_data/ by default) and save it as a new version in models/."""
    from scorer.training.train import TrainingDataError, train_from_cli

    try:
        folder = train_from_cli(data, training_dir, models_dir, set_default)
    except TrainingDataError as error:
        fail(f"{error}\nthe current model was left untouched", EXIT_USAGE)
    click.echo(f"model {folder.name} -> {folder}{' (now the default)' if set_default else ''}")


@cli.command("evaluate")
@click.option("--datasets", type=click.Path(path_type=Path, file_okay=False, exists=True),
              default=Path("../shared/datasets"), show_default=True, help="Folder of the labelled corpora.")
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path("docs"), show_default=True,
              help="Where evaluation.md and the PNG plots go.")
def evaluate_command(datasets: Path, out: Path) -> None:
    """Grouped CV, leave-one-corpus-out and an ablation vs a TF-IDF baseline -> docs/evaluation.md + a plot."""
    from scorer.training.evaluate import evaluate_to

    try:
        report = evaluate_to(datasets, out)
    except FileNotFoundError as error:
        fail(str(error), EXIT_USAGE)
    click.echo(f"{report} written")
