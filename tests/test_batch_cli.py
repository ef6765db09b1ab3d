"""`scorer batch` end to end with the shipped model: exit codes, stdin, a feed URL on loopback, kill -9 and resume."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from scorer.cli import cli
from tests.test_feeds import RSS

REPO = Path(__file__).resolve().parents[1]

PARAGRAPH = (
    "The regional water board said on Tuesday that reservoir levels had fallen to 41 percent, down from 58 percent "
    "a year earlier. \"We are asking households to cut use by a tenth,\" board chair Miriam Osei told reporters. "
    "Farmers' groups said the measures could hurt spring planting, according to a statement."
)


def article(i: int) -> dict:
    return {"id": f"art-{i:05d}", "title": f"Reservoir update {i}", "text": f"Report {i}. {PARAGRAPH}",
            "url": f"https://news.example/{i}"}


def write_jsonl(path: Path, objects) -> Path:
    path.write_text("".join((o if isinstance(o, str) else json.dumps(o)) + "\n" for o in objects), encoding="utf-8")
    return path


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def invoke(*args: str, stdin: bytes | None = None):
    return CliRunner().invoke(cli, ["batch", *args], input=stdin, catch_exceptions=False)


def test_all_scored_exits_0_with_a_summary_on_stderr(tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", [article(i) for i in range(3)])
    result = invoke(str(source), "-o", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 0
    assert "items: 3  scored: 3  errors: 0  articles/s:" in result.stderr
    rows = records(tmp_path / "out.jsonl")
    assert [r["id"] for r in rows] == ["art-00000", "art-00001", "art-00002"]
    assert all(0 <= r["score"] <= 1 and r["band"] in ("high", "medium", "low") for r in rows)
    assert all(len(r["reasons"]) == 3 and r["model_version"] for r in rows)
    contributions = [abs(reason["contribution"]) for reason in rows[0]["reasons"]]
    assert contributions == sorted(contributions, reverse=True)  # the strongest signals first


def test_any_failed_item_exits_1_and_is_counted(tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", [article(0), {"id": "blank", "text": "   "}, "{oops"])
    result = invoke(str(source), "-o", str(tmp_path / "out.csv"))
    assert result.exit_code == 1
    assert "items: 3  scored: 1  errors: 2" in result.stderr
    assert len((tmp_path / "out.csv").read_text().splitlines()) == 1 + 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.jsonl", "-o", "out.jsonl"], "does not exist"),
        (["in.jsonl", "-o", "nowhere/out.jsonl"], "does not exist"),
        (["in.jsonl", "-o", "out.jsonl", "--workers", "0"], "0 is not in the range"),
        (["in.jsonl", "-o", "out.jsonl", "--format", "xml"], "'xml' is not one of"),
        (["in.jsonl"], "Missing option '-o'"),
    ],
)
def test_usage_errors_exit_2(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / "in.jsonl", [article(0)])
    result = invoke(*args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_stdin_dash_reads_jsonl(tmp_path):
    stdin = "".join(json.dumps(article(i)) + "\n" for i in range(2)).encode()
    result = invoke("-", "-o", str(tmp_path / "out.jsonl"), stdin=stdin)
    assert result.exit_code == 0
    assert [r["input"] for r in records(tmp_path / "out.jsonl")] == ["<stdin>:line 1", "<stdin>:line 2"]


# --- a feed over HTTP on 127.0.0.1 -----------------------------------------------------------------------------


@pytest.fixture
def feed_server():
    class Feed(BaseHTTPRequestHandler):
        def do_GET(self):  # the name http.server dispatches to
            if self.path != "/gazette.rss":
                self.send_error(404)
                return
            body = RSS.encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Feed)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_feed_url_on_loopback(tmp_path, feed_server):
    url = f"{feed_server}/gazette.rss"
    missing = f"{feed_server}/missing.rss"
    result = invoke(url, missing, "-o", str(tmp_path / "out.jsonl"))
    rows = records(tmp_path / "out.jsonl")
    assert [(r["id"], r["input"], r["status"]) for r in rows] == [
        ("gazette-ferry-0412", f"{url}:item 1", "ok"),
        (rows[1]["id"], f"{url}:item 2", "ok"),
        ("gazette-empty-1", f"{url}:item 3", "error"),
        (rows[3]["id"], missing, "error"),
    ]
    assert rows[0]["url"] == "https://gazette.example/ferry"
    assert "404" in rows[3]["error"]
    assert result.exit_code == 1


# --- kill -9 in the middle of a run, then --resume -------------------------------------------------------------


def _scorer(*args: str) -> list[str]:
    return [sys.executable, "-c", "from scorer.cli import cli; cli()", "batch", *args]


@pytest.mark.slow
def test_kill_9_then_resume_scores_every_item_exactly_once(tmp_path):
    """The first run reads stdin from a pipe this test feeds, so the kill lands mid-run however fast scoring is."""
    count, sent, chunk = 1500, 610, 25
    lines = [json.dumps(article(i)).encode() + b"\n" for i in range(count)]
    out = tmp_path / "out.jsonl"
    process = subprocess.Popen(_scorer("-", "-o", str(out), "--chunk-size", str(chunk)), cwd=REPO,
                               stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               start_new_session=True)
    process.stdin.write(b"".join(lines[:sent]))
    process.stdin.flush()
    complete_chunks = sent // chunk * chunk
    deadline = time.monotonic() + 60
    while not out.exists() or out.read_bytes().count(b"\n") < complete_chunks:
        assert process.poll() is None, process.stderr.read().decode()
        assert time.monotonic() < deadline, "the first run never wrote its records"
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)  # the run is waiting for the rest of its input
    process.wait()
    process.stdin.close()
    process.stderr.close()
    assert out.read_bytes().count(b"\n") == complete_chunks
    with out.open("ab") as handle:  # and a record cut mid-write, as a kill during a write leaves it
        handle.write(b'{"id": "art-0')

    rerun = subprocess.run(_scorer("-", "-o", str(out), "--resume", "--workers", "2"), cwd=REPO,
                           input=b"".join(lines), capture_output=True, timeout=240)
    stderr = rerun.stderr.decode()
    assert rerun.returncode == 0, stderr
    assert f"items: {count} ({complete_chunks} already in OUT)  scored: {count}  errors: 0" in stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]  # whole records only
    assert sorted(r["id"] for r in rows) == [f"art-{i:05d}" for i in range(count)]  # each exactly once
    assert [r["input"] for r in rows] == [f"<stdin>:line {i + 1}" for i in range(count)]  # in input order
