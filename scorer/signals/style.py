"""Style: exclamations, shouting capitals, second-person address, loaded words, clickbait headlines, length."""

from __future__ import annotations

import math
import re

from scorer import lexicons
from scorer.segment import Document
from scorer.signals.base import SignalResult, capped, spans

_EXCLAMATION = re.compile(r"!+")
# A word of 3+ capital letters and nothing else; acronyms of 2-5 letters are common in news, so see below.
_ALL_CAPS_WORD = re.compile(r"\b[A-Z]{3,}\b")
# Acronyms this short are usually organisations (NATO, FBI, UNESCO), not shouting.
_MAX_ACRONYM_LEN = 6


def exclamations_per_sentence(doc: Document) -> SignalResult:
    """Exclamation marks (runs count once) per sentence of body text."""
    matches = list(_EXCLAMATION.finditer(doc.text.text))
    return SignalResult(doc.text.per_sentence(len(matches)), spans(matches, doc.text, "exclamation"))


def _shouting(match: re.Match) -> bool:
    return len(match.group()) > _MAX_ACRONYM_LEN


def all_caps_per_100_words(doc: Document) -> SignalResult:
    """Words of 7+ capital letters (shouting, not acronyms) per 100 words of body text."""
    matches = [m for m in _ALL_CAPS_WORD.finditer(doc.text.text) if _shouting(m)]
    return SignalResult(doc.text.per_100_words(len(matches)), spans(matches, doc.text, "all-caps word"))


def log_word_count(doc: Document) -> SignalResult:
    """Natural log of 1 + the number of words in the body text."""
    return SignalResult(math.log1p(doc.text.word_count))


# Second-person address: you, your, yours, yourself, yourselves (contractions count by their "you").
_SECOND_PERSON = re.compile(r"\byou(?:rselves|rself|rs|r)?\b", re.IGNORECASE)
_LOADED = lexicons.pattern("loaded_words")
_CLICKBAIT_PHRASE = lexicons.pattern("clickbait")
# "10 Reasons ...", "7 things ...": a number first, then (within two words) a listicle noun.
_LISTICLE = re.compile(
    r"^\s{0,10}\d{1,3}\s+(?:\w+\s+){0,2}?(?:reasons|things|ways|times|signs|facts|photos|pictures|tips|tricks|"
    r"secrets|moments|questions|lessons|mistakes|myths|rules|habits|truths|quotes|memes|tweets|celebrities|"
    r"people|foods|words)\b",
    re.IGNORECASE,
)
_QUESTION_HEADLINE = re.compile(r"\?[\s\"'”’)]{0,5}\Z")
_HEADLINE_EXCLAMATION = re.compile(r"!+")
_LETTER = re.compile(r"[^\W\d_]")
# An all-caps headline needs this many letters, so "NATO" or "UK" alone is not shouting.
MIN_CAPS_HEADLINE_LETTERS = 12


def second_person_per_100_words(doc: Document) -> SignalResult:
    """Second-person address ("you", "your", "yourself") per 100 words of body text."""
    matches = list(_SECOND_PERSON.finditer(doc.text.text))
    return SignalResult(doc.text.per_100_words(len(matches)), spans(matches, doc.text, "second person"))


def loaded_words_per_100_words(doc: Document) -> SignalResult:
    """Loaded or emotive words ("shocking", "slams", "traitor") per 100 words of body text."""
    matches = list(_LOADED.finditer(doc.text.text))
    return SignalResult(doc.text.per_100_words(len(matches)), spans(matches, doc.text, "loaded word"))


def _all_caps_headline(title: str) -> re.Match | None:
    """The whole (stripped) title when it has 12+ letters and none of them is lower case."""
    letters = _LETTER.findall(title)
    if len(letters) >= MIN_CAPS_HEADLINE_LETTERS and not any(ch.islower() for ch in letters):
        return re.search(r"\S(?:.*\S)?", title, re.DOTALL)
    return None


def clickbait_title_cues(doc: Document) -> SignalResult:
    """Kinds of clickbait cue in the headline (teaser phrase, listicle number, question, exclamation, all caps), 0-5."""
    title = doc.title
    kinds: list[tuple[str, list[re.Match]]] = [
        ("clickbait phrase", list(_CLICKBAIT_PHRASE.finditer(title.text))),
        ("listicle number", list(_LISTICLE.finditer(title.text))),
        ("question headline", list(_QUESTION_HEADLINE.finditer(title.text))),
        ("exclamation in headline", list(_HEADLINE_EXCLAMATION.finditer(title.text))),
        ("all-caps headline", [m for m in [_all_caps_headline(title.text)] if m]),
    ]
    found = [(label, matches) for label, matches in kinds if matches]
    evidence = tuple(span for label, matches in found for span in spans(matches, title, label))
    return SignalResult(float(len(found)), capped(evidence))


def mean_sentence_length(doc: Document) -> SignalResult:
    """Mean number of words per sentence of body text (0 for no sentences)."""
    sentences = len(doc.text.sentences)
    return SignalResult(doc.text.word_count / sentences if sentences else 0.0)


def mean_word_length(doc: Document) -> SignalResult:
    """Mean number of characters per word of body text (0 for no words)."""
    tokens = doc.text.tokens
    return SignalResult(sum(end - start for start, end in tokens) / len(tokens) if tokens else 0.0)
