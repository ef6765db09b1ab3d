"""API load: requests/s and p50/p99 latency of `scorer serve` (gunicorn) driven by wrk on loopback.

Load tool: wrk (https://github.com/wg/wrk) with a Lua script that POSTs a fixed body and prints a JSON summary.
This module installs nothing: without wrk on PATH the section says so (`apt-get install -y wrk`).
Articles come from the webis_buzzfeed_2016 corpus at run time; none are stored.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

CORPUS = "webis_buzzfeed_2016/articles.csv"
SINGLE_WORDS = 400  # the "~400-word article"
BATCH_SIZE = 100
CLIENTS = 16
RUN_SECONDS = 15
SOAK_CLIENTS = 32
SOAK_SECONDS = 60
WARMUP_SECONDS = 3
QUIET_SECONDS = 10  # one client: latency without queueing
PER_CORE_WORKERS = os.cpu_count() or 1
# Targets from issue 6.
TARGET_P99_MS = 20.0
TARGET_RPS = 700.0
# Idle means only the scrape itself in progress in this many scrapes in a row, this far apart (a worker picking the
# next queued request takes microseconds, so three scrapes cannot all fall in such gaps).
IDLE_SCRAPES = 3
IDLE_POLL_SECONDS = 0.2
# Worker memory counts as flat if the soak grows it by less than this share.
FLAT_RSS_SHARE = 0.10

LUA = r"""
wrk.method = os.getenv("WRK_METHOD") or "GET"
local path = os.getenv("WRK_BODY")
if path then
  local f = assert(io.open(path, "rb")); wrk.body = f:read("*a"); f:close()
  wrk.headers["Content-Type"] = "application/json"
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\nWRK_JSON {"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,' ..
    '"p50_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
"""


def _read_articles(datasets: Path) -> list[dict]:
    csv.field_size_limit(10_000_000)
    with open(datasets / CORPUS, newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if len((r["text"] or "").split()) >= 50]
    return [{"id": r["id"], "title": r["title"], "text": r["text"]} for r in rows]


def pick_bodies(datasets: Path) -> tuple[dict, dict, int]:
    """The article nearest 400 words (single) and the first 100 articles of 200-800 words (batch)."""
    articles = _read_articles(datasets)
    single = min(articles, key=lambda a: abs(len(a["text"].split()) - SINGLE_WORDS))
    batch = [a for a in articles if 200 <= len(a["text"].split()) <= 800][:BATCH_SIZE]
    return single, {"articles": batch}, len(single["text"].split())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except OSError:
        return 0


def start_server(port: int, metrics_dir: str, log_path: Path, workers: int | None = None) -> subprocess.Popen:
    """`scorer serve` on loopback, returned once ready; `workers` overrides SCORER_WORKERS and the default."""
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": metrics_dir}
    if workers:
        env["SCORER_WORKERS"] = str(workers)
    process = subprocess.Popen(
        [sys.executable, "-c", "from scorer.cli import cli; cli()", "serve", "--host", "127.0.0.1",
         "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=open(log_path, "w"))  # noqa: SIM115 - closed with the process
    deadline = time.monotonic() + 120
    while _get(f"http://127.0.0.1:{port}/readyz") != 200:
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"server did not become ready; see {log_path}")
        time.sleep(0.2)
    time.sleep(2)  # let every worker finish booting and loading, not only the first one
    return process


def worker_rss_mb(server_pid: int) -> list[float]:
    """Resident memory of each gunicorn worker (the server's child processes), in MiB."""
    children = Path(f"/proc/{server_pid}/task/{server_pid}/children").read_text().split()
    sizes = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sizes


def requests_in_progress(base: str) -> float:
    """The server's in-progress gauge, summed over its workers (the scrape asking counts itself)."""
    with urllib.request.urlopen(base + "/metrics", timeout=30) as response:
        for line in response.read().decode().splitlines():
            if line.startswith("scorer_http_requests_in_progress "):
                return float(line.split()[1])
    raise RuntimeError("/metrics has no scorer_http_requests_in_progress")


def wait_until_idle(base: str, timeout: float = 120.0) -> float:
    """Seconds spent waiting until the workers answer nothing but the scrape. When wrk stops, the requests it has
    sent are still answered (a closed connection does not stop a sync worker), and would queue ahead of the next
    run's first requests: after the batch run that is ~16 batches of ~1 s, the soak's old 0.6-1 s maximum."""
    started = deadline = time.monotonic()
    deadline += timeout
    idle_in_a_row = 0
    while idle_in_a_row < IDLE_SCRAPES:
        if time.monotonic() > deadline:
            raise RuntimeError(f"the server was still busy after {timeout:.0f} s")
        idle_in_a_row = idle_in_a_row + 1 if requests_in_progress(base) <= 1 else 0
        time.sleep(IDLE_POLL_SECONDS)
    return time.monotonic() - started - IDLE_SCRAPES * IDLE_POLL_SECONDS


def wrk(url: str, clients: int, seconds: int, script: Path, body: Path | None) -> dict:
    env = {**os.environ, "WRK_METHOD": "POST" if body else "GET"}
    if body:
        env["WRK_BODY"] = str(body)
    threads = min(2, clients)  # wrk needs at least one connection per thread
    command = ["wrk", f"-t{threads}", f"-c{clients}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script), url]
    out = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    stats = json.loads(out.split("WRK_JSON ", 1)[1].splitlines()[0])
    stats["rps"] = stats["requests"] / (stats["duration_us"] / 1e6)
    stats["errors"] = sum(stats[k] for k in ("connect", "read", "write", "status", "timeout"))
    return stats


def in_process_baseline(single: dict, batch: dict) -> tuple[float, float]:
    """Median ms to score the single article and the batch directly with the model: the floor under HTTP."""
    from scorer import load_model, to_article
    from scorer.model import freeze_loaded_objects

    model = load_model()
    freeze_loaded_objects()  # as each API worker does once its model is loaded
    article = to_article(single)
    articles = [to_article(a) for a in batch["articles"]]
    model.score(article)
    single_ms = statistics.median(_timed(lambda: model.score(article)) for _ in range(100))
    batch_ms = statistics.median(_timed(lambda: model.score_many(articles)) for _ in range(5))
    return single_ms, batch_ms


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def _row(name: str, clients: int, seconds: int, s: dict) -> str:
    return (f"| {name} | {clients} | {seconds} | {s['requests']} | {s['rps']:.0f} | {s['p50_us'] / 1000:.1f} | "
            f"{s['p99_us'] / 1000:.1f} | {s['max_us'] / 1000:.1f} | {s['errors']} |")


def _verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


@contextlib.contextmanager
def serving(folder: Path, name: str, workers: int | None = None) -> Iterator[tuple[str, subprocess.Popen]]:
    """A server on a free loopback port (metrics and log under `folder`, named `name`), stopped on exit; yields its
    base URL and process."""
    (folder / f"metrics-{name}").mkdir()
    port = _free_port()
    server = start_server(port, str(folder / f"metrics-{name}"), folder / f"server-{name}.log", workers)
    try:
        yield f"http://127.0.0.1:{port}", server
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)


def per_core_run(folder: Path, script: Path, single_path: Path) -> dict:
    """The single-article run at CLIENTS clients again, on a server with one worker per core."""
    with serving(folder, "per-core", PER_CORE_WORKERS) as (base, _):
        wrk(base + "/v1/score", CLIENTS, WARMUP_SECONDS, script, single_path)
        wait_until_idle(base)
        return wrk(base + "/v1/score", CLIENTS, RUN_SECONDS, script, single_path)


def _per_core_note(workers: int, one: dict, per_core: dict) -> str:
    measured = (f"the last row, one worker per core, served {per_core['rps']:.0f} req/s at p99 "
                f"{per_core['p99_us'] / 1000:.1f} ms, against {one['rps']:.0f} req/s at p99 "
                f"{one['p99_us'] / 1000:.1f} ms with the {workers} workers above "
                f"({per_core['rps'] / one['rps']:.2f}x the throughput)")
    if workers == PER_CORE_WORKERS:
        return (f"The default is one worker per core, so {measured}: the same setting twice, and the gap between the "
                "two rows is this machine's run-to-run noise.\n")
    return (f"Scoring is CPU-bound, so workers beyond the cores only take turns on them: {measured}. Gunicorn's "
            "2 x cores + 1 is advice for workers that wait on I/O; for this service one worker per core (the "
            "default) is the better setting on a small machine.\n")


def run(datasets: Path) -> str:
    heading = "## API load (gunicorn + wrk)\n"
    if shutil.which("wrk") is None:
        return heading + "\nwrk not installed: no API load numbers. Install it (`apt-get install -y wrk`) and rerun.\n"
    from scorer.serve import default_workers

    workers = int(os.environ.get("SCORER_WORKERS") or default_workers())
    workers_label = f"{workers}" if os.environ.get("SCORER_WORKERS") else f"{workers} (one per core, the default)"
    single, batch, single_words = pick_bodies(datasets)
    load_before = os.getloadavg()[0]
    base_single_ms, base_batch_ms = in_process_baseline(single, batch)
    with tempfile.TemporaryDirectory(prefix="api-bench-") as tmp:
        folder = Path(tmp)
        script = folder / "post.lua"
        script.write_text(LUA)
        single_path, batch_path = folder / "single.json", folder / "batch.json"
        single_path.write_text(json.dumps(single))
        batch_path.write_text(json.dumps(batch))
        with serving(folder, "default") as (base, server):
            wrk(base + "/v1/score", CLIENTS, WARMUP_SECONDS, script, single_path)
            wait_until_idle(base)  # before every run: see wait_until_idle
            health = wrk(base + "/healthz", CLIENTS, RUN_SECONDS, script, None)
            wait_until_idle(base)
            alone = wrk(base + "/v1/score", 1, QUIET_SECONDS, script, single_path)
            wait_until_idle(base)
            one = wrk(base + "/v1/score", CLIENTS, RUN_SECONDS, script, single_path)
            wait_until_idle(base)
            many = wrk(base + "/v1/score/batch", CLIENTS, RUN_SECONDS, script, batch_path)
            drained = wait_until_idle(base)
            rss_before = worker_rss_mb(server.pid)
            soak = wrk(base + "/v1/score", SOAK_CLIENTS, SOAK_SECONDS, script, single_path)
            rss_after = worker_rss_mb(server.pid)
        per_core = per_core_run(folder, script, single_path)
    growth = (sum(rss_after) - sum(rss_before)) / sum(rss_before)
    errors = sum(run["errors"] for run in (health, alone, one, many, soak, per_core))
    # Little's law: with N clients always waiting on a reply, mean latency = N / throughput.
    little_ms = CLIENTS / one["rps"] * 1000
    lines = [
        heading,
        f"`scorer serve` on 127.0.0.1 with {workers_label} workers, "
        f"driven by **wrk** (2 threads, keep-alive connections) "
        f"on the same machine, which shares the cores with the server. Single article: `{single['id']}` of "
        f"webis_buzzfeed_2016 ({single_words} words); batch: {len(batch['articles'])} articles of 200-800 words. "
        f"Latency is wrk's, end to end. 1-minute load average before the runs: {load_before:.1f} (above ~1 on "
        "these 2 cores, other processes were competing with the server and wrk). Before each run the benchmark waits "
        "until the server's `scorer_http_requests_in_progress` gauge shows no request but its own scrape: requests "
        "wrk sent before it stopped are still answered, and would otherwise queue ahead of the next run (after the "
        f"batch run that took {drained:.1f} s).\n",
        "| run | clients | seconds | requests | req/s | p50 ms | p99 ms | max ms | errors |",
        "|---|---|---|---|---|---|---|---|---|",
        _row("baseline: GET /healthz (server overhead, no scoring)", CLIENTS, RUN_SECONDS, health),
        _row(f"POST /v1/score, 1 article ({single_words} words), one client at a time", 1, QUIET_SECONDS, alone),
        _row(f"POST /v1/score, 1 article ({single_words} words)", CLIENTS, RUN_SECONDS, one),
        _row(f"POST /v1/score/batch, {len(batch['articles'])} articles", CLIENTS, RUN_SECONDS, many),
        _row("soak: POST /v1/score", SOAK_CLIENTS, SOAK_SECONDS, soak),
        _row(f"POST /v1/score, 1 article, second server with `--workers {PER_CORE_WORKERS}` (one per core)", CLIENTS,
             RUN_SECONDS, per_core),
        "",
        f"Baseline without HTTP (in-process `model.score`, median): {base_single_ms:.2f} ms per article; "
        f"`score_many` of the batch: {base_batch_ms:.0f} ms ({base_batch_ms / len(batch['articles']):.2f} ms per "
        f"article). Batch throughput over HTTP: {many['rps'] * len(batch['articles']):.0f} articles/s.\n",
        f"Worker RSS before/after the {SOAK_SECONDS} s soak: {sum(rss_before):.0f} -> {sum(rss_after):.0f} MiB "
        f"over {len(rss_after)} workers ({growth:+.1%}); per worker "
        f"{', '.join(f'{b:.0f}->{a:.0f}' for b, a in zip(rss_before, rss_after, strict=False))} MiB.\n",
        "| target (issue 6) | measured | verdict |",
        "|---|---|---|",
        f"| p99 <= {TARGET_P99_MS:.0f} ms, single article at {CLIENTS} clients | {one['p99_us'] / 1000:.1f} ms | "
        f"{_verdict(one['p99_us'] / 1000 <= TARGET_P99_MS)} |",
        f"| p99 <= {TARGET_P99_MS:.0f} ms, single article, one client | {alone['p99_us'] / 1000:.1f} ms | "
        f"{_verdict(alone['p99_us'] / 1000 <= TARGET_P99_MS)} |",
        f"| >= {TARGET_RPS:.0f} req/s, single article at {CLIENTS} clients | {one['rps']:.0f} | "
        f"{_verdict(one['rps'] >= TARGET_RPS)} |",
        f"| zero errors in every run | {errors} | {_verdict(errors == 0)} |",
        f"| flat worker memory over the soak (< {FLAT_RSS_SHARE:.0%} growth) | {growth:+.1%} | "
        f"{_verdict(growth < FLAT_RSS_SHARE)} |",
        "",
        f"With {CLIENTS} clients each waiting for its reply, mean latency is {CLIENTS} / throughput "
        f"(Little's law): {little_ms:.1f} ms at the measured {one['rps']:.0f} req/s. A p99 under "
        f"{TARGET_P99_MS:.0f} ms at {CLIENTS} clients therefore needs well over {CLIENTS / TARGET_P99_MS * 1000:.0f} "
        "req/s on these cores; without queueing (one client) the whole HTTP round trip is the row above.\n",
        _per_core_note(workers, one, per_core),
    ]
    return "\n".join(lines)
