"""Serving set-up and hygiene (issue 13): when a buffered request is complete, what errors tell a client (no paths,
digests or Python hints), default workers, `make run`'s address, and batch workers that die with their parent."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from api import create_app
from scorer.serve import default_workers
from scorer.serve_worker import MAX_HEAD_BYTES, expects_continue, request_ready, without_expect
from tests.test_api_gunicorn import wait_for, worker_pids

ROOT = Path(__file__).resolve().parents[1]
CAP = 1000  # body cap used in the request_ready table
HEAD = b"POST /v1/score HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"


# --- when the event loop hands a request to a thread ---

@pytest.mark.parametrize(("buffer", "ready"), [
    (b"", False),
    (b"GET /healthz HTTP/1.1\r\nHost: x\r\n", False),  # head not finished
    (b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", True),  # no body
    (HEAD + b"Content-Length: 10\r\n\r\n", False),
    (HEAD + b"Content-Length: 10\r\n\r\n12345", False),
    (HEAD + b"Content-Length: 10\r\n\r\n1234567890", True),
    (HEAD + b"content-length: 3\r\n\r\nabc", True),  # header names in any case
    (HEAD + b"Content-Length: 5000\r\n\r\n", True),  # declared over the cap: the app answers 413 without reading
    (HEAD + b"Content-Length: ten\r\n\r\n", True),  # unreadable: gunicorn's parser answers 400
    (HEAD + b"Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n", False),
    (HEAD + b"Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", True),
    (HEAD + b"Transfer-Encoding: chunked\r\n\r\n" + b"a" * (CAP + 1), True),  # past the cap: 413 from the app
    (b"G" * (MAX_HEAD_BYTES + 1), True),  # an endless head: the parser refuses it
    (b"G" * MAX_HEAD_BYTES, False),
])
def test_request_ready(buffer, ready):
    assert request_ready(buffer, CAP) is ready


def test_expect_continue_is_answered_by_the_loop_and_removed_from_the_request():
    buffer = HEAD + b"Expect: 100-continue\r\nContent-Length: 3\r\n\r\n"
    assert expects_continue(buffer)
    assert not expects_continue(buffer + b"ab")  # the body has started: nothing to answer
    assert not expects_continue(HEAD + b"Content-Length: 3\r\n\r\n")
    assert without_expect(buffer) == HEAD + b"Content-Length: 3\r\n\r\n"


# --- what errors say ---

INTERNALS = re.compile(r"/tmp|/work|/home|/srv|[0-9a-f]{64}|Traceback|sys\.|set_int_max_str_digits|\w+Error\b")


def broken_models(tmp_path: Path, shipped: Path) -> dict[str, Path]:
    """Model folders broken in the ways /readyz must report: a tampered data file, a missing folder, a folder
    with no model file."""
    tampered = tmp_path / "tampered"
    shutil.copytree(shipped, tampered)
    data_file = next(p for p in (tampered / "model.json", tampered / "model.joblib") if p.is_file())
    with open(data_file, "ab") as handle:
        handle.write(b"\n ")
    empty = tmp_path / "empty"
    empty.mkdir()
    return {"tampered": tampered, "missing": tmp_path / "absent", "empty": empty}


@pytest.mark.parametrize(("case", "words"), [("tampered", "does not match the sha256"), ("missing", "no model found"),
                                             ("empty", "no model found")])
def test_readyz_says_what_failed_without_paths_or_digests(tmp_path, model, case, words):
    folder = broken_models(tmp_path, model.path)[case]
    client = create_app({"MODEL_PATH": str(folder), "MODEL_WAIT_SECONDS": 30, "API_KEY": "k"}).test_client()
    assert client.post("/v1/score", json={"text": "x"}, headers={"X-API-Key": "k"}).status_code == 503
    response = client.get("/readyz")  # public even with an API key
    body = response.get_data(as_text=True)
    assert response.status_code == 503 and response.mimetype == "application/problem+json"
    assert words in response.get_json()["detail"]
    assert str(tmp_path) not in body and not INTERNALS.search(body), body


@pytest.fixture(scope="module")
def client(model):
    return create_app({"TESTING": True, "MODEL": model}).test_client()


@pytest.mark.parametrize(("route", "body", "status", "says"), [
    ("/v1/score", '{"id": %s, "text": "The council met."}' % ("9" * 5001), 400, "more than 4300 digits"),
    ("/v1/score", '{"id": -%s, "text": "The council met."}' % ("9" * 5001), 400, "more than 4300 digits"),
    ("/v1/score/batch", '{"articles": [{"id": %s, "text": "a b"}]}' % ("1" * 5001), 400, "more than 4300 digits"),
    ("/v1/score", '{"text": "The council met."', 400, "line 1 column"),
    ("/v1/score", '{"text": NaN}', 400, "NaN is not valid JSON"),
    ("/v1/score", "", 400, "empty"),
    ("/v1/score", "[" * 100_000, 400, "nested too deeply"),
    ("/v1/score", b'{"text": "\xff"}', 400, "not valid UTF-8"),
])
def test_problem_details_hold_no_python_internals(client, route, body, status, says):
    response = client.post(route, data=body, content_type="application/json")
    text = response.get_data(as_text=True)
    assert response.status_code == status and says in response.get_json()["detail"]
    assert not INTERNALS.search(text), text


def test_an_id_of_as_many_digits_as_python_allows_is_scored(client):
    response = client.post("/v1/score", data='{"id": %s, "text": "The council met."}' % ("9" * 4300),
                           content_type="application/json")
    assert response.status_code == 200 and response.get_json()["id"] == "9" * 4300


# --- defaults and make run ---

def test_one_worker_per_usable_core_by_default():
    assert default_workers() == len(os.sched_getaffinity(0))


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize(("env", "args", "address"), [
    ({}, [], "--host 127.0.0.1 --port 8000"),
    ({"SCORER_PORT": "18150", "SCORER_HOST": "0.0.0.0"}, [], "--host 0.0.0.0 --port 18150"),
    ({"SCORER_PORT": "18150"}, ["PORT=18151", "HOST=::1"], "--host ::1 --port 18151"),  # the command line wins
])
def test_make_run_listens_where_it_is_told(env, args, address):
    environment = {k: v for k, v in os.environ.items() if k not in ("SCORER_PORT", "SCORER_HOST", "PORT", "HOST")}
    out = subprocess.run(["make", "-n", "run", *args], cwd=ROOT, env={**environment, **env}, capture_output=True,
                         text=True, check=True, timeout=30).stdout
    assert f"scorer serve {address}" in out


# --- batch workers die with their parent ---

def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the process tree from /proc")
def test_batch_workers_exit_when_the_batch_is_killed(tmp_path):
    text = "The council said on Monday that the bridge will reopen in May, a spokesperson told reporters. " * 5
    with open(tmp_path / "in.jsonl", "w") as handle:
        for number in range(50_000):  # far more than the few seconds this test lets it run
            handle.write(json.dumps({"id": str(number), "text": text}) + "\n")
    batch = subprocess.Popen(
        [sys.executable, "-c", "from scorer.cli import cli; cli()", "batch", str(tmp_path / "in.jsonl"),
         "-o", str(tmp_path / "out.jsonl"), "--workers", "2"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: len(worker_pids(batch.pid)) >= 2, 60, "two batch workers started")
        time.sleep(1)  # both are scoring
        workers = worker_pids(batch.pid)
        batch.send_signal(signal.SIGKILL)
        batch.wait(timeout=10)
        wait_for(lambda: not any(alive(pid) for pid in workers), 10, "the workers exited after their parent")
    finally:
        for pid in worker_pids(batch.pid) | locals().get("workers", set()):
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        if batch.poll() is None:
            batch.kill()
