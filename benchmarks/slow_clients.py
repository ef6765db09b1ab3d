"""Slow clients: /healthz and /v1/score latency while 0, 5 or 8 clients each send their request body one byte a
second, for `scorer serve` (gunicorn with scorer.serve_worker.BufferingWorker) against the same server run with
gunicorn's own sync and gthread workers (set through GUNICORN_CMD_ARGS, which `scorer serve` honours).

Probes are sent one at a time from one thread, alternating the two routes, each given PROBE_TIMEOUT seconds; a probe
that gets no answer in that time counts as timed out. No corpus is needed: the probe article is a fixed sentence.
"""

from __future__ import annotations

import json
import socket
import statistics
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from benchmarks.api_load import serving

SLOW_COUNTS = (0, 5, 8)
RUN_SECONDS = 10
PROBE_TIMEOUT = 5.0
WORKERS = 2
THREADS = 4
# Each slow client declares this many body bytes and sends one a second: it is still sending when the run ends.
SLOW_BODY_BYTES = 200
PROBE_ARTICLE = {"title": "Bridge reopens", "text": "The bridge reopened on Friday after repairs, the roads agency "
                 "said. \"Traffic is back to normal,\" a spokesperson told reporters."}
# (label, GUNICORN_CMD_ARGS): the product, then gunicorn's own workers as baselines (gunicorn turns a sync worker
# with more than one thread into gthread, hence --threads 1).
SERVERS = (
    ("`scorer serve` (BufferingWorker)", f"--threads {THREADS}"),
    ("baseline: gunicorn gthread worker", f"--worker-class gthread --threads {THREADS}"),
    ("baseline: gunicorn sync worker", "--worker-class sync --threads 1"),
)


def _slow_client(port: int, stop: threading.Event) -> None:
    head = (b"POST /v1/score HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Content-Length: %d\r\n\r\n" % SLOW_BODY_BYTES)
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=PROBE_TIMEOUT) as sock:
            sock.sendall(head)
            while not stop.wait(1.0):
                sock.sendall(b" ")
    except OSError:
        pass  # refused or cut by the server (408 after its read timeout): it tried


def _probe(url: str, body: bytes | None) -> float | None:
    """Seconds to an answer, or None for no answer within PROBE_TIMEOUT."""
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"} if body else {})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=PROBE_TIMEOUT) as response:
            response.read()
    except OSError:
        return None
    return time.perf_counter() - started


def measure(base: str, slow_clients: int) -> dict[str, dict]:
    """Probe both routes for RUN_SECONDS with `slow_clients` slow clients connected."""
    port = int(base.rsplit(":", 1)[1])
    stop = threading.Event()
    threads = [threading.Thread(target=_slow_client, args=(port, stop), daemon=True) for _ in range(slow_clients)]
    for thread in threads:
        thread.start()
    time.sleep(1.5)  # every slow client has connected and started its body
    routes = {"/healthz": None, "/v1/score": json.dumps(PROBE_ARTICLE).encode()}
    times: dict[str, list[float | None]] = {route: [] for route in routes}
    deadline = time.monotonic() + RUN_SECONDS
    while time.monotonic() < deadline:
        for route, body in routes.items():
            times[route].append(_probe(base + route, body))
    stop.set()
    for thread in threads:
        thread.join(PROBE_TIMEOUT + 2)
    time.sleep(1)  # the server sees the closed connections before the next run
    return {route: _summary(values) for route, values in times.items()}


def _summary(values: list[float | None]) -> dict:
    answered = sorted(v * 1000 for v in values if v is not None)
    p99 = answered[min(len(answered) - 1, int(len(answered) * 0.99))] if answered else float("nan")
    return {"sent": len(values), "timed_out": len(values) - len(answered),
            "p50": statistics.median(answered) if answered else float("nan"), "p99": p99,
            "max": answered[-1] if answered else float("nan")}


def _row(label: str, slow: int, route: str, s: dict) -> str:
    return (f"| {label} | {slow} | {route} | {s['sent']} | {s['timed_out']} | {s['p50']:.1f} | {s['p99']:.1f} | "
            f"{s['max']:.1f} |")


def run(datasets: Path) -> str:
    import os

    rows = []
    p99_eight = {}
    with tempfile.TemporaryDirectory(prefix="slow-bench-") as tmp:
        for index, (label, gunicorn_args) in enumerate(SERVERS):
            os.environ["GUNICORN_CMD_ARGS"] = gunicorn_args
            try:
                with serving(Path(tmp), f"server{index}", WORKERS) as (base, _):
                    for slow in SLOW_COUNTS:
                        stats = measure(base, slow)
                        rows += [_row(label, slow, route, s) for route, s in stats.items()]
                        if slow == max(SLOW_COUNTS):
                            p99_eight[label] = stats
            finally:
                del os.environ["GUNICORN_CMD_ARGS"]
    product = p99_eight[SERVERS[0][0]]
    worst_p99 = max(s["p99"] for s in product.values())
    timed_out = sum(s["timed_out"] for s in product.values())
    counts = ", ".join(str(n) for n in SLOW_COUNTS)
    return "\n".join([
        "## Slow clients (`python -m benchmarks --only slow_clients`)\n",
        f"`scorer serve --workers {WORKERS}` ({THREADS} threads per worker; the sync baseline has one) on "
        f"127.0.0.1, while {counts} clients each send a POST whose {SLOW_BODY_BYTES}-byte body arrives one byte a "
        f"second. One thread probes `/healthz` and `/v1/score` (a two-sentence article) in turn, one request at a "
        f"time, for {RUN_SECONDS} s; a probe unanswered after {PROBE_TIMEOUT:.0f} s counts as timed out. The "
        "baselines are the same server with gunicorn's own workers (`GUNICORN_CMD_ARGS=--worker-class ...`), which "
        "read a request's body in the thread or process that then answers it. The machine's 2 cores are shared "
        "with the probing client and with other work, so single milliseconds are noise.\n",
        "| server | slow clients | route | probes | timed out | p50 ms | p99 ms | max ms |",
        "|---|---|---|---|---|---|---|---|",
        *rows,
        "",
        f"With {max(SLOW_COUNTS)} slow clients connected, {timed_out} of `scorer serve`'s probes timed out and "
        f"the worse of its two p99s was {worst_p99:.1f} ms (target: p99 under 100 ms). The sync worker is held by "
        f"the first {WORKERS} slow clients; gthread as soon as slow clients hold all {THREADS} threads of one worker "
        "(that worker keeps accepting connections it has no free thread for); BufferingWorker reads every request "
        "in its event loop and hands a thread only a complete request, so a slow client costs a socket until "
        "`SCORER_READ_TIMEOUT` (10 s) ends it with 408.\n",
    ])
