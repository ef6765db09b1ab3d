"""Batch runner: one record per item, in order, CSV/JSONL writers, resume after a torn write, worker processes."""

from __future__ import annotations

import csv
import gc
import io
import json
from pathlib import Path

import pytest

from scorer import batch
from scorer.batch import BatchOptions, run_batch
from scorer.feeds import FeedItem
from scorer.model import ModelRef, ScoresEach


class FakeModel(ScoresEach):
    """Scores by text length so every record is predictable; an article containing EXPLODE fails to score."""

    version = "fake-1"

    def score(self, article) -> dict:
        if "EXPLODE" in article.text:
            raise RuntimeError("the fake model refuses this article")
        words = len(article.text.split())
        score = min(words, 100) / 100
        explanations = [
            {"feature": name, "value": float(words * k), "contribution": round(0.1 * k * (-1) ** k, 3)}
            for k, name in ((4, "length"), (3, "three"), (2, "two"), (1, "one"))
        ]
        return {"id": article.id, "score": score, "band": "high" if score >= 0.5 else "low",
                "model_version": self.version, "explanations": explanations}

    def score_many(self, articles) -> list[dict]:
        return [self.score(article) for article in articles]


def fake_model() -> FakeModel:
    """A module-level factory: picklable by reference, so worker processes can load it too."""
    return FakeModel()


def write_jsonl(path: Path, objects) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for obj in objects:
            handle.write((obj if isinstance(obj, str) else json.dumps(obj)) + "\n")
    return path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def run(tmp_path: Path, inputs, out_name="out.jsonl", **options) -> tuple[batch.Summary, Path]:
    out = tmp_path / out_name
    summary = run_batch(BatchOptions([str(p) for p in inputs], out, **options), fake_model, progress_bar=False,
                        notes=lambda message: None)
    return summary, out


MIXED = [
    {"id": "ok-1", "title": "One", "text": "Three short words.", "url": "https://e.example/1"},
    {"id": "empty", "title": "No body", "text": "", "url": "https://e.example/2"},
    "{this line is not json",
    {"id": "boom", "text": "EXPLODE on purpose."},
    {"title": "No id given", "text": " ".join(["word"] * 80)},
]


# --- records ---------------------------------------------------------------------------------------------------


def test_one_record_per_item_in_input_order_with_reasons_and_errors(tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", MIXED)
    summary, out = run(tmp_path, [source])
    records = read_jsonl(out)
    assert [r["status"] for r in records] == ["ok", "error", "error", "error", "ok"]
    assert [r["input"].rsplit(":", 1)[1] for r in records] == [f"line {n}" for n in range(1, 6)]
    first = records[0]
    assert first == {
        "id": "ok-1", "input": f"{source}:line 1", "status": "ok", "url": "https://e.example/1", "score": 0.03,
        "band": "low", "model_version": "fake-1", "error": None,
        "reasons": [{"feature": "length", "value": 12.0, "contribution": 0.4},
                    {"feature": "three", "value": 9.0, "contribution": -0.3},
                    {"feature": "two", "value": 6.0, "contribution": 0.2}],
    }
    assert records[1]["error"] == "the article needs a non-empty 'text' or 'html' field"
    assert records[1]["score"] is None and records[1]["reasons"] is None
    assert records[1]["url"] == "https://e.example/2"  # known even though the item could not be scored
    assert records[2]["error"].startswith("malformed JSON line")
    assert records[3] == {**dict.fromkeys(batch.RECORD_KEYS), "id": "boom", "input": f"{source}:line 4",
                          "status": "error", "error": "scoring failed: the fake model refuses this article"}
    assert len(records[4]["id"]) == 16 and records[4]["score"] == 0.8
    assert (summary.items, summary.scored, summary.errors, summary.skipped) == (5, 2, 3, 0)
    assert "items: 5  scored: 2  errors: 3  articles/s:" in summary.line()


def test_score_chunk_with_only_errors_never_calls_the_model():
    class NoCalls(ScoresEach):
        def score_many(self, articles):
            raise AssertionError("called with nothing to score")

    item = FeedItem("x", "f:line 1", error="bad encoding")
    assert batch.score_chunk([item], lambda: NoCalls()) == [batch.error_record("x", "f:line 1", "bad encoding")]


@pytest.mark.parametrize("chunk_size", [1, 2, 3, 256])
def test_chunk_size_never_changes_the_records(tmp_path, chunk_size):
    source = write_jsonl(tmp_path / "in.jsonl", MIXED)
    _, reference = run(tmp_path, [source], "reference.jsonl")
    _, out = run(tmp_path, [source], chunk_size=chunk_size)
    assert out.read_bytes() == reference.read_bytes()


def test_csv_output_has_a_header_one_line_per_record_and_readable_reasons(tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", [*MIXED, {"id": "multi\nline id", "text": "Id with a break."}])
    _, out = run(tmp_path, [source], "out.csv")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "id,input,status,url,score,band,model_version,reasons,error"
    assert len(lines) == 1 + len(MIXED) + 1  # no record spans two lines, even with a line break in a field
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0]["reasons"] == "length=12 (+0.400); three=9 (-0.300); two=6 (+0.200)"
    assert rows[0]["score"] == "0.03" and rows[1]["score"] == ""
    assert rows[-1]["id"] == "multi line id"


def test_format_option_overrides_the_extension(tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", MIXED[:1])
    _, out = run(tmp_path, [source], "out.txt", fmt="csv")
    assert out.read_text().startswith("id,input,status")


def test_empty_inputs_give_an_empty_output_and_zero_counts(tmp_path):
    (tmp_path / "empty.jsonl").write_text("")
    summary, out = run(tmp_path, [tmp_path / "empty.jsonl"])
    assert out.read_bytes() == b""
    assert (summary.items, summary.scored, summary.errors) == (0, 0, 0)


@pytest.mark.parametrize(
    ("inputs", "output", "message"),
    [
        (["missing.jsonl"], "out.jsonl", "does not exist"),
        (["in.jsonl"], "no-such-folder/out.jsonl", "folder of output"),
        (["in.jsonl"], ".", "is a directory"),
    ],
)
def test_usage_errors_before_anything_is_written(tmp_path, monkeypatch, inputs, output, message):
    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / "in.jsonl", MIXED[:1])
    with pytest.raises(batch.UsageError, match=message):
        run_batch(BatchOptions(inputs, Path(output)), fake_model, progress_bar=False)


def test_ten_thousand_item_jsonl_streams_through_in_order(tmp_path):
    count = 10_000
    source = write_jsonl(tmp_path / "big.jsonl", (
        {"id": f"gen-{i}", "title": f"Item {i}", "text": f"Generated article number {i} says little."}
        if i % 1000 else "{broken" for i in range(count)))
    summary, out = run(tmp_path, [source])
    records = read_jsonl(out)
    assert len(records) == count
    assert [r["input"] for r in records] == [f"{source}:line {i + 1}" for i in range(count)]
    assert sum(r["status"] == "error" for r in records) == 10
    assert (summary.items, summary.scored, summary.errors) == (count, count - 10, 10)


def test_input_stream_is_read_lazily_never_ahead_of_the_scoring(tmp_path):
    read = []

    def items():
        for i in range(10):
            read.append(i)
            yield FeedItem(f"i{i}", f"gen:{i}", fields={"id": f"i{i}", "text": "Some words here."})

    scored = batch.score_local(batch.chunked(items(), 2), fake_model, workers=1)
    next(scored)
    assert read == [0, 1]


# --- resume ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "kept"),
    [
        (b"", b""),
        (b"no newline at all", b""),
        (b'{"a": 1}\n', b'{"a": 1}\n'),
        (b'{"a": 1}\n{"b": 2', b'{"a": 1}\n'),
        (b'{"a": 1}\n{"b": 2}\n{"c"', b'{"a": 1}\n{"b": 2}\n'),
        (b"x" * 200_000 + b"\n" + b"y" * 100_000, b"x" * 200_000 + b"\n"),
    ],
)
def test_cut_torn_tail(tmp_path, content, kept):
    path = tmp_path / "out.jsonl"
    path.write_bytes(content)
    assert batch.cut_torn_tail(path) == len(content) - len(kept)
    assert path.read_bytes() == kept


@pytest.mark.parametrize("out_name", ["out.jsonl", "out.csv"])
def test_resume_after_a_torn_write_finishes_every_item_exactly_once(tmp_path, out_name):
    more = ({"id": f"more-{i}", "text": "More words."} for i in range(7))
    source = write_jsonl(tmp_path / "in.jsonl", [*MIXED, *more])
    _, complete = run(tmp_path, [source], "complete" + Path(out_name).suffix)
    expected = complete.read_bytes()
    # an interrupted run: some whole records and half of the next one
    cut = expected.index(b"\n", len(expected) // 2) + 10
    out = tmp_path / out_name
    out.write_bytes(expected[:cut])
    summary, _ = run(tmp_path, [source], out_name, resume=True, chunk_size=2)
    assert out.read_bytes() == expected
    assert summary.items == len(MIXED) + 7
    assert summary.skipped == expected[:cut].count(b"\n") - (out_name.endswith(".csv"))
    assert (summary.scored, summary.errors) == (2 + 7, 3)  # counts cover the records kept from the first run


def test_resume_with_nothing_left_to_do_changes_nothing(tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", MIXED)
    _, out = run(tmp_path, [source])
    before = out.read_bytes()
    summary, _ = run(tmp_path, [source], resume=True)
    assert out.read_bytes() == before
    assert (summary.items, summary.skipped, summary.errors) == (5, 5, 3)


def test_resume_keeps_an_input_named_twice_twice(tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", MIXED[:1])
    run(tmp_path, [source, source])
    out = tmp_path / "out.jsonl"
    out.write_bytes(out.read_bytes().split(b"\n")[0] + b"\n")  # only the first of the two was written
    run(tmp_path, [source, source], resume=True)
    assert [r["id"] for r in read_jsonl(out)] == ["ok-1", "ok-1"]


def test_without_resume_the_output_is_replaced(tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", MIXED[:1])
    (tmp_path / "out.jsonl").write_text("old content\n")
    _, out = run(tmp_path, [source])
    assert [r["id"] for r in read_jsonl(out)] == ["ok-1"]


@pytest.mark.parametrize(("name", "content"), [("out.jsonl", "not a record\n"), ("out.csv", "some,other,header\n")])
def test_resume_refuses_a_file_that_is_not_batch_output(tmp_path, name, content):
    source = write_jsonl(tmp_path / "in.jsonl", MIXED[:1])
    (tmp_path / name).write_text(content)
    with pytest.raises(batch.UsageError, match="cannot --resume"):
        run(tmp_path, [source], name, resume=True)
    assert (tmp_path / name).read_text() == content


# --- worker processes ------------------------------------------------------------------------------------------


def test_two_worker_processes_give_the_same_records_in_the_same_order(tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", [
        *MIXED, *({"id": f"w-{i}", "text": " ".join(["w"] * (i % 50 + 1))} for i in range(300))])
    _, one = run(tmp_path, [source], "one.jsonl", chunk_size=16)
    _, two = run(tmp_path, [source], "two.jsonl", chunk_size=16, workers=2)
    assert two.read_bytes() == one.read_bytes()



def test_workers_are_spawned_not_forked_while_other_threads_run(tmp_path):
    import threading

    source = write_jsonl(tmp_path / "in.jsonl", [*MIXED, *({"id": f"s-{i}", "text": "Spawned."} for i in range(40))])
    _, one = run(tmp_path, [source], "one.jsonl", chunk_size=8)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)  # a thread such as a progress bar's monitor
    other.start()
    try:
        _, two = run(tmp_path, [source], "two.jsonl", chunk_size=8, workers=2)
    finally:
        stop.set()
        other.join()
    assert two.read_bytes() == one.read_bytes()


def test_a_worker_freezes_its_start_up_objects_once_the_model_is_loaded():
    gc.unfreeze()
    model = ModelRef()()
    assert model.version
    assert gc.get_freeze_count() > 10_000  # the libraries and the model, out of the full collections' way
