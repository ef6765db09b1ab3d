"""A real `scorer serve` under the things that took it down (issue 13): a slow client past the timeout, `kill -HUP`
of the master, TERM and KILL of a worker, eight clients sending a byte a second, and a model switched under it.
Each test starts its own server on a free loopback port and is bounded by timeouts, not by wall-clock asserts."""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import socket
import threading
import time
from pathlib import Path

import pytest

from tests.test_api_gunicorn import ARTICLE, call, running_server, wait_for, worker_pids

pytestmark = pytest.mark.slow

# Seconds a probe may take before it counts as unanswered: the issue saw 8-10 s waits behind slow clients.
PROBE_TIMEOUT = 5.0
# Log lines that mean the server broke the way issue 13 describes.
BREAKAGE = ("Traceback", "FileNotFoundError", "DuplicateTimeseries", "ImportError", "Reason:")


class Prober:
    """Sends /healthz and /v1/score in turn from a thread, one at a time, and records each status (0: no answer
    within PROBE_TIMEOUT or the connection failed)."""

    def __init__(self, url: str):
        self.url = url
        self.results: list[tuple[str, int]] = []
        self.errors: list[str] = []
        self.running = threading.Event()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def _probe(self, route: str) -> int:
        try:
            return call(self.url + route, ARTICLE if route == "/v1/score" else None, timeout=PROBE_TIMEOUT)[0]
        except OSError as error:
            self.errors.append(f"{time.monotonic():.2f} {route} {error!r}")
            return 0

    def _loop(self) -> None:
        while not self.stopped.is_set():
            if not self.running.wait(0.05):
                continue
            for route in ("/healthz", "/v1/score"):
                self.results.append((route, self._probe(route)))
            time.sleep(0.02)

    def __enter__(self) -> Prober:
        self.running.set()
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopped.set()
        self.thread.join(PROBE_TIMEOUT + 1)

    def failures(self) -> list[tuple[str, int]]:
        return [r for r in self.results if r[1] != 200]


def slow_request(port: int, body: bytes, byte_seconds: float, out: list) -> None:
    """POST /v1/score sending the body one byte every `byte_seconds`; appends the status line it got (or the error)."""
    head = (b"POST /v1/score HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body))
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
            sock.sendall(head)
            for byte in body:
                if select.select([sock], [], [], 0)[0]:
                    break  # the server has answered (408) before the whole body was sent
                sock.sendall(bytes([byte]))
                time.sleep(byte_seconds)
            out.append(sock.recv(65536).split(b"\r\n", 1)[0].decode())
    except OSError as error:
        out.append(type(error).__name__)


def port_of(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


def assert_log_clean(folder: Path) -> None:
    log = (folder / "server.log").read_text()
    assert not [word for word in BREAKAGE if word in log], log[-3000:]


def replaced(master: int, old: set[int], gone: int, workers: int = 2):
    return lambda: gone not in worker_pids(master) and len(worker_pids(master) - old) >= 1 \
        and len(worker_pids(master)) == workers


def test_workers_that_exit_are_replaced_while_the_others_serve(tmp_path):
    body = json.dumps({"text": "The council said the bridge reopens in May."}).encode()
    with running_server(tmp_path, "--timeout", "2", "--read-timeout", "8") as (url, server):
        with Prober(url) as prober:
            # A client trickling its body past the 2 s timeout: before, its sync worker was killed (WORKER TIMEOUT)
            # and the replacement crashed the server. Now it holds no worker, and gets its answer at the end.
            slow: list[str] = []
            slow_request(port_of(url), body, 0.1, slow)
            assert slow == ["HTTP/1.1 200 OK"]

            before = worker_pids(server.pid)
            server.send_signal(signal.SIGHUP)  # reload: new workers, the old ones finish and leave
            wait_for(lambda: len(worker_pids(server.pid) & before) == 0 and len(worker_pids(server.pid)) == 2, 20,
                     "the workers replaced after HUP")
            wait_for(lambda: call(url + "/readyz")[0] == 200, 20, "ready after HUP")

            before = worker_pids(server.pid)
            victim = min(before)
            os.kill(victim, signal.SIGTERM)  # a worker that leaves gracefully (or is still booting: see below)
            wait_for(replaced(server.pid, before, victim), 20, "a TERMed worker replaced")

            prober.running.clear()  # KILL loses the requests the victim holds: send none to it at that instant
            time.sleep(0.3)
            before = worker_pids(server.pid)
            victim = min(before)
            os.kill(victim, signal.SIGKILL)
            prober.running.set()
            wait_for(replaced(server.pid, before, victim), 20, "a KILLed worker replaced")
            wait_for(lambda: call(url + "/readyz")[0] == 200, 20, "ready after KILL")
            time.sleep(1)
        assert prober.failures() == [], prober.errors
        assert {route for route, _ in prober.results} == {"/healthz", "/v1/score"}
        assert call(url + "/v1/score", ARTICLE)[0] == 200
        assert call(url + "/metrics")[0] == 200
        assert server.poll() is None
    assert_log_clean(tmp_path)


def new_worker(master: int, old: set[int], seconds: float = 20) -> int:
    """The pid of a worker of `master` that is not in `old`, as soon as one exists."""
    deadline = time.monotonic() + seconds
    while not (fresh := worker_pids(master) - old):
        if time.monotonic() > deadline:
            raise AssertionError(f"no new worker within {seconds} s")
        time.sleep(0.01)
    return fresh.pop()


def test_a_worker_told_to_stop_while_it_boots_leaves_and_is_replaced(tmp_path):
    # Before: a worker kept the master's signal handlers until it had imported the app (most of a second, more on a
    # busy machine); a TERM then was queued for a master loop that never runs in a worker, and the worker stayed,
    # serving, never replaced. The step above hit this when its victim was still booting as /readyz first answered.
    with running_server(tmp_path) as (url, server):
        before = worker_pids(server.pid)
        os.kill(min(before), signal.SIGKILL)
        booting = new_worker(server.pid, before)
        # gunicorn logs this just before our post_fork hook: earlier, its own few lines after the fork still hold
        # the master's handlers (a window of microseconds no hook reaches).
        wait_for(lambda: f"Booting worker with pid: {booting}" in (tmp_path / "server.log").read_text(), 10,
                 "the new worker's boot logged")
        os.kill(booting, signal.SIGTERM)
        wait_for(replaced(server.pid, before | {booting}, booting), 20, "the worker TERMed while booting replaced")
        wait_for(lambda: call(url + "/readyz")[0] == 200, 20, "ready")
        assert [call(url + "/v1/score", ARTICLE)[0] for _ in range(4)] == [200] * 4
        assert server.poll() is None
    assert_log_clean(tmp_path)


def test_term_drains_a_batch_being_scored(tmp_path):
    # Its own server: the graceful timeout (= --timeout) must outlast the batch even on a busy CI machine.
    with running_server(tmp_path, "--timeout", "20") as (url, server):
        # TERM drains: a batch being scored when it arrives is still answered, then the server stops cleanly.
        articles = [{"id": str(n), "text": f"Report {n}. " + " ".join([ARTICLE["text"]] * 80)} for n in range(100)]
        answer: list = []
        batch = threading.Thread(target=lambda: answer.append(call(url + "/v1/score/batch", {"articles": articles},
                                                                   timeout=30)))
        batch.start()
        time.sleep(0.2)  # the batch (about a second of scoring) has arrived and is being scored
        server.send_signal(signal.SIGTERM)
        batch.join(30)
        assert answer and answer[0][0] == 200 and len(answer[0][1]["results"]) == 100
        assert server.wait(timeout=30) == 0
        log = (tmp_path / "server.log").read_text()
        assert log.index("Handling signal: term") < log.index('"route": "/v1/score/batch"'), "TERM came too late"
    assert_log_clean(tmp_path)


def test_a_worker_past_max_requests_is_replaced(tmp_path):
    with running_server(tmp_path, env={"GUNICORN_CMD_ARGS": "--max-requests 5"}) as (url, server):
        first = worker_pids(server.pid)
        statuses = [call(url + "/v1/score", ARTICLE)[0] for _ in range(30)]
        assert statuses == [200] * 30
        assert worker_pids(server.pid) - first, "some worker reached 5 requests and was replaced"
        assert server.poll() is None
    assert_log_clean(tmp_path)


def test_eight_slow_clients_do_not_hold_the_workers(tmp_path):
    body = json.dumps({"text": "x" * 100}).encode()
    with running_server(tmp_path, "--read-timeout", "4") as (url, _):
        slow: list[str] = []
        trickle = [threading.Thread(target=slow_request, args=(port_of(url), body, 1.0, slow), daemon=True)
                   for _ in range(8)]
        for thread in trickle:
            thread.start()
        time.sleep(0.5)
        with Prober(url) as prober:
            time.sleep(3)  # every slow client is connected and sending throughout
        for thread in trickle:
            thread.join(15)
        assert prober.failures() == []  # each probe answered within PROBE_TIMEOUT while 8 slow clients sent
        assert len(prober.results) >= 10
        # A request that does not arrive within the read timeout is refused, not waited for.
        assert slow == ["HTTP/1.1 408 Request Timeout"] * 8
    assert_log_clean(tmp_path)


def copy_model(source: Path, target: Path, version: str) -> None:
    """A copy of a model folder under another version name (model.json or metadata.json), checksums redone."""
    import hashlib

    shutil.copytree(source, target)
    for name in ("model.json", "metadata.json"):
        if (target / name).is_file():
            data = json.loads((target / name).read_text())
            data["version"] = version
            (target / name).write_text(json.dumps(data, indent=1, sort_keys=True))
    sums = target / "SHA256SUMS"
    if sums.is_file():
        names = [line.split(maxsplit=1)[1].lstrip("*") for line in sums.read_text().splitlines() if line.strip()]
        sums.write_text("".join(f"{hashlib.sha256((target / n).read_bytes()).hexdigest()}  {n}\n" for n in names))


def test_one_server_serves_one_model_until_a_reload(tmp_path, model):
    shipped = model.path  # the folder of the model the suite runs with
    models = tmp_path / "models"
    models.mkdir()
    copy_model(shipped, models / "old-version", "old-version")
    copy_model(shipped, models / "new-version", "new-version")
    (models / "DEFAULT").write_text("old-version\n")
    with running_server(tmp_path, env={"SCORER_MODEL_PATH": str(models)}) as (url, server):
        assert call(url + "/v1/score", ARTICLE)[1]["model_version"] == "old-version"
        (models / "DEFAULT").write_text("new-version\n")  # what `scorer train` does when it sets the default
        before = worker_pids(server.pid)
        victim = min(before)
        os.kill(victim, signal.SIGKILL)
        wait_for(replaced(server.pid, before, victim), 20, "the killed worker replaced")
        wait_for(lambda: call(url + "/readyz")[0] == 200, 20, "ready")
        time.sleep(1)  # the replacement has loaded its model
        versions = [call(url + "/v1/score", ARTICLE)[1]["model_version"] for _ in range(20)]
        assert versions == ["old-version"] * 20
        assert call(url + "/readyz")[1]["model_version"] == "old-version"

        before = worker_pids(server.pid)
        server.send_signal(signal.SIGHUP)  # a reload picks up what DEFAULT names now
        wait_for(lambda: not worker_pids(server.pid) & before and len(worker_pids(server.pid)) == 2, 20, "reload")
        wait_for(lambda: call(url + "/readyz")[0] == 200, 20, "ready after HUP")
        time.sleep(1)
        versions = [call(url + "/v1/score", ARTICLE)[1]["model_version"] for _ in range(20)]
        assert versions == ["new-version"] * 20
    assert_log_clean(tmp_path)


def test_a_request_running_past_the_timeout_gets_its_worker_replaced(tmp_path):
    # Several seconds of scoring in one request (about 27 MB; 100 of these articles took 2 s on 2 busy cores)
    # against a 1 s timeout: its worker stops its heartbeat and is killed by the arbiter, which starts another.
    articles = [{"id": str(n), "text": f"Report {n}. " + " ".join([ARTICLE["text"]] * 400)} for n in range(400)]
    env = {"SCORER_MAX_BODY_BYTES": str(64 * 1024 * 1024), "SCORER_MAX_BATCH": "1000"}
    with running_server(tmp_path, "--timeout", "1", env=env) as (url, server):
        before = worker_pids(server.pid)
        try:
            status = call(url + "/v1/score/batch", {"articles": articles}, timeout=30)[0]
        except OSError:  # the worker was killed while answering: the connection closes unanswered
            status = 0
        assert status != 200
        wait_for(lambda: len(worker_pids(server.pid) - before) >= 1 and len(worker_pids(server.pid)) == 2, 20,
                 "the timed-out worker replaced")
        wait_for(lambda: call(url + "/readyz")[0] == 200, 20, "ready")
        assert [call(url + route, ARTICLE if route == "/v1/score" else None)[0]
                for route in ("/healthz", "/v1/score") * 5] == [200] * 10
        assert server.poll() is None
    assert "WORKER TIMEOUT" in (tmp_path / "server.log").read_text()
    assert_log_clean(tmp_path)
