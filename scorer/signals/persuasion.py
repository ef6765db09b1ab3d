"""Persuasion: the writer working on the reader instead of informing them — calls to share or act, attacks on the
press and institutions, conspiratorial framing, first-person opinion.

Only the writer's own words count. Reported speech, which careful reporting is full of, is left out: a cue inside a
direct quote ("'Wake up,' the protester shouted"), a cue that is a short quote of its own (he vowed to "drain the
swamp"), and a paragraph that opens with a quotation mark (a quote running over several paragraphs) or with a
speaker's label (a transcript line: "FAUCI: I think").
"""

from __future__ import annotations

import re
from bisect import bisect_right

from scorer.segment import Document
from scorer.signals.base import SignalResult, Span, capped

# More calls than this add nothing: one "share before it's deleted" already says what the text is for.
MAX_CALLS = 3
# Marks that open and close a short quote around a cue; a closing mark may follow a comma or full stop.
_OPENING_MARKS = "\"“‘'«„"
_CLOSING_MARKS = ('"', "”", "’", "'", "»", "“", ',"', '."', ",”", ".”")
# A paragraph of reported speech: it opens with a quotation mark, or with a speaker's label in capitals ("FAUCI:").
_SPEECH_PARAGRAPH = re.compile(r"[\"“‘'«„]|[A-Z][A-Z .'’-]{1,40}:")


def speech_paragraphs(doc: Document) -> list[tuple[int, int]]:
    """The body's paragraphs of reported speech (see the module docstring)."""
    text = doc.text.text
    return [(start, end) for start, end in doc.text.paragraphs if _SPEECH_PARAGRAPH.match(text, start, end)]


def in_writers_voice(doc: Document, lexicon: str, label: str) -> list[Span]:
    """The hits of `lexicon` in the body text outside direct quotes and paragraphs of reported speech."""
    field = doc.text
    hits = field.hits(lexicon)
    if not hits:
        return []
    quotes, paragraphs = [(quote.start, quote.end) for quote in doc.attribution.quotes], speech_paragraphs(doc)
    return [
        Span(start, end, label, field.name)
        for start, end in hits
        if not inside(quotes, start, end) and not inside(paragraphs, start, end) and not quoted(field.text, start, end)
    ]


def quoted(text: str, start: int, end: int) -> bool:
    """Whether the cue text[start:end] is itself a short quote: a quotation mark right before and right after it."""
    return start > 0 and text[start - 1] in _OPENING_MARKS and text.startswith(_CLOSING_MARKS, end)


def inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) lies inside one of `spans` (in order and apart, so only the last one opening at or
    before `start` can hold it)."""
    index = bisect_right(spans, (start, float("inf"))) - 1
    return index >= 0 and spans[index][0] <= start and end <= spans[index][1]


def _per_100_words(doc: Document, found: list[Span]) -> SignalResult:
    return SignalResult(doc.text.per_100_words(len(found)), capped(found))


# --- signals ---


def calls_to_share_or_act(doc: Document) -> SignalResult:
    """Calls to share or act ("share before it's deleted", "call your representative") outside quotes, capped at 3."""
    found = in_writers_voice(doc, "calls_to_action", "call to share or act")
    return SignalResult(float(min(len(found), MAX_CALLS)), capped(found))


def press_attacks_per_100_words(doc: Document) -> SignalResult:
    """Attacks on the press or institutions ("mainstream media", "the deep state") outside quotes, per 100 words."""
    return _per_100_words(doc, in_writers_voice(doc, "press_attacks", "attack on press or institutions"))


def conspiracy_framing_per_100_words(doc: Document) -> SignalResult:
    """Conspiratorial framing ("what they don't want you to know", "wake up") outside quotes, per 100 words."""
    return _per_100_words(doc, in_writers_voice(doc, "conspiracy_framing", "conspiratorial framing"))


def first_person_opinion_per_100_words(doc: Document) -> SignalResult:
    """The writer's own opinion ("I think", "in my opinion", "we must") outside quotes, per 100 words."""
    return _per_100_words(doc, in_writers_voice(doc, "first_person_opinion", "first-person opinion"))
