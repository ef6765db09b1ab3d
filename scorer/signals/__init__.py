"""Credibility signals: the registry lives in `catalog.py`; this module looks signals up and runs them."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from scorer.article import Article
from scorer.segment import Document, segment
from scorer.signals.base import MAX_EVIDENCE, Signal, SignalResult, Span
from scorer.signals.catalog import SIGNALS

__all__ = [
    "MAX_EVIDENCE",
    "SIGNALS",
    "SIGNAL_NAMES",
    "SIGNAL_SET_VERSION",
    "SIGNAL_VALUES_VERSION",
    "Signal",
    "SignalResult",
    "Span",
    "UnknownSignalError",
    "extract_signals",
    "get_signal",
]

SIGNAL_NAMES: tuple[str, ...] = tuple(s.name for s in SIGNALS)
_BY_NAME = {s.name: s for s in SIGNALS}
assert len(_BY_NAME) == len(SIGNALS), "two signals share a name in catalog.py"


# Bumped by hand whenever a change to the code may change any signal's value or evidence (then regenerate the
# golden values with `python -m tests.golden` and rebuild the training table with `make features`). A comment or a
# refactor that keeps every value leaves it alone, and tests/test_signals_golden.py checks that it did.
SIGNAL_VALUES_VERSION: int = 2


def _signal_set_digest() -> str:
    """Changes when a signal is added, removed, renamed, reordered or changes unit, when a lexicon file's phrases
    change, and when SIGNAL_VALUES_VERSION is bumped; never for a comment or a refactor."""
    from scorer import lexicons

    digest = hashlib.sha256(f"values {SIGNAL_VALUES_VERSION}\n".encode())
    digest.update("\n".join(f"{s.name}|{s.unit}" for s in SIGNALS).encode())
    for name in lexicons.available():
        digest.update(f"\n{name}:".encode())
        digest.update("\n".join(lexicons.load(name)).encode())
    return digest.hexdigest()[:12]


SIGNAL_SET_VERSION = _signal_set_digest()


class UnknownSignalError(KeyError):
    def __str__(self) -> str:
        return f"unknown signal {self.args[0]!r}; known signals: {', '.join(SIGNAL_NAMES)}"


def get_signal(name: str) -> Signal:
    try:
        return _BY_NAME[name]
    except KeyError:
        raise UnknownSignalError(name) from None


def extract_signals(article: Article | Document, names: Iterable[str] | None = None) -> dict[str, SignalResult]:
    """Run the named signals (default: every one, in catalog order) over one article, segmented once."""
    doc = article if isinstance(article, Document) else segment(article)
    if names is None:
        return {s.name: s.compute(doc) for s in SIGNALS}
    return {name: get_signal(name).compute(doc) for name in names}
