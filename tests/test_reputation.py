"""Publisher reputation: the table's look-up, loading (shipped, env override, CSV) and the committed build script."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scorer.reputation import REPUTATION_PATH_ENV, Rating, ReputationTable, ReputationTableError, normalise_host
from scorer.training import reputation_table


def table(**ratings: str) -> ReputationTable:
    rows = [{"domain": domain.replace("_", "."), "rating": rating, "rater": "Test rater", "date": "2020"}
            for domain, rating in ratings.items()]  # fmt: skip
    return ReputationTable.from_rows(rows, name="test")


@pytest.mark.parametrize(
    ("value", "host"),
    [
        (None, ""),
        ("", ""),
        ("   ", ""),
        ("Reuters", ""),  # a name, not a domain
        ("not a url at all", ""),
        ("https://WWW.Example.com:8080/story?id=1", "example.com"),
        ("example.com/story", "example.com"),
        ("http://news.example.co.uk/a", "news.example.co.uk"),
        ("example.com.", "example.com"),
        ("ftp://files.example.org", "files.example.org"),
    ],
)
def test_normalise_host(value, host: str) -> None:
    assert normalise_host(value) == host


@pytest.mark.parametrize(
    ("url", "source", "expected"),
    [
        ("https://www.hoax.example/story", None, "low"),
        ("https://politics.daily.example/x", None, "high"),  # a sub-domain of a rated domain
        (None, "daily.example", "high"),  # no URL: the source when it is a domain
        ("https://unknown.example/x", "hoax.example", "low"),  # unknown URL host: the source decides
        ("https://unknown.example/x", None, None),
        (None, "Daily Example", None),  # a publisher's name is not looked up
        (None, None, None),
        ("", "", None),
        ("https://example/x", None, None),  # a bare label is not a domain
        ("https://notdaily.example/x", None, None),  # a suffix match needs a dot boundary
    ],
)
def test_lookup(url, source, expected) -> None:
    rating = table(hoax_example="low", daily_example="high").lookup(url, source)
    assert (rating.rating if rating else None) == expected


def test_lookup_returns_rater_and_date() -> None:
    assert table(hoax_example="mixed").lookup("http://hoax.example") == Rating("hoax.example", "mixed", "Test rater",
                                                                               "2020")  # fmt: skip


def test_shipped_table_loads_and_rates_well_known_domains() -> None:
    shipped = ReputationTable.load()
    assert len(shipped) > 1000
    assert shipped.name == reputation_table.TABLE_NAME
    assert {r.rating for r in shipped.ratings.values()} == {"high", "mixed", "low"}
    assert all(r.rater and r.date in ("2018", "2020") for r in shipped.ratings.values())


def test_environment_variable_replaces_the_table(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "newsroom.json"
    path.write_text(json.dumps({"name": "newsroom-2026", "rater": "Our desk", "date": "2026",
                                "ratings": [{"domain": "example.org", "rating": "low"}]}))  # fmt: skip
    monkeypatch.setenv(REPUTATION_PATH_ENV, str(path))
    loaded = ReputationTable.load()
    assert loaded.name == "newsroom-2026"
    assert loaded.lookup("https://example.org/a") == Rating("example.org", "low", "Our desk", "2026")
    assert loaded.lookup("https://cnn.com/a") is None  # the shipped table is replaced, not extended


def test_a_csv_table_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "desk.csv"
    path.write_text("domain,rating,rater,date\nexample.net,High,Desk,2025\n")
    assert ReputationTable.load(path).lookup(None, "example.net") == Rating("example.net", "high", "Desk", "2025")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.json", "{not json", "is not valid JSON"),
        ("bad.json", "[]", "has no 'ratings' list"),
        ("bad.json", json.dumps({"ratings": [{"domain": "a.example", "rating": "great"}]}), "is not one of"),
        ("bad.json", json.dumps({"ratings": [{"domain": "", "rating": "low"}]}), "no usable domain"),
        ("bad.csv", "domain,rating\nnot a domain,low\n", "no usable domain"),
    ],
)
def test_a_broken_table_is_refused_without_the_servers_path(tmp_path: Path, name, content, message) -> None:
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(ReputationTableError, match=message) as error:
        ReputationTable.load(path)
    assert str(tmp_path) not in str(error.value)


def test_a_missing_table_is_refused_without_the_servers_path(tmp_path: Path) -> None:
    with pytest.raises(ReputationTableError, match="cannot read") as error:
        ReputationTable.load(tmp_path / "missing.json")
    assert str(tmp_path) not in str(error.value)


def _tsv(path: Path, rows: list[tuple[str, str]]) -> None:
    lines = ["source_url\tsource_url_normalized\tref\tfact\tbias"]
    lines += [f"http://{domain}\t{domain}\thttps://mbfc.example/{domain}\t{fact}\tcenter" for domain, fact in rows]
    path.write_text("\n".join(lines) + "\n")


def test_build_script_prefers_the_2020_rating_and_is_reproducible(tmp_path: Path) -> None:
    _tsv(tmp_path / "emnlp18_corpus.tsv", [("both.example", "high"), ("old.example", "low"), ("odd.example", "n/a")])
    _tsv(tmp_path / "acl2020_corpus.tsv", [("both.example", "mixed"), ("www.new.example", "high")])
    out = tmp_path / "table.json"
    assert reputation_table.main(["--mbfc", str(tmp_path), "--out", str(out)]) == 0
    first = out.read_bytes()
    assert reputation_table.main(["--mbfc", str(tmp_path), "--out", str(out)]) == 0
    assert out.read_bytes() == first
    built = ReputationTable.load(out)
    assert {d: (r.rating, r.date) for d, r in built.ratings.items()} == {
        "both.example": ("mixed", "2020"), "old.example": ("low", "2018"), "new.example": ("high", "2020"),
    }  # fmt: skip


def test_build_script_reports_missing_files(tmp_path: Path, capsys) -> None:
    assert reputation_table.main(["--mbfc", str(tmp_path), "--out", str(tmp_path / "x.json")]) == 2
    assert "not found" in capsys.readouterr().err
