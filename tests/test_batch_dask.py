"""The Dask engine: a 2-worker LocalCluster gives byte-identical output to the local engine, errors included."""

from __future__ import annotations

import json

import pytest

from scorer.batch import BatchOptions, run_batch
from scorer.model import ModelRef
from tests.test_batch_cli import article, write_jsonl

pytestmark = pytest.mark.slow

ITEMS = [
    *(article(i) for i in range(40)),
    {"id": "blank", "text": ""},
    "{not json",
    {"id": "binary", "text": "\u0001\u0002\u0003 abc \u0000"},
    *(article(i) for i in range(40, 70)),
]


def _run(tmp_path, name, **options):
    out = tmp_path / name
    summary = run_batch(BatchOptions([str(tmp_path / "in.jsonl")], out, chunk_size=8, **options), ModelRef(),
                        progress_bar=False)
    return summary, out


def test_dask_local_cluster_gives_the_same_records_as_the_local_engine(tmp_path):
    write_jsonl(tmp_path / "in.jsonl", ITEMS)
    local_summary, local = _run(tmp_path, "local.jsonl")
    dask_summary, on_dask = _run(tmp_path, "dask.jsonl", engine="dask", workers=2)
    assert on_dask.read_bytes() == local.read_bytes()
    rows = [json.loads(line) for line in on_dask.read_text().splitlines()]
    assert len(rows) == len(ITEMS)
    assert [r["id"] for r in rows if r["status"] == "error"] == ["blank", rows[41]["id"], "binary"]
    assert (dask_summary.items, dask_summary.scored, dask_summary.errors) == (len(ITEMS), len(ITEMS) - 3, 3)
    assert (local_summary.items, local_summary.errors) == (dask_summary.items, dask_summary.errors)


def test_dask_scheduler_address_and_resume(tmp_path):
    from dask.distributed import LocalCluster

    write_jsonl(tmp_path / "in.jsonl", ITEMS)
    _, local = _run(tmp_path, "local.jsonl")
    expected = local.read_bytes()
    out = tmp_path / "dask.csv"
    _run(tmp_path, "expected.csv")
    complete_csv = (tmp_path / "expected.csv").read_bytes()
    out.write_bytes(complete_csv[: len(complete_csv) // 3])  # an interrupted run with a torn last line
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        summary, _ = _run(tmp_path, "dask.csv", engine="dask", scheduler=cluster.scheduler_address, resume=True)
        _, again = _run(tmp_path, "again.jsonl", engine="dask", scheduler=cluster.scheduler_address)
    assert out.read_bytes() == complete_csv
    assert again.read_bytes() == expected
    assert summary.skipped > 0 and summary.items == len(ITEMS)
