"""`scorer score`: read one article (text, JSON or HTML; a file or stdin) and print its score with the reasons."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import click

from scorer.article import Article, ArticleError, decode_bytes, from_dict, from_html, from_text

# Reasons shown in the readable output; --json always has every signal.
DEFAULT_TOP = 5
# Evidence snippets shown per reason in the readable output.
EVIDENCE_SHOWN = 3
# Characters of one evidence snippet before it is cut with an ellipsis.
SNIPPET_CHARS = 80
FORMATS = ("auto", "text", "json", "html")


def detect_format(content: str) -> str:
    """JSON if it starts with '{', HTML if it starts with a tag, else plain text."""
    head = content.lstrip()[:200].lower()
    if head.startswith("{"):
        return "json"
    if head.startswith(("<!doctype html", "<html", "<head", "<body", "<article", "<div", "<p>", "<p ")):
        return "html"
    return "text"


def read_article(raw: bytes, fmt: str = "auto", title: str | None = None) -> Article:
    """One Article from the bytes of a file; ArticleError says what is wrong with it."""
    content = decode_bytes(raw)
    fmt = detect_format(content) if fmt == "auto" else fmt
    if fmt == "json":
        try:
            obj = json.loads(content)
        except json.JSONDecodeError as error:
            raise ArticleError(f"input is not valid JSON: {error}") from None
        if title is not None and isinstance(obj, dict):
            obj = {**obj, "title": title}
        return from_dict(obj)
    if fmt == "html":
        return from_html(content, **({"title": title} if title else {}))
    return from_text(content, title=title or "")


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET_CHARS else text[: SNIPPET_CHARS - 1] + "…"


def format_result(result: dict, top: int = DEFAULT_TOP) -> str:
    """A readable explanation: score and band, then the signals that moved it most, with their evidence."""
    lines = [
        f"score {result['score']:.2f}  band {result['band']}  (model {result['model_version']}, id {result['id']})",
        f"logit {result['logit']:+.3f} = intercept {result['intercept']:+.3f} + the contributions below",
        "",
        "top reasons (logit contribution, signal = value):",
    ]
    for explanation in result["explanations"][:top]:
        direction = "raises" if explanation["contribution"] > 0 else "lowers"
        weight = " [prior weight]" if explanation["weight"] == "prior" else ""
        lines.append(
            f"  {explanation['contribution']:+.3f}  {explanation['feature']} = {explanation['value']:.3g}"
            f"  ({direction} the score){weight}"
        )
        lines.extend(textwrap.wrap(explanation["description"], 100, initial_indent=" " * 9,
                                   subsequent_indent=" " * 9))
        for evidence in explanation["evidence"][:EVIDENCE_SHOWN]:
            lines.append(
                f"         · {evidence['label']}: \"{_snippet(evidence['text'])}\" "
                f"({evidence['field']} {evidence['start']}–{evidence['end']})"
            )
        more = len(explanation["evidence"]) - EVIDENCE_SHOWN
        if more > 0:
            lines.append(f"         · … and {more} more")
    rest = len(result["explanations"]) - top
    if rest > 0:
        lines.append(f"  ({rest} more signals with smaller contributions; --json lists all)")
    if result["warnings"]:
        lines += ["", "warnings:", *(f"  - {w}" for w in result["warnings"])]
    return "\n".join(lines)


@click.command("score")
@click.argument("source", type=click.Path(allow_dash=True, dir_okay=False, path_type=Path), default="-")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="auto", show_default=True,
              help="Input format; auto: JSON if it starts with '{', HTML if it starts with a tag, else text.")
@click.option("--title", default=None, help="Headline, for plain-text input (overrides a JSON/HTML title).")
@click.option("--json", "as_json", is_flag=True, help="Print the full result as JSON.")
@click.option("--top", type=click.IntRange(min=1), default=DEFAULT_TOP, show_default=True,
              help="Reasons shown in the readable output.")
@click.option("--model", "model_path", type=click.Path(path_type=Path), default=None,
              help="A model folder (default: $SCORER_MODEL_PATH or the shipped model).")
def score_command(source: Path, fmt: str, title: str | None, as_json: bool, top: int, model_path: Path | None) -> None:
    """Score one article from a file or stdin (-): text, JSON ({"title", "text"|"html", ...}) or HTML."""
    from scorer.model import ModelIntegrityError, load_model

    try:
        raw = sys.stdin.buffer.read() if str(source) == "-" else source.read_bytes()
    except OSError as error:
        click.echo(f"error: cannot read {source}: {error.strerror}", err=True)
        raise SystemExit(2) from None
    try:
        article = read_article(raw, fmt, title)
    except ArticleError as error:
        click.echo(f"error: {error}", err=True)
        raise SystemExit(2) from None
    try:
        model = load_model(model_path)
    except (ModelIntegrityError, FileNotFoundError) as error:
        click.echo(f"error: {error}", err=True)
        raise SystemExit(1) from None
    result = model.score(article)
    click.echo(json.dumps(result, indent=2, ensure_ascii=False) if as_json else format_result(result, top))
