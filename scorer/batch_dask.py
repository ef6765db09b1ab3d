"""The Dask engine of `scorer batch`: the same `score_chunk` as the local engine, mapped over dask.bag partitions.

The client reads the input as a stream and sends it to the cluster in windows of a few chunks per worker (a
dask.bag of items, one partition per chunk, `map_partitions(score_chunk)`); two windows are in flight, so the
workers never wait for the writer, and the client never holds more than those two windows. Each Dask worker
loads the model once (scorer.model.cached_model) and keeps it for every partition it scores. With no scheduler
address a LocalCluster of `workers` single-threaded worker processes is started and closed with the run.

With --corroborate each chunk is a window of items whose articles are compared with each other, so stories are
found within a partition; the blocking key is the window number (item position // window, scorer.corroboration).

A remote cluster must see the same model path as the client (`--model`, or the shipped default installed there).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from scorer.batch import UsageError, score_chunk
from scorer.model import ModelFactory

# Chunks (bag partitions) sent per window, per worker: enough to keep every worker busy between windows.
PARTITIONS_PER_WORKER = 4
# A scheduler address that does not answer within this many seconds is a usage error.
CONNECT_TIMEOUT_SECONDS = 10
# Windows computed at once: one scoring while the previous one is written.
WINDOWS_IN_FLIGHT = 2


def score_dask(chunks: Iterable[list], factory: ModelFactory, workers: int,
               scheduler: str | None = None) -> Iterator[list[dict[str, Any]]]:
    """Scored chunks, in input order, computed on a Dask cluster (a LocalCluster when `scheduler` is None)."""
    from dask.distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT_SECONDS)
        except (OSError, TimeoutError, ValueError) as error:
            raise UsageError(f"cannot connect to the Dask scheduler at {scheduler}: {error}") from None
        cluster = None
    else:
        # processes=True: scoring is pure Python and holds the GIL, so thread workers would not run in parallel.
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=40)
        client = Client(cluster)
    try:
        width = max(1, len(client.scheduler_info().get("workers", {})) or workers) * PARTITIONS_PER_WORKER
        yield from _windows(client, chunks, factory, width)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _windows(client, chunks: Iterable[list], factory: ModelFactory, width: int) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(chunks)
    pending: deque = deque()
    while True:
        while len(pending) < WINDOWS_IN_FLIGHT and (window := list(islice(iterator, width))):
            pending.append((client.compute(_window_bag(window, factory)), [len(c) for c in window]))
        if not pending:
            return
        future, sizes = pending.popleft()
        records = future.result()
        yield from _split(records, sizes)


def _window_bag(window: list[list], factory: ModelFactory):
    """One bag partition per chunk, each scored by the very function the local engine runs."""
    import dask.bag as db

    items = [item for chunk in window for item in chunk]
    bag = db.from_sequence(items, npartitions=len(window))
    return bag.map_partitions(_score_partition, factory)


def _score_partition(items: Iterable, factory: ModelFactory) -> list[dict[str, Any]]:
    return score_chunk(list(items), factory)


def _split(records: list[dict[str, Any]], sizes: list[int]) -> Iterator[list[dict[str, Any]]]:
    """Back into the input's chunks, so the writer fsyncs at the same boundaries as the local engine."""
    start = 0
    for size in sizes:
        yield records[start:start + size]
        start += size
