"""Style: exclamations, shouting capitals, second-person address, loaded words, clickbait headlines, length."""

from __future__ import annotations

import math
import re
from functools import cache

from scorer import lexicons
from scorer.segment import Document, Offsets
from scorer.signals.base import SignalResult, Span, capped, spans

# Both patterns open with a character (not "!+" or "\b"), which lets the regex engine skip ahead to where a match
# can start instead of trying every position.
_EXCLAMATION = re.compile(r"!!*")
# A word of 3+ capital letters and nothing else; acronyms of 2-5 letters are common in news, so see below.
# The lookbehind (no word character before the first capital) is the "\b" in front, moved after the first letter.
_ALL_CAPS_WORD = re.compile(r"[A-Z](?<!\w[A-Z])[A-Z]{2,}\b")
# Acronyms this short are usually organisations (NATO, FBI, UNESCO), not shouting.
_MAX_ACRONYM_LEN = 6
# What follows a dateline's place name at the start of a paragraph: a bracketed agency, a comma or a dash.
_DATELINE_TAIL = re.compile(r" ?(?:\(|,|—|–|-)")


def exclamations_per_sentence(doc: Document) -> SignalResult:
    """Exclamation marks (runs count once) per sentence of body text."""
    found = [match.span() for match in _EXCLAMATION.finditer(doc.text.text)]
    return SignalResult(doc.text.per_sentence(len(found)), spans(found, "exclamation"))


@cache
def _wordmarks() -> frozenset[str]:
    return frozenset(map(str.upper, lexicons.load("caps_wordmarks")))


def _shouting(match: re.Match) -> bool:
    """Long enough not to be an acronym, not a wordmark ("told POLITICO"), not a label ("RELATED:", "CORRECTION:",
    a transcript's "CHRIS MATTHEWS:") and not a dateline ("WASHINGTON (Reuters) -", "HEMPSTEAD, N.Y. -")."""
    word, text, start = match.group(), match.string, match.start()
    if len(word) <= _MAX_ACRONYM_LEN or word in _wordmarks() or text.startswith(":", match.end()):
        return False
    opens_a_line = start == 0 or text[start - 1] == "\n"
    return not (opens_a_line and _DATELINE_TAIL.match(text, match.end()))


def all_caps_per_100_words(doc: Document) -> SignalResult:
    """Words of 7+ capital letters (shouting, not acronyms, wordmarks or labels) per 100 words of body text."""
    found = [m.span() for m in _ALL_CAPS_WORD.finditer(doc.text.text) if _shouting(m)]
    return SignalResult(doc.text.per_100_words(len(found)), spans(found, "all-caps word"))


def log_word_count(doc: Document) -> SignalResult:
    """Natural log of 1 + the number of words in the body text."""
    return SignalResult(math.log1p(doc.text.word_count))


_LISTICLE = re.compile(
    r"^\s{0,10}\d{1,3}\s+(?:\w+\s+){0,2}?(?:reasons|things|ways|times|signs|facts|photos|pictures|tips|tricks|"
    r"secrets|moments|questions|lessons|mistakes|myths|rules|habits|truths|quotes|memes|tweets|celebrities|"
    r"people|foods|words)\b",
    re.IGNORECASE,
)
_QUESTION_HEADLINE = re.compile(r"\?[\s\"'”’)]{0,5}\Z")
_LETTER = re.compile(r"[^\W\d_]")
_STRIPPED = re.compile(r"\S(?:.*\S)?", re.DOTALL)
# An all-caps headline needs this many letters, so "NATO" or "UK" alone is not shouting.
MIN_CAPS_HEADLINE_LETTERS = 12


def second_person_per_100_words(doc: Document) -> SignalResult:
    """Second-person address ("you", "your", "yourself") per 100 words of body text."""
    hits = doc.text.hits("second_person")
    return SignalResult(doc.text.per_100_words(len(hits)), spans(hits, "second person"))


def loaded_words_per_100_words(doc: Document) -> SignalResult:
    """Loaded or emotive words ("shocking", "slams", "traitor") per 100 words of body text."""
    hits = doc.text.hits("loaded_words")
    return SignalResult(doc.text.per_100_words(len(hits)), spans(hits, "loaded word"))


def _all_caps_headline(title: str) -> re.Match | None:
    """The whole (stripped) title when it has 12+ letters and none of them is lower case."""
    letters = _LETTER.findall(title)
    if len(letters) >= MIN_CAPS_HEADLINE_LETTERS and not any(ch.islower() for ch in letters):
        return _STRIPPED.search(title)
    return None


def _spans(match: re.Match | None) -> list[Offsets]:
    return [match.span()] if match else []


def clickbait_title_cues(doc: Document) -> SignalResult:
    """Kinds of clickbait cue in the headline (teaser phrase, listicle number, question, exclamation, all caps), 0-5."""
    title = doc.title
    text = title.text
    kinds: list[tuple[str, list[Offsets]]] = [
        ("clickbait phrase", title.hits("clickbait")),
        ("listicle number", _spans(_LISTICLE.match(text))),  # "^" without MULTILINE: only at the start
        ("question headline", _spans(_QUESTION_HEADLINE.search(text))),
        ("exclamation in headline", [m.span() for m in _EXCLAMATION.finditer(text)]),
        ("all-caps headline", _spans(_all_caps_headline(text))),
    ]
    found = [(label, offsets) for label, offsets in kinds if offsets]
    evidence = [Span(start, end, label, "title") for label, offsets in found for start, end in offsets]
    return SignalResult(float(len(found)), capped(evidence))


def mean_sentence_length(doc: Document) -> SignalResult:
    """Mean number of words per sentence of body text (0 for no sentences; a run of more than 60 words with no full
    stop counts as sentences of 60)."""
    return SignalResult(doc.text.per_sentence(doc.text.word_count))


def mean_word_length(doc: Document) -> SignalResult:
    """Mean number of non-space characters per word of body text (0 for no words; tokens that cannot be words, such
    as URLs and tokens of over 40 characters, are left out)."""
    words = doc.text.lower_words
    return SignalResult(sum(map(len, words)) / len(words) if words else 0.0)
