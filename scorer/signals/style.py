"""Style: exclamations, shouting capitals, second-person address, loaded words, clickbait headlines, length."""

from __future__ import annotations

import itertools
import math
import operator
import re

from scorer import lexicons
from scorer.segment import Document, Field
from scorer.signals.base import SignalResult, Span, capped, spans

# Whitespace-separated words are 3-5x cheaper than regex tokens and the signals here need no finer split.
_NON_SPACE = re.compile(r"\S+")
# Punctuation that clings to the end of a whitespace-separated word ("season,", "flow.", "talks”").
TRAILING_PUNCTUATION = ".,;:!?\"'”’)]}…"


def lower_words(field: Field) -> list[str]:
    """The field's whitespace-separated words, lower-cased (punctuation attached); computed once per field."""
    return field.lower_words


def word_spans(field: Field) -> list[tuple[int, int]]:
    """`(start, end)` of each whitespace-separated word, aligned with `lower_words`; computed only when evidence
    needs it."""
    cached = vars(field).get("_word_spans")
    if cached is None:
        cached = vars(field)["_word_spans"] = _single_spaced_spans(field) or [
            m.span() for m in _NON_SPACE.finditer(field.text)
        ]
    return cached


def _single_spaced_spans(field: Field) -> list[tuple[int, int]] | None:
    """Word offsets from the word lengths alone (C-level sums, ~10x faster than a regex scan), valid when every gap
    between words is one whitespace character and lower-casing kept every length; else None."""
    words, text = lower_words(field), field.text
    lengths = list(map(len, words))
    body = text.strip()
    if not words or len(field.lower) != len(text) or sum(lengths) + len(words) - 1 != len(body):
        return None
    lead = len(text) - len(text.lstrip())
    ends = list(map(operator.add, itertools.accumulate(lengths), range(lead, lead + len(words))))
    return list(zip(map(operator.sub, ends, lengths), ends, strict=True))


def lexicon_spans(field: Field, name: str, label: str) -> tuple[Span, ...]:
    """Evidence for every hit of lexicon `name` in the field (one shared Aho-Corasick scan per text)."""
    return capped(Span(start, end, label, field.name) for start, end in lexicons.find(name, field.text))


# Written "!!*", not "!+": a pattern that starts with a literal lets the regex engine skip to it at C speed (15x
# faster here); the same holds for the character classes that open the two patterns below.
_EXCLAMATION = re.compile(r"!!*")
# A word of 3+ capital letters and nothing else; acronyms of 2-5 letters are common in news, so see below.
# The lookbehind (no word character before the first capital) is the "\b" in front, moved after the first letter.
_ALL_CAPS_WORD = re.compile(r"[A-Z](?<!\w[A-Z])[A-Z]{2,}\b")
# Acronyms this short are usually organisations (NATO, FBI, UNESCO), not shouting.
_MAX_ACRONYM_LEN = 6
# What follows a dateline's place name at the start of a paragraph: a bracketed agency, a comma or a dash.
_DATELINE_TAIL = re.compile(r" ?(?:\(|,|—|–|-)")
# Seven capitals in a row: the shortest possible shouting word, searched first because it is a fast literal scan.
_CAPS_RUN = re.compile(r"[A-Z][A-Z]{6}")


def exclamations_per_sentence(doc: Document) -> SignalResult:
    """Exclamation marks (runs count once) per sentence of body text."""
    matches = list(_EXCLAMATION.finditer(doc.text.text))
    return SignalResult(doc.text.per_sentence(len(matches)), spans(matches, doc.text, "exclamation"))


def _shouting(match: re.Match) -> bool:
    """Long enough not to be an acronym, and not a dateline ("WASHINGTON (Reuters) -", "HEMPSTEAD, N.Y. -")."""
    if len(match.group()) <= _MAX_ACRONYM_LEN:
        return False
    text, start = match.string, match.start()
    opens_a_line = start == 0 or text[start - 1] == "\n"
    return not (opens_a_line and _DATELINE_TAIL.match(text, match.end()))


def all_caps_per_100_words(doc: Document) -> SignalResult:
    """Words of 7+ capital letters (shouting, not acronyms) per 100 words of body text."""
    text = doc.text.text
    if not _CAPS_RUN.search(text):  # cheap gate: most articles have no run of 7 capitals at all
        return SignalResult(0.0)
    matches = [m for m in _ALL_CAPS_WORD.finditer(text) if _shouting(m)]
    return SignalResult(doc.text.per_100_words(len(matches)), spans(matches, doc.text, "all-caps word"))


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
_HEADLINE_EXCLAMATION = re.compile(r"!+")
_LETTER = re.compile(r"[^\W\d_]")
# An all-caps headline needs this many letters, so "NATO" or "UK" alone is not shouting.
MIN_CAPS_HEADLINE_LETTERS = 12


def second_person_per_100_words(doc: Document) -> SignalResult:
    """Second-person address ("you", "your", "yourself") per 100 words of body text."""
    hits = lexicons.find("second_person", doc.text.text)
    return SignalResult(doc.text.per_100_words(len(hits)), lexicon_spans(doc.text, "second_person", "second person"))


def loaded_words_per_100_words(doc: Document) -> SignalResult:
    """Loaded or emotive words ("shocking", "slams", "traitor") per 100 words of body text."""
    hits = lexicons.find("loaded_words", doc.text.text)
    return SignalResult(doc.text.per_100_words(len(hits)), lexicon_spans(doc.text, "loaded_words", "loaded word"))


def _all_caps_headline(title: str) -> re.Match | None:
    """The whole (stripped) title when it has 12+ letters and none of them is lower case."""
    letters = _LETTER.findall(title)
    if len(letters) >= MIN_CAPS_HEADLINE_LETTERS and not any(ch.islower() for ch in letters):
        return re.search(r"\S(?:.*\S)?", title, re.DOTALL)
    return None


def clickbait_title_cues(doc: Document) -> SignalResult:
    """Kinds of clickbait cue in the headline (teaser phrase, listicle number, question, exclamation, all caps), 0-5."""
    title = doc.title
    text = title.text
    kinds: list[tuple[str, list[tuple[int, int]]]] = [
        ("clickbait phrase", lexicons.find("clickbait", text)),
        ("listicle number", [m.span() for m in _LISTICLE.finditer(text)]),
        ("question headline", [m.span() for m in _QUESTION_HEADLINE.finditer(text)]),
        ("exclamation in headline", [m.span() for m in _HEADLINE_EXCLAMATION.finditer(text)]),
        ("all-caps headline", [m.span() for m in [_all_caps_headline(text)] if m]),
    ]
    found = [(label, offsets) for label, offsets in kinds if offsets]
    evidence = [Span(start, end, label, "title") for label, offsets in found for start, end in offsets]
    return SignalResult(float(len(found)), capped(evidence))


def mean_sentence_length(doc: Document) -> SignalResult:
    """Mean number of words per sentence of body text (0 for no sentences)."""
    sentences = len(doc.text.sentences)
    return SignalResult(doc.text.word_count / sentences if sentences else 0.0)


def mean_word_length(doc: Document) -> SignalResult:
    """Mean number of non-space characters per whitespace-separated word of body text (0 for no words)."""
    words = lower_words(doc.text)
    return SignalResult(sum(map(len, words)) / len(words) if words else 0.0)
