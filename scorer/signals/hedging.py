"""Hedging and certainty: hedges ("reportedly", "may"), boosters ("undeniably") and unsoftened absolutes ("always").

All three lexicons are matched in the one token pass shared with the attribution family (`lexicon_hits`).
"""

from __future__ import annotations

import re

from scorer.segment import Document, Field
from scorer.signals.attribution import Offsets, evidence_spans, lexicon_hits, title_hits
from scorer.signals.base import SignalResult, capped

# A word right before an absolute that softens it ("not always", "almost never"): then it is no absolute claim.
_SOFTENER = re.compile(r"\b(?:not|almost|nearly|hardly|virtually|practically)\s+\Z", re.IGNORECASE)
# How far back (characters) to look for a softener.
_SOFTENER_REACH = 14


def hedge_hits(field: Field, hits: list[Offsets]) -> list[Offsets]:
    """Drop "May" with a capital M: the month or a surname ("Theresa May"), not the modal verb."""
    return [(start, end) for start, end in hits if field.text[start:end] != "May"]


def _unsoftened(field: Field, hits: list[Offsets]) -> list[Offsets]:
    return [
        (start, end) for start, end in hits if not _SOFTENER.search(field.text, max(0, start - _SOFTENER_REACH), start)
    ]


def hedges_per_sentence(doc: Document) -> SignalResult:
    """Hedges ("reportedly", "allegedly", "it is believed", "may", "could", "appears to") per sentence."""
    hits = hedge_hits(doc.text, lexicon_hits(doc)["hedges"])
    return SignalResult(doc.text.per_sentence(len(hits)), evidence_spans(hits, "hedge"))


def boosters_per_sentence(doc: Document) -> SignalResult:
    """Boosters that press certainty without evidence ("undeniably", "clearly", "everyone knows") per sentence."""
    hits = lexicon_hits(doc)["boosters"]
    return SignalResult(doc.text.per_sentence(len(hits)), evidence_spans(hits, "booster"))


def absolutes_per_sentence(doc: Document) -> SignalResult:
    """Unsoftened absolutes ("always", "never", "nobody", "100%"; not "almost never") per sentence."""
    hits = _unsoftened(doc.text, lexicon_hits(doc)["absolutes"])
    return SignalResult(doc.text.per_sentence(len(hits)), evidence_spans(hits, "absolute"))


def title_speculation(doc: Document) -> SignalResult:
    """Hedges and anonymous-source cues in the headline ("could", "reportedly", "sources say"), counted."""
    hits = title_hits(doc)
    hedges = hedge_hits(doc.title, hits["hedges"])
    anonymous = hits["anonymous_sources"]
    if not hedges and not anonymous:  # 49 headlines in 50: no evidence to merge and sort
        return SignalResult(0.0)
    evidence = sorted(
        (*evidence_spans(hedges, "hedge", "title"), *evidence_spans(anonymous, "anonymous source", "title")),
        key=lambda span: span.start,
    )
    return SignalResult(float(len(hedges) + len(anonymous)), capped(evidence))
