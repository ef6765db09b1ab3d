"""Hedging and certainty: hedges ("reportedly", "may"), boosters ("undeniably") and unsoftened absolutes ("always")."""

from __future__ import annotations

import re

from scorer.segment import Document, Field, Offsets
from scorer.signals.base import SignalResult, capped, spans

# A word right before an absolute that softens it ("not always", "almost never"): then it is no absolute claim.
_SOFTENER = re.compile(r"\b(?:not|almost|nearly|hardly|virtually|practically)\s+\Z", re.IGNORECASE)
# How far back (characters) to look for a softener.
_SOFTENER_REACH = 14


def _hedges(field: Field) -> list[Offsets]:
    """The field's hedges, without "May" with a capital M: the month or a surname ("Theresa May"), not the modal."""
    return [(start, end) for start, end in field.hits("hedges") if field.text[start:end] != "May"]


def _unsoftened(field: Field, hits: list[Offsets]) -> list[Offsets]:
    return [
        (start, end) for start, end in hits if not _SOFTENER.search(field.text, max(0, start - _SOFTENER_REACH), start)
    ]


def hedges_per_sentence(doc: Document) -> SignalResult:
    """Hedges ("reportedly", "allegedly", "it is believed", "may", "could", "appears to") per sentence."""
    hits = _hedges(doc.text)
    return SignalResult(doc.text.per_sentence(len(hits)), spans(hits, "hedge"))


def boosters_per_sentence(doc: Document) -> SignalResult:
    """Boosters that press certainty without evidence ("undeniably", "clearly", "everyone knows") per sentence."""
    hits = doc.text.hits("boosters")
    return SignalResult(doc.text.per_sentence(len(hits)), spans(hits, "booster"))


def absolutes_per_sentence(doc: Document) -> SignalResult:
    """Unsoftened absolutes ("always", "never", "nobody", "100%"; not "almost never") per sentence."""
    hits = _unsoftened(doc.text, doc.text.hits("absolutes"))
    return SignalResult(doc.text.per_sentence(len(hits)), spans(hits, "absolute"))


def title_speculation(doc: Document) -> SignalResult:
    """Hedges and anonymous-source cues in the headline ("could", "reportedly", "sources say"), counted."""
    hedges = _hedges(doc.title)
    anonymous = doc.title.hits("anonymous_sources")
    evidence = sorted(
        (*spans(hedges, "hedge", "title"), *spans(anonymous, "anonymous source", "title")),
        key=lambda span: span.start,
    )
    return SignalResult(float(len(hedges) + len(anonymous)), capped(evidence))
