"""Sourcing: how many different named people and bodies speak, whether the other side is heard, and whether the text
points to the documents, studies and data behind it.

The speakers and quotes come from the one attribution analysis of the body text (`Document.attribution`).
"""

from __future__ import annotations

import re
from bisect import bisect_left

from scorer.segment import Document
from scorer.signals.base import SignalResult, Span, capped

# Distinct speakers above this many add nothing an editor would weigh differently; it also bounds the value.
MAX_SPEAKERS = 10
_NAME_WORD = re.compile(r"[\w'’.-]+")
# Words of a subject that are not the speaker's name ("Brandt also said", "the ministry has said").
_FILLER = frozenset("the a an also later then has have had previously earlier recently once again further".split())  # noqa: SIM905


def speaker_key(name: str) -> str:
    """The word that identifies a speaker across mentions: the last name word ("Tomas Brandt" and "Brandt" -> brandt,
    "the ministry" -> ministry), without a possessive."""
    words = [w.strip(".,;:'’\"”“") for w in _NAME_WORD.findall(name)]
    words = [w for w in words if w and w.lower() not in _FILLER]
    if not words:
        return ""
    return words[-1].lower().removesuffix("'s").removesuffix("’s")


def named_speakers(doc: Document) -> list[Span]:
    """One span per distinct named speaker (its first mention with the reporting cue: "Tomas Brandt said")."""
    text = doc.text.text
    first_mentions: dict[str, Span] = {}
    for cue in doc.attribution.cues:
        if cue.kind != "named":
            continue
        start, end = cue.evidence
        name = text[start : cue.start] if start < cue.start else text[cue.end : end]
        key = speaker_key(name)
        if key and key not in first_mentions:
            first_mentions[key] = Span(start, end, "speaker", "text")
    return list(first_mentions.values())


def counterpoints(doc: Document) -> list[Span]:
    """The other side given a voice: a counterpoint phrase ("critics say", "disputed", "declined to comment"), or a
    contrast word followed by a reporting cue in its sentence ("However, Brandt said")."""
    field = doc.text
    hits = {name: field.hits(name) for name in ("counterpoints", "contrast_connectives")}
    found = [(start, end, "counterpoint") for start, end in hits["counterpoints"]]
    cues = doc.attribution.cues
    cue_starts = [cue.start for cue in cues]
    for start, end in hits["contrast_connectives"]:
        sentence_end = field.sentences[max(field.sentence_index(start), 0)][1] if field.sentences else len(field.text)
        index = bisect_left(cue_starts, end)
        if index < len(cues) and cues[index].end <= sentence_end:
            found.append((start, cues[index].end, "contrast with a source"))
    found.sort()
    kept: list[Span] = []
    for start, end, label in found:
        if not kept or start >= kept[-1].end:
            kept.append(Span(start, end, label, field.name))
    return kept


def document_references(doc: Document) -> list[Span]:
    """References to documents, studies and data ("according to a report by", "a study published in", "data from")."""
    field = doc.text
    hits = field.hits("document_references")
    return [Span(start, end, "document", field.name) for start, end in hits]


# --- signals ---


def distinct_named_sources(doc: Document) -> SignalResult:
    """Different named people or bodies given a statement ("Brandt said", "according to the ministry"), capped at 10."""
    speakers = named_speakers(doc)
    return SignalResult(float(min(len(speakers), MAX_SPEAKERS)), capped(speakers))


def counterpoints_per_100_words(doc: Document) -> SignalResult:
    """The other side heard ("critics say", "However, Brandt said", "disputed", "declined to comment") per 100 words."""
    found = counterpoints(doc)
    return SignalResult(doc.text.per_100_words(len(found)), capped(found))


def document_references_per_100_words(doc: Document) -> SignalResult:
    """References to documents, studies and data ("according to a report by", "data from") per 100 words."""
    found = document_references(doc)
    return SignalResult(doc.text.per_100_words(len(found)), capped(found))
