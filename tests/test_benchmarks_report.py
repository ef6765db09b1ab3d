"""`python -m benchmarks` report writing: `--only` replaces one section and keeps the others."""

from __future__ import annotations

from pathlib import Path

import pytest

import benchmarks.__main__ as report
from benchmarks import api_load, signals_speed


@pytest.mark.parametrize(
    "sections",
    [
        {},
        {"benchmarks.api_load": "## API\n\nrow\n"},
        {"benchmarks.api_load": "## API\n\n| a |\n", "benchmarks.signals_speed": "## Signals\n\n<!-- a comment -->\n"},
        {"benchmarks.signals_speed": "## Signals\n\n" + "x" * 100_000 + "\n"},
    ],
)
def test_split_reads_back_what_render_wrote(sections):
    written = report.render_report(report.report_header(Path("data")), sections)
    assert report.split_sections(written) == sections


def test_render_puts_sections_in_report_order():
    written = report.render_report("# B\n", {"benchmarks.api_load": "## API\n", "benchmarks.signals_speed": "## S\n"})
    assert written.index("## S") < written.index("## API")


@pytest.mark.parametrize("old_report", ["", "# Benchmarks\n\nno marks in this report\n"])
def test_split_of_a_report_without_marks_is_empty(old_report):
    assert report.split_sections(old_report) == {}


def test_dated_section_puts_the_run_under_the_heading():
    dated = report.dated_section("## API load\n\nbody\n", "2026-01-02", "x86_64, 2 cores")
    assert dated == "## API load\n\nRun on 2026-01-02, x86_64, 2 cores.\n\nbody\n"


def test_only_replaces_its_section_and_keeps_the_others(tmp_path, monkeypatch):
    out = tmp_path / "benchmarks.md"
    monkeypatch.setattr(signals_speed, "run", lambda datasets: "## Signals\n\nfirst run\n")
    monkeypatch.setattr(api_load, "run", lambda datasets: "## API\n\nfirst run\n")
    for name in ("signals_speed", "api_load"):
        assert report.main(["--datasets", str(tmp_path), "--out", str(out), "--only", name]) == 0
    monkeypatch.setattr(api_load, "run", lambda datasets: "## API\n\nsecond run\n")
    assert report.main(["--datasets", str(tmp_path), "--out", str(out), "--only", "api_load"]) == 0
    text = out.read_text(encoding="utf-8")
    assert "## Signals\n\nRun on " in text and "first run" in text
    assert "second run" in text and text.count("## API") == 1
    assert text.index("## Signals") < text.index("## API")


@pytest.mark.parametrize("name", ["", "nope", "api_load; rm -rf /", "x" * 1000])
def test_an_unknown_section_is_refused(tmp_path, capsys, name):
    out = tmp_path / "benchmarks.md"
    assert report.main(["--datasets", str(tmp_path), "--out", str(out), "--only", name]) == 2
    assert "no benchmark section" in capsys.readouterr().err
    assert not out.exists()
