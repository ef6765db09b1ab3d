"""`scorer score`: text, JSON or HTML from a file or stdin; readable or --json output; bad input exits 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from scorer.cli import EXIT_MODEL, cli, detect_format

# Invented example article.
TITLE = "Harbour authority opens new ferry terminal"
TEXT = (
    "The harbour authority opened a new ferry terminal on Friday, its director said.\n"
    "\"The terminal doubles our capacity,\" said Jonas Berg, the authority's director, at the opening.\n"
    "The project cost $18 million, according to the authority's annual report."
)
HTML = f"""<!doctype html><html><head><title>{TITLE}</title></head><body>
<nav>Home | News | Sport</nav><article><h1>{TITLE}</h1>
{"".join(f"<p>{line}</p>" for line in TEXT.splitlines())}
</article><footer>Advertise with us | Contact</footer></body></html>"""


def invoke(args: list[str], stdin: str | bytes | None = None):
    return CliRunner().invoke(cli, ["score", *args], input=stdin)


def test_plain_text_from_stdin_prints_score_band_and_reasons() -> None:
    result = invoke(["-", "--title", TITLE], TEXT)
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[0]
    assert first.startswith("score 0.") and " band " in first
    assert "top reasons" in result.output
    assert "= intercept" in result.output


def test_json_output_is_the_full_result(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text(TEXT)
    result = invoke([str(path), "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert body["band"] in ("high", "medium", "low", "uncertain")
    assert sum(e["contribution"] for e in body["explanations"]) + body["intercept"] == body["logit"]
    for explanation in body["explanations"]:
        for evidence in explanation["evidence"]:
            assert TEXT[evidence["start"] : evidence["end"]] == evidence["text"]


def test_json_article_input_keeps_id_and_title(tmp_path: Path) -> None:
    path = tmp_path / "article.json"
    path.write_text(json.dumps({"id": "ferry-1", "title": TITLE, "text": TEXT}))
    body = json.loads(invoke([str(path), "--json"]).output)
    assert body["id"] == "ferry-1"


def test_html_input_is_extracted() -> None:
    result = invoke(["-", "--json"], HTML)
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert 0 < body["score"] < 1


def test_top_limits_the_reasons_shown() -> None:
    result = invoke(["-", "--top", "2"], TEXT)
    reasons = [line for line in result.output.splitlines() if line.startswith("  ") and "=" in line and "(" in line]
    assert len([line for line in reasons if line.lstrip()[0] in "+-"]) == 2
    assert "more signals with smaller contributions" in result.output


def test_evidence_is_shown_in_readable_output() -> None:
    text = "SHOCKING news!!! Nobody will believe this!!! Share this with everyone!!!"
    result = invoke(["-", "--top", "40"], text)
    assert result.exit_code == 0
    assert '"!!!"' in result.output


@pytest.mark.parametrize(
    ("stdin", "args", "message"),
    [
        ("", [], "empty"),
        ("   \n\t", [], "empty"),
        ("{not json", [], "not valid JSON"),
        ('{"title": "no body"}', [], "non-empty 'text' or 'html'"),
        ('{"text": "x", "colour": "red"}', [], "unknown field"),
        ("[1, 2, 3]", ["--format", "json"], "JSON object"),
        (b"\xff\xfe\x00binary", [], "not valid UTF-8"),
        ("\x00\x01\x02\x03", [], "binary"),
        ("12345 67890", [], "no words"),
        ("<html><body></body></html>", ["--format", "html"], "no article text"),
    ],
    ids=["empty", "whitespace", "broken json", "no body", "unknown field", "json list", "not utf-8", "control chars",
         "no letters", "empty html"],
)
def test_bad_input_is_a_message_on_stderr_and_exit_2(stdin, args, message) -> None:
    result = invoke(["-", *args], stdin)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_missing_file_exits_2(tmp_path: Path) -> None:
    result = invoke([str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert "nope.txt" in result.stderr


def test_a_broken_model_path_exits_3(tmp_path: Path) -> None:
    result = invoke(["-", "--model", str(tmp_path)], TEXT)
    assert result.exit_code == EXIT_MODEL == 3
    assert "the model could not be loaded: no model found" in result.stderr
    assert str(tmp_path) in result.stderr  # the CLI user is told where it looked


@pytest.mark.parametrize(
    ("content", "expected"),
    [("", "text"), ("{}", "json"), ('  {"text": 1}', "json"), ("<!DOCTYPE html><p>x", "html"), ("<p>hi</p>", "html"),
     ("Plain words <b>with</b> tags", "text"), ("[1]", "text")],
)  # fmt: skip
def test_detect_format(content: str, expected: str) -> None:
    assert detect_format(content) == expected
