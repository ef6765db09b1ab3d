"""Style: exclamations, shouting capitals, second-person address, loaded words, clickbait headlines, length."""

from __future__ import annotations

import itertools
import math
import operator
import re
from functools import cache

from scorer import lexicons
from scorer.segment import Document, Field
from scorer.signals.base import MAX_EVIDENCE, SignalResult, Span, cached, capped, spans

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
    return cached(field, "word_spans", _word_offsets)


def _word_offsets(field: Field) -> list[tuple[int, int]]:
    return _single_spaced_spans(field) or [m.span() for m in _NON_SPACE.finditer(field.text)]


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


def _hit_spans(hits: list[tuple[int, int]], field: Field, label: str) -> tuple[Span, ...]:
    return tuple(Span(start, end, label, field.name) for start, end in hits[:MAX_EVIDENCE])


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
# UTF-8 bytes with every capital A-Z turned into "A" (every other byte stays what it is, and none of them is "A").
_CAPITALS_TO_A = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"A" * 26)


def exclamations_per_sentence(doc: Document) -> SignalResult:
    """Exclamation marks (runs count once) per sentence of body text."""
    if "!" not in doc.text.text:  # most articles have none; str's memchr is ~10x cheaper than an empty finditer
        return SignalResult(0.0)
    matches = list(_EXCLAMATION.finditer(doc.text.text))
    return SignalResult(doc.text.per_sentence(len(matches)), spans(matches, doc.text, "exclamation"))


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
    text = doc.text.text
    if not _has_capitals_run(text):  # cheap gate: most articles have no run of 7 capitals at all
        return SignalResult(0.0)
    matches = [m for m in _ALL_CAPS_WORD.finditer(text) if _shouting(m)]
    return SignalResult(doc.text.per_100_words(len(matches)), spans(matches, doc.text, "all-caps word"))


def _has_capitals_run(text: str) -> bool:
    """Whether `text` has seven capitals A-Z in a row (the shortest possible shouting word). ~4x cheaper than a regex
    search, which tests each character against [A-Z] (~11 µs an article). In UTF-8 an ASCII character is one byte
    below 128 and any other character bytes of 128 and above, so seven capitals in a row in the text are exactly
    seven in a row in the bytes."""
    return b"AAAAAAA" in text.encode("utf-8", "surrogatepass").translate(_CAPITALS_TO_A)


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
# One of these rules out an all-caps headline: every one is a letter, and lower case.
_ASCII_LOWER_CASE = re.compile(r"[a-z]")
_STRIPPED = re.compile(r"\S(?:.*\S)?", re.DOTALL)
# An all-caps headline needs this many letters, so "NATO" or "UK" alone is not shouting.
MIN_CAPS_HEADLINE_LETTERS = 12


def second_person_per_100_words(doc: Document) -> SignalResult:
    """Second-person address ("you", "your", "yourself") per 100 words of body text."""
    hits = lexicons.find("second_person", doc.text.text)
    return SignalResult(doc.text.per_100_words(len(hits)), _hit_spans(hits, doc.text, "second person"))


def loaded_words_per_100_words(doc: Document) -> SignalResult:
    """Loaded or emotive words ("shocking", "slams", "traitor") per 100 words of body text."""
    hits = lexicons.find("loaded_words", doc.text.text)
    return SignalResult(doc.text.per_100_words(len(hits)), _hit_spans(hits, doc.text, "loaded word"))


def _all_caps_headline(title: str) -> re.Match | None:
    """The whole (stripped) title when it has 12+ letters and none of them is lower case."""
    if _ASCII_LOWER_CASE.search(title):  # nearly every title: found in a few characters, not a list of every letter
        return None
    letters = _LETTER.findall(title)
    if len(letters) >= MIN_CAPS_HEADLINE_LETTERS and not any(ch.islower() for ch in letters):
        return _STRIPPED.search(title)
    return None


def _spans(match: re.Match | None) -> list[tuple[int, int]]:
    return [match.span()] if match else []


def clickbait_title_cues(doc: Document) -> SignalResult:
    """Kinds of clickbait cue in the headline (teaser phrase, listicle number, question, exclamation, all caps), 0-5."""
    title = doc.title
    text = title.text
    kinds: list[tuple[str, list[tuple[int, int]]]] = [
        ("clickbait phrase", lexicons.find("clickbait", text)),
        ("listicle number", _spans(_LISTICLE.match(text))),  # "^" without MULTILINE: only at the start
        ("question headline", _spans(_QUESTION_HEADLINE.search(text)) if "?" in text else []),
        ("exclamation in headline", [m.span() for m in _HEADLINE_EXCLAMATION.finditer(text)] if "!" in text else []),
        ("all-caps headline", _spans(_all_caps_headline(text))),
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
    # "".join counts the characters at C speed: half the cost of sum(map(len, words)).
    return SignalResult(len("".join(words)) / len(words) if words else 0.0)
