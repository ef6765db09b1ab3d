"""Credibility signals: the registry lives in `catalog.py`; this module looks signals up and runs them."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from scorer.article import Article
from scorer.segment import Document, segment
from scorer.signals.base import MAX_EVIDENCE, Signal, SignalResult, Span
from scorer.signals.catalog import SIGNALS

__all__ = [
    "MAX_EVIDENCE",
    "SIGNALS",
    "SIGNAL_NAMES",
    "SIGNAL_SET_VERSION",
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


# The code that computes signal values: editing any of it may change a value, so it is part of the digest.
_VALUE_CODE = ("segment.py", "signals/*.py", "lexicons/__init__.py")


def _value_code_files() -> list[Path]:
    package = Path(__file__).resolve().parent.parent
    return sorted(path for pattern in _VALUE_CODE for path in package.glob(pattern))


def _signal_set_digest() -> str:
    """Changes whenever a signal is added, removed, renamed or reordered, a lexicon file is edited, or the code that
    computes the values is edited (even a refactor: retraining is cheap, a silently stale table is not)."""
    from scorer import lexicons

    digest = hashlib.sha256("\n".join(f"{s.name}|{s.unit}" for s in SIGNALS).encode())
    for name in lexicons.available():
        digest.update("\n".join(lexicons.load(name)).encode())
    for path in _value_code_files():
        digest.update(path.read_bytes().replace(b"\r\n", b"\n"))
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
