"""Attribution: who says so. Reporting cues, named and anonymous sources, quotes with a speaker, source lines.

Every signal here reads the one attribution analysis of the body text (`Document.attribution`, built in
analysis.py, where the rules for names, quotes and credit lines are).
"""

from __future__ import annotations

from scorer.segment import Document
from scorer.signals.base import SignalResult, share, spans


def attribution_cues_per_sentence(doc: Document) -> SignalResult:
    """Reporting cues ("said", "told", "according to") per sentence of body text."""
    cues = doc.attribution.cues
    return SignalResult(doc.text.per_sentence(len(cues)), spans(((c.start, c.end) for c in cues), "cue"))


def named_sources_per_sentence(doc: Document) -> SignalResult:
    """Statements handed to a named person or organisation ("Brandt said", "according to the ministry") per sentence."""
    named = [c.evidence for c in doc.attribution.cues if c.kind == "named"]
    return SignalResult(doc.text.per_sentence(len(named)), spans(named, "named source"))


def anonymous_source_share(doc: Document) -> SignalResult:
    """Anonymous sources ("diplomatic sources", "insiders") as a share of named + anonymous sources (0 if none)."""
    analysis = doc.attribution
    named = sum(c.kind == "named" for c in analysis.cues)
    anonymous = len(analysis.anonymous)
    return SignalResult(share(anonymous, anonymous + named), spans(analysis.anonymous, "anonymous source"))


def speaker_quotes_per_sentence(doc: Document) -> SignalResult:
    """Direct quotes of 4+ words with an identified (not anonymous) speaker next to them, per sentence."""
    quotes = [q for q in doc.attribution.quotes if q.speaker and q.speaker.kind != "anonymous"]
    return SignalResult(doc.text.per_sentence(len(quotes)), spans(((q.start, q.end) for q in quotes), "quote"))


def unattributed_quote_share(doc: Document) -> SignalResult:
    """Direct quotes with no identified speaker as a share of all direct quotes (0 if there are no quotes)."""
    quotes = doc.attribution.quotes
    orphans = [q for q in quotes if not q.speaker or q.speaker.kind == "anonymous"]
    evidence = spans(((q.start, q.end) for q in orphans), "quote without speaker")
    return SignalResult(share(len(orphans), len(quotes)), evidence)


def has_source_line(doc: Document) -> SignalResult:
    """1 if the text ends with a source or credit line ("Source: ...", "Reporting by ...", "... contributed")."""
    line = doc.attribution.credit_line
    return SignalResult(1.0 if line else 0.0, spans([line] if line else [], "source line"))
