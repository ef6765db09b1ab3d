"""Corroboration end to end: POST /v1/score/batch with "corroborate": true, and `scorer batch --corroborate` on the
local and Dask engines."""

from __future__ import annotations

import json

import pytest

from scorer.batch import BatchOptions, run_batch
from scorer.corroboration.model import CorroboratingModelRef
from scorer.model import ModelRef
from tests.fixtures.story_family import FAMILY, UNRELATED
from tests.test_batch_cli import invoke, records, write_jsonl

ARTICLES = [*FAMILY.values(), *UNRELATED.values()]
UNCORROBORATED_IN_REGIONAL = {"£1,500", "17", "Dora Quill said"}


def _uncorroborated(corroboration: dict) -> set[str]:
    return {c["text"] for c in corroboration["claims"] if c["status"] == "uncorroborated"}


def _check_family(by_id: dict[str, dict]) -> None:
    stories = {by_id[key]["corroboration"]["story"] for key in FAMILY}
    assert len(stories) == 1 and None not in stories
    assert all(by_id[key]["corroboration"] == {"story": None, "versions": 1, "claims": []} for key in UNRELATED)
    regional = _uncorroborated(by_id["regional"]["corroboration"])
    assert regional >= UNCORROBORATED_IN_REGIONAL and any(t.startswith('"Nobody in this town') for t in regional)
    assert all(_uncorroborated(by_id[key]["corroboration"]) == set() for key in ("wire", "rewrite-b", "spun"))


# --- the API ---


def test_api_batch_with_corroborate_carries_the_object_and_lowers_the_regional_copy(client) -> None:
    plain = client.post("/v1/score/batch", json={"articles": ARTICLES}).get_json()["results"]
    response = client.post("/v1/score/batch", json={"articles": ARTICLES, "corroborate": True})
    assert response.status_code == 200
    results = response.get_json()["results"]
    by_id = {r["id"]: r for r in results}
    _check_family(by_id)
    assert all("corroboration" not in r for r in plain)
    before = {r["id"]: r for r in plain}
    assert by_id["regional"]["score"] < before["regional"]["score"]
    for key in UNRELATED:
        assert {k: v for k, v in by_id[key].items() if k != "corroboration"} == before[key]
    entry = next(e for e in by_id["regional"]["explanations"] if e["feature"] == "uncorroborated_claims")
    text = FAMILY["regional"]["text"]
    assert all(text[ev["start"] : ev["end"]] == ev["text"] for ev in entry["evidence"])


def test_api_batch_keeps_item_errors_in_place_when_corroborating(client) -> None:
    body = {"articles": [FAMILY["wire"], {"id": "empty", "text": ""}, FAMILY["rewrite-a"], FAMILY["regional"]],
            "corroborate": True}
    results = client.post("/v1/score/batch", json=body).get_json()["results"]
    assert results[1]["id"] == "empty" and results[1]["error"]["status"] == 422
    assert results[0]["corroboration"]["versions"] == 3
    assert results[3]["corroboration"]["story"] == results[0]["corroboration"]["story"]


@pytest.mark.parametrize("value", ["yes", 1, None, [True]], ids=["string", "number", "null", "list"])
def test_api_corroborate_must_be_a_boolean(client, value) -> None:
    response = client.post("/v1/score/batch", json={"articles": ARTICLES[:2], "corroborate": value})
    assert response.status_code == 422
    assert "corroborate" in response.get_json()["detail"]


def test_openapi_describes_corroborate_and_the_corroboration_object(client) -> None:
    spec = client.get("/openapi.json").get_json()
    schemas = spec["components"]["schemas"]
    assert schemas["BatchRequest"]["properties"]["corroborate"]["type"] == "boolean"
    assert "corroboration" in schemas["ScoreResult"]["properties"]
    assert set(schemas["Corroboration"]["properties"]) == {"story", "versions", "claims"}
    assert set(schemas["Claim"]["properties"]) == {"kind", "text", "start", "end", "field", "status",
                                                   "corroborated_by"}
    assert "corroborate" in spec["paths"]["/v1/score/batch"]["post"]["description"]


# --- the CLI ---


def test_cli_batch_corroborate_writes_the_object_in_every_record(tmp_path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", ARTICLES)
    result = invoke(str(source), "-o", str(tmp_path / "out.jsonl"), "--corroborate")
    assert result.exit_code == 0, result.stderr
    rows = records(tmp_path / "out.jsonl")
    assert [r["id"] for r in rows] == [a["id"] for a in ARTICLES]
    _check_family({r["id"]: r for r in rows})
    regional = next(r for r in rows if r["id"] == "regional")
    plain = tmp_path / "plain.jsonl"
    assert invoke(str(source), "-o", str(plain)).exit_code == 0
    before = next(r for r in records(plain) if r["id"] == "regional")
    assert "corroboration" not in before and regional["score"] < before["score"]


def test_cli_stories_are_found_within_a_window_only(tmp_path) -> None:
    # wire, rewrite-a | rewrite-b, blog | spun, regional | ...: windows of 2 hold two versions from two outlets each
    source = write_jsonl(tmp_path / "in.jsonl", ARTICLES)
    assert invoke(str(source), "-o", str(tmp_path / "out.jsonl"), "--corroborate", "--corroborate-window", "2"
                  ).exit_code == 0
    rows = {r["id"]: r["corroboration"] for r in records(tmp_path / "out.jsonl")}
    assert rows["wire"]["versions"] == rows["rewrite-a"]["versions"] == 2
    assert rows["wire"]["story"] == rows["rewrite-a"]["story"] != rows["rewrite-b"]["story"]
    assert rows["regional"]["claims"] and all(c["corroborated_by"] in ([], ["spun"])
                                              for c in rows["regional"]["claims"])


@pytest.mark.parametrize(
    ("args", "message"),
    [(["-o", "out.csv", "--corroborate"], "--corroborate writes JSONL"),
     (["-o", "out.jsonl", "--format", "csv", "--corroborate"], "--corroborate writes JSONL"),
     (["-o", "out.jsonl", "--corroborate", "--corroborate-window", "1"], "--corroborate-window"),
     (["-o", "out.jsonl", "--corroborate", "--corroborate-window", "many"], "--corroborate-window")],
    ids=["csv output", "csv format", "window of one", "window not a number"],
)
def test_cli_corroborate_usage_errors_exit_2(tmp_path, monkeypatch, args, message) -> None:
    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / "in.jsonl", ARTICLES[:2])
    result = invoke("in.jsonl", *args)
    assert result.exit_code == 2 and message in result.stderr
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.slow
def test_dask_engine_corroborates_within_partitions_like_the_local_engine(tmp_path) -> None:
    write_jsonl(tmp_path / "in.jsonl", [*ARTICLES, {**FAMILY["wire"], "id": "wire-again", "url": None}])
    outputs = {}
    for engine in ("local", "dask"):
        out = tmp_path / f"{engine}.jsonl"
        run_batch(BatchOptions([str(tmp_path / "in.jsonl")], out, engine=engine, workers=2, chunk_size=8),
                  CorroboratingModelRef(ModelRef()), progress_bar=False)
        outputs[engine] = out.read_bytes()
    assert outputs["dask"] == outputs["local"]
    rows = [json.loads(line) for line in outputs["dask"].splitlines()]
    # Partitions of 8 items: the six versions share the first; a copy of the wire in the second has no partner there
    assert len({r["corroboration"]["story"] for r in rows[:6]} - {None}) == 1
    assert [r["corroboration"]["story"] for r in rows[8:]] == [None] * 4 and rows[-1]["id"] == "wire-again"


def test_api_utf16_offsets_recount_the_claims_too(client) -> None:
    emoji_wire = {**FAMILY["wire"], "text": "🚢 " + FAMILY["wire"]["text"]}
    body = {"articles": [emoji_wire, FAMILY["rewrite-a"], FAMILY["regional"]], "corroborate": True}
    by_unit = {offsets: client.post("/v1/score/batch", json={**body, "offsets": offsets}).get_json()["results"][0]
               for offsets in ("codepoint", "utf16")}
    points, units = (by_unit[o]["corroboration"]["claims"] for o in ("codepoint", "utf16"))
    assert [c["text"] for c in points] == [c["text"] for c in units] and points
    assert all(u["start"] == p["start"] + 1 and u["end"] == p["end"] + 1 for p, u in zip(points, units, strict=True))
    assert all(emoji_wire["text"][c["start"] : c["end"]] == c["text"] for c in points)
