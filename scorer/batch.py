"""Batch scoring: a stream of feed items -> one output record per item (JSONL or CSV), resumable, on N processes.

The pipeline is lazy end to end: items are read one at a time (scorer.feeds), grouped into chunks of `CHUNK_SIZE`,
scored chunk by chunk (in this process, in a pool of worker processes, or on Dask: scorer.batch_dask) and written
in input order, with a flush + fsync after every chunk. Only a bounded number of chunks is ever in flight, so
memory stays flat however long the input is.

Resume: every record carries the item id and its input location. A rerun with `--resume` first cuts a torn last
line (a kill -9 in the middle of a write), counts the records already in OUT, and skips exactly those items.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import Any

from scorer.article import ArticleError
from scorer.model import ModelFactory, cached_model

# Items per scoring chunk: large enough to amortise the model's vectorised call and the fsync, small enough
# that a kill loses little work and memory stays small.
CHUNK_SIZE = 256
# Chunks submitted ahead of the writer per worker process: keeps every worker busy without queueing the input.
CHUNKS_AHEAD_PER_WORKER = 2
# The strongest signals reported per article.
TOP_REASONS = 3
# Every record has these keys, in this order (CSV columns); unused ones are null (JSON) or empty (CSV).
RECORD_KEYS = ("id", "input", "status", "url", "score", "band", "model_version", "reasons", "error")


class UsageError(Exception):
    """A batch that cannot start or resume (bad input or output file): the CLI's exit code 2."""


# --- records ---------------------------------------------------------------------------------------------------


def error_record(item_id: str, location: str, reason: str, url: str | None = None) -> dict[str, Any]:
    return {**dict.fromkeys(RECORD_KEYS), "id": item_id, "input": location, "status": "error", "url": url,
            "error": reason}


def scored_record(item_id: str, location: str, result: dict[str, Any]) -> dict[str, Any]:
    reasons = [
        {"feature": e["feature"], "value": e["value"], "contribution": e["contribution"]}
        for e in result["explanations"][:TOP_REASONS]
    ]
    return {
        **dict.fromkeys(RECORD_KEYS), "id": item_id, "input": location, "status": "ok", "url": result.get("url"),
        "score": result["score"], "band": result["band"], "model_version": result["model_version"],
        "reasons": reasons, **_corroboration_of(result),
    }


def _corroboration_of(result: dict[str, Any]) -> dict[str, Any]:
    """With --corroborate the record carries the result's `corroboration` object (JSONL only)."""
    return {"corroboration": result["corroboration"]} if "corroboration" in result else {}


def score_chunk(items: list, factory: ModelFactory) -> list[dict[str, Any]]:
    """The one scoring function every engine runs: FeedItems -> records, in order, one record per item."""
    readable = [item for item in items if item.error is None]
    outcomes = iter(cached_model(factory).score_each([item.fields for item in readable]) if readable else [])
    return [_record(item, next(outcomes) if item.error is None else None) for item in items]


def _record(item, outcome: dict[str, Any] | ArticleError | None) -> dict[str, Any]:
    if item.error is not None:
        return error_record(item.id, item.location, item.error)
    url = _url(item.fields)
    if isinstance(outcome, ArticleError):
        return error_record(item.id, item.location, str(outcome), url)
    return scored_record(item.id, item.location, {**outcome, "url": url})


def _url(fields: dict[str, Any]) -> str | None:
    url = fields.get("url")
    return url if isinstance(url, str) else None


# --- output writers --------------------------------------------------------------------------------------------


def output_format(path: Path, requested: str | None) -> str:
    if requested:
        return requested
    return "csv" if path.suffix.lower() == ".csv" else "jsonl"


def _one_line(value: Any) -> Any:
    """CSV cells never hold a line break: one record is one physical line, which is what resume relies on."""
    return " ".join(value.split()) if isinstance(value, str) else value


def format_reasons(reasons: list[dict[str, Any]] | None) -> str:
    """Reasons as one CSV cell: `feature=value (contribution); ...`."""
    return "; ".join(f"{r['feature']}={r['value']:.4g} ({r['contribution']:+.3f})" for r in reasons or [])


def encode_records(records: Iterable[dict[str, Any]], fmt: str) -> bytes:
    if fmt == "jsonl":
        return b"".join(json.dumps(r).encode("ascii") + b"\n" for r in records)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for r in records:
        writer.writerow(["" if r[k] is None else _one_line(format_reasons(r[k]) if k == "reasons" else r[k])
                         for k in RECORD_KEYS])
    return buffer.getvalue().encode("utf-8", "replace")


def csv_header() -> bytes:
    return (",".join(RECORD_KEYS) + "\n").encode()


class RecordWriter:
    """Appends records chunk by chunk; each chunk is flushed and fsynced before the next one is written."""

    def __init__(self, path: Path, fmt: str, handle) -> None:
        self.path, self.fmt, self.handle = path, fmt, handle

    def write(self, records: list[dict[str, Any]]) -> None:
        self.handle.write(encode_records(records, self.fmt))
        self.handle.flush()
        os.fsync(self.handle.fileno())

    def close(self) -> None:
        self.handle.close()


# --- resume ----------------------------------------------------------------------------------------------------


@dataclass
class Progress:
    """What OUT already holds (resume) and what this run added."""

    done_keys: Counter = field(default_factory=Counter)
    previous_items: int = 0
    previous_errors: int = 0
    items: int = 0
    errors: int = 0


def cut_torn_tail(path: Path) -> int:
    """Truncate `path` after its last newline (a write cut by kill -9); returns the bytes removed."""
    size = path.stat().st_size
    with path.open("rb+") as handle:
        position = size
        while position > 0:
            step = min(65536, position)
            handle.seek(position - step)
            block = handle.read(step)
            newline = block.rfind(b"\n")
            if newline >= 0:
                keep = position - step + newline + 1
                break
            position -= step
        else:
            keep = 0
        if keep < size:
            handle.truncate(keep)
            handle.flush()
            os.fsync(handle.fileno())
    return size - keep


def existing_records(path: Path, fmt: str) -> Iterator[tuple[str, str, str]]:
    """(id, input, status) of every complete record already in OUT."""
    with path.open("rb") as handle:
        if fmt == "jsonl":
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                    yield record["id"], record["input"], record["status"]
                except (ValueError, KeyError, TypeError):
                    raise UsageError(f"{path}:{number} is not a batch output record; cannot --resume into it") from None
            return
        lines = io.TextIOWrapper(handle, encoding="utf-8", errors="replace", newline="")
        rows = csv.reader(lines)
        header = next(rows, None)
        if header is not None and tuple(header) != RECORD_KEYS:
            raise UsageError(f"{path} does not start with the batch CSV header; cannot --resume into it")
        for row in rows:
            if len(row) != len(RECORD_KEYS):
                raise UsageError(f"{path} has a row that is not a batch output record; cannot --resume into it")
            yield row[0], row[1], row[2]


def open_output(path: Path, fmt: str, resume: bool) -> tuple[RecordWriter, Progress]:
    """Open OUT for appending; with resume, first repair and read what it already holds."""
    progress = Progress()
    if path.is_dir():
        raise UsageError(f"output {path} is a directory")
    if not path.parent.exists():
        raise UsageError(f"the folder of output {path} does not exist")
    if resume and path.exists():
        cut_torn_tail(path)
        for item_id, location, status in existing_records(path, fmt):
            progress.done_keys[(item_id, location)] += 1
            progress.previous_items += 1
            progress.previous_errors += status == "error"
    handle = path.open("ab" if resume else "wb")
    if fmt == "csv" and handle.tell() == 0:
        handle.write(csv_header())
    return RecordWriter(path, fmt, handle), progress


def skip_done(items: Iterable, done: Counter) -> Iterator:
    """Items not yet in OUT; the same (id, location) named twice in the input is skipped as often as it was written."""
    for item in items:
        key = (item.id, item.location)
        if done[key] > 0:
            done[key] -= 1
            continue
        yield item


def chunked(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


# --- engines ---------------------------------------------------------------------------------------------------


def score_local(chunks: Iterable[list], factory: ModelFactory, workers: int) -> Iterator[list[dict[str, Any]]]:
    """Scored chunks in input order: in this process for one worker, else a pool of `workers` processes
    (started here, before the caller starts a progress bar's thread, so that the pool can fork)."""
    if workers <= 1:
        return (score_chunk(chunk, factory) for chunk in chunks)
    return _ordered_map(_start_pool(factory, workers), chunks, factory, workers)


def _init_worker(factory: ModelFactory, parent_pid: int) -> None:
    from scorer.parent_watch import exit_with_parent

    exit_with_parent(parent_pid)  # a batch killed with -9 must not leave its workers behind
    cached_model(factory)


def _start_pool(factory: ModelFactory, workers: int):
    """Worker processes that each hold the model. Forked from a single-threaded parent they share its loaded
    model at no cost; with other threads running (forking those is unsafe) they are spawned and load it."""
    import multiprocessing
    import threading
    from concurrent.futures import ProcessPoolExecutor

    can_fork = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    context = multiprocessing.get_context("fork" if can_fork else "spawn")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker,
                               initargs=(factory, os.getpid()))
    if can_fork:
        pool.submit(int).result()  # the first task forks every worker: now, while this is the only thread
    return pool


def _ordered_map(pool, chunks: Iterable[list], factory: ModelFactory, workers: int) -> Iterator[list[dict[str, Any]]]:
    """A bounded ordered map: at most `workers * CHUNKS_AHEAD_PER_WORKER` chunks in flight (Pool.imap would read
    the whole input ahead); a worker that dies raises BrokenProcessPool instead of hanging the run."""
    with pool:
        pending: deque = deque()
        for chunk in chunks:
            pending.append(pool.submit(score_chunk, chunk, factory))
            if len(pending) >= workers * CHUNKS_AHEAD_PER_WORKER:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


# --- the run ---------------------------------------------------------------------------------------------------


@dataclass
class BatchOptions:
    inputs: list[str]
    output: Path
    fmt: str | None = None
    workers: int = 1
    resume: bool = False
    engine: str = "local"
    scheduler: str | None = None
    chunk_size: int = CHUNK_SIZE


@dataclass
class Summary:
    items: int
    scored: int
    errors: int
    skipped: int
    seconds: float

    @property
    def rate(self) -> float:
        return (self.items - self.skipped) / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        resumed = f" ({self.skipped} already in OUT)" if self.skipped else ""
        return (f"items: {self.items}{resumed}  scored: {self.scored}  errors: {self.errors}  "
                f"articles/s: {self.rate:.1f}  ({self.seconds:.1f} s)")


def run_batch(options: BatchOptions, factory: ModelFactory, stdin=None, progress_bar: bool | None = None,
              notes: Callable[[str], None] | None = None) -> Summary:
    """Score every input item into OUT; returns the counts over the whole OUT (including resumed records)."""
    from scorer import feeds

    fmt = output_format(options.output, options.fmt)
    try:
        names = feeds.check_inputs(options.inputs)
    except feeds.InputError as error:
        raise UsageError(str(error)) from None
    if options.workers < 1:
        raise UsageError("--workers must be at least 1")
    started = time.perf_counter()
    writer, progress = open_output(options.output, fmt, options.resume)
    skipped = progress.previous_items
    try:
        items = skip_done(feeds.iter_items(names, stdin=stdin, notes=notes), progress.done_keys)
        chunks = chunked(items, options.chunk_size)
        if options.engine == "dask":
            from scorer.batch_dask import score_dask

            scored = score_dask(chunks, factory, options.workers, options.scheduler)
        else:
            scored = score_local(chunks, factory, options.workers)
        _write_all(scored, writer, progress, _progress_bar(progress_bar))
    finally:
        writer.close()
    seconds = time.perf_counter() - started
    items_total = progress.previous_items + progress.items
    errors_total = progress.previous_errors + progress.errors
    return Summary(items_total, items_total - errors_total, errors_total, skipped, seconds)


def _progress_bar(enabled: bool | None):
    from tqdm import tqdm

    enabled = sys.stderr.isatty() if enabled is None else enabled
    return tqdm(desc="scoring", unit=" articles", disable=not enabled, file=sys.stderr, dynamic_ncols=True)


def _write_all(scored: Iterable[list[dict[str, Any]]], writer: RecordWriter, progress: Progress, bar) -> None:
    with bar:
        for records in scored:
            writer.write(records)
            progress.items += len(records)
            progress.errors += sum(r["status"] == "error" for r in records)
            bar.update(len(records))


def with_corroboration(factory: ModelFactory, options: BatchOptions, window: int):
    """--corroborate: every chunk becomes a window of `window` items whose articles are compared with each other
    (scorer.corroboration.model), on every engine (a Dask partition is one window)."""
    from scorer.corroboration.model import CorroboratingModelRef

    if output_format(options.output, options.fmt) != "jsonl":
        raise UsageError("--corroborate writes JSONL (each record's corroboration object lists its claims)")
    return CorroboratingModelRef(factory), replace(options, chunk_size=window)
