"""Golden signal values: every signal's value and evidence for the example articles in tests/fixtures.

`tests/golden/signal_values.json` is committed. tests/test_signals_golden.py compares today's values with it, so a
refactor that silently changes a value fails. When a value is meant to change, bump
`scorer.signals.SIGNAL_VALUES_VERSION` and regenerate the file:

    .venv/bin/python -m tests.golden
"""

from __future__ import annotations

import json
from pathlib import Path

from scorer.article import Article
from scorer.signals import SIGNAL_VALUES_VERSION, extract_signals
from tests.fixtures.documents import EDGE
from tests.fixtures.wire_story import VERSIONS

GOLDEN_PATH = Path(__file__).with_name("signal_values.json")
# Values are rounded so that a last-digit difference between platforms' float formatting is not a change.
DIGITS = 9


def example_articles() -> dict[str, Article]:
    """The fixture articles by name: the five wire-story versions and the edge texts every signal must survive."""
    articles = {f"wire_story/{name}": Article(text=v["text"], title=v["title"]) for name, v in VERSIONS.items()}
    articles.update({f"edge/{name}": Article(text=text, title="") for name, text in EDGE.items()})
    return articles


def signal_values(article: Article) -> dict[str, dict]:
    """{signal: {"value": float, "evidence": [[start, end, label, field, text], ...]}} for one article."""
    fields = {"title": article.title, "text": article.text, "page_text": article.page_text or ""}
    return {
        name: {
            "value": round(result.value, DIGITS),
            "evidence": [[s.start, s.end, s.label, s.field, fields[s.field][s.start : s.end]] for s in result.evidence],
        }
        for name, result in extract_signals(article).items()
    }


def current_values() -> dict:
    return {
        "signal_values_version": SIGNAL_VALUES_VERSION,
        "articles": {name: signal_values(article) for name, article in example_articles().items()},
    }


def write(path: Path = GOLDEN_PATH) -> Path:
    path.write_text(json.dumps(current_values(), indent=1, sort_keys=True, ensure_ascii=False) + "\n", "utf-8")
    return path
