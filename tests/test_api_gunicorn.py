"""The real thing: `scorer serve` (gunicorn, 2 workers) on a free loopback port, scoring and /metrics.

Also the helpers the other real-server tests (tests/test_serving_*.py) start their servers with."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ARTICLE = {"title": "Ferry timetable changes", "id": "ferry-1",
           "text": "The ferry operator will run two extra crossings on Sundays from May, its spokesperson said. "
                   "\"Demand has grown by 12 percent,\" she told the local paper."}
ROUND = 8  # requests per concurrent round


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def call(url: str, body: dict | None = None, timeout: float = 10) -> tuple[int, dict | str]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"} if data else {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw, status, kind = response.read().decode(), response.status, response.headers.get_content_type()
    except urllib.error.HTTPError as error:
        raw, status, kind = error.read().decode(), error.code, error.headers.get_content_type()
    return status, json.loads(raw) if "json" in kind else raw


def post_chunked(url: str, body: bytes) -> int:
    """POST with Transfer-Encoding: chunked (no Content-Length); returns the status."""
    host, port = url.rsplit("/", 1)[1].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    chunks = (body[i:i + 65536] for i in range(0, len(body), 65536))
    connection.request("POST", "/v1/score", body=chunks, headers={"Content-Type": "application/json"},
                       encode_chunked=True)
    status = connection.getresponse().status
    connection.close()
    return status


def wait_ready(url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server exited"
        try:
            if call(url + "/readyz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"not ready within {seconds} s")


def metric(text: str, name: str, **labels: str) -> float:
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
               if line.startswith((name + "{", name + " ")) and all(f'{k}="{v}"' in line for k, v in labels.items()))


def worker_pids(master: int) -> set[int]:
    """The live child processes of `master` (gunicorn's workers), from /proc."""
    children = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended while we looked
            continue
        if int(fields[1]) == master and fields[0] != "Z":
            children.add(int(stat.parent.name))
    return children


def wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {seconds} s")
        time.sleep(0.1)


@contextmanager
def running_server(folder: Path, *args: str, workers: int = 2, env: dict | None = None
                   ) -> Iterator[tuple[str, subprocess.Popen]]:
    """`scorer serve` on a free loopback port with `workers` workers, ready and with every worker booted; yields
    its URL and process and stops it with SIGTERM (the log is folder/server.log, metrics under folder/metrics)."""
    port = free_port()
    environment = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(folder / "metrics"), **(env or {})}
    process = subprocess.Popen(
        [sys.executable, "-c", "from scorer.cli import cli; cli()", "serve", "--host", "127.0.0.1",
         "--port", str(port), "--workers", str(workers), *args],
        env=environment, stdout=subprocess.DEVNULL, stderr=open(folder / "server.log", "w"),  # noqa: SIM115
        cwd=Path(__file__).resolve().parents[1])
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url, process)
        wait_for(lambda: len(worker_pids(process.pid)) == workers, 30, "every worker started")
        yield url, process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def server(tmp_path):
    with running_server(tmp_path) as (url, _):
        yield url, tmp_path


def test_gunicorn_scores_and_metrics_add_up_across_workers(server):
    url, folder = server
    # Concurrent rounds until both workers have served (the second may still be booting when /readyz first passes);
    # each worker writes its own sample file, and the scrape must sum them whichever worker answers it.
    sent, deadline = 0, time.monotonic() + 30
    with ThreadPoolExecutor(max_workers=4) as pool:
        while len(list((folder / "metrics").glob("counter_*.db"))) < 2 and time.monotonic() < deadline:
            statuses = list(pool.map(lambda _: call(url + "/v1/score", ARTICLE)[0], range(ROUND)))
            assert statuses == [200] * ROUND
            sent += ROUND
    assert len(list((folder / "metrics").glob("counter_*.db"))) == 2, "both workers should have served requests"
    status, result = call(url + "/v1/score", ARTICLE)
    assert status == 200 and result["id"] == "ferry-1" and 0 <= result["score"] <= 1
    status, problem = call(url + "/v1/score", {"text": 7})
    assert status == 422 and problem["status"] == 422
    assert call(url + "/nope")[0] == 404
    assert post_chunked(url, b'{"text": "' + b"a" * (2 * 1024 * 1024) + b'"}') == 413
    assert post_chunked(url, json.dumps(ARTICLE).encode()) == 200
    text = call(url + "/metrics")[1]
    assert metric(text, "scorer_http_requests_total", route="/v1/score", status="200") == sent + 2
    assert metric(text, "scorer_http_requests_total", route="/v1/score", status="422") == 1
    assert metric(text, "scorer_http_requests_total", route="/v1/score", status="413") == 1
    assert metric(text, "scorer_articles_total", outcome="scored") == sent + 2
    assert metric(text, "scorer_http_request_duration_seconds_count", route="/v1/score") == sent + 4
    assert metric(text, "scorer_http_requests_in_progress") == 1  # summed over both workers: only this scrape
    log_lines = [json.loads(line) for line in (folder / "server.log").read_text().splitlines()
                 if line.startswith("{")]
    assert sum(1 for r in log_lines if r["path"] == "/v1/score") == sent + 4
    assert not any("ferry operator" in json.dumps(r) for r in log_lines)
