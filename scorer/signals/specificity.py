"""Specificity: the checkable details a reporter writes down — dates and times, named places, people with their roles.

A made-up story tends to stay vague ("recently", "a top official", "somewhere in the country"); a report says when,
where and who ("on March 5", "in Cook County", "Health Minister Jane Doe"). Each signal counts such details per 100
words of body text, so a long article does not score higher for its length alone.
"""

from __future__ import annotations

import re

from scorer import lexicons
from scorer.segment import Document, Field
from scorer.signals.base import SignalResult, Span, capped

Offsets = tuple[int, int]

_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|March|Mar\.|April|Apr\.|May|June|July|Aug(?:ust|\.)?"
    r"|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]|20)\d\d"
# A calendar date or a time of day. A month alone ("in May") or a year alone is too vague to count.
_DATE_OR_TIME = re.compile(
    rf"\b(?P<date>{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?"  # March 5, Jan. 5, 2020
    rf"|{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?"  # 5 March 2020
    rf"|{_MONTH},?\s+{_YEAR}"  # March 2020
    rf"|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    rf"|{_YEAR}-[01]\d-[0-3]\d|[01]?\d/[0-3]?\d/{_YEAR})\b"
    r"|\b(?P<time>(?:[01]?\d|2[0-3])(?::[0-5]\d)?\s?(?:a\.m\.|p\.m\.|[ap]m\b|[AP]M\b)|(?:[01]?\d|2[0-3]):[0-5]\d\b)"
)
# A capitalised name of one to four words ("Cook", "New York", "Rio de Janeiro" is missed, which is fine).
_NAME = r"[A-Z][\w'’.-]*(?:[ -][A-Z][\w'’.-]*){0,3}"
_NAME_BEFORE = re.compile(rf"(?:^|(?<=\s))({_NAME})\s+$")
_NAME_AFTER = re.compile(rf"\s+(?:the\s+)?({_NAME})")
_OF_NAME_AFTER = re.compile(rf"\s+(?:of|for|at|with|in)\s+(?:the\s+)?({_NAME})")
# "in Ohio", "near Kharkiv": a capitalised name after a preposition of place.
_PLACE_AFTER_PREPOSITION = re.compile(rf"\b(?:in|near|outside|across|throughout)\s+(?:the\s+)?({_NAME})")
# Capitalised words that follow "in"/a title but name no place or person.
_NOT_A_NAME = frozenset(
    """
    the a an this that these those it its his her their our my your i he she we they you
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
    and but or so if as at of for to on by with from
    """.split()  # noqa: SIM905 - a word list reads better as text
)
# Characters looked at on each side of a lexicon hit for the name that goes with it.
_NAME_REACH = 60


def _is_name(words: str) -> bool:
    """Whether a capitalised run of words names something: not a possessive, not a pronoun, month or weekday."""
    first = words.split()[0].strip(".,").lower()
    return first not in _NOT_A_NAME and not words.endswith(("'s", "’s"))


def _name_before(text: str, start: int) -> int:
    """Start of the capitalised name that ends right before `start` ("Cook " before "County"), without a leading
    "The"/"In"; -1 if there is none."""
    match = _NAME_BEFORE.search(text, max(0, start - _NAME_REACH), start)
    if not match:
        return -1
    offset = match.start(1)
    for word in match.group(1).split():
        if _is_name(word):
            return offset
        offset = text.index(word, offset) + len(word)
        offset += len(text[offset:start]) - len(text[offset:start].lstrip())
    return -1


def _per_100_words(field: Field, found: list[Span]) -> SignalResult:
    return SignalResult(field.per_100_words(len(found)), capped(found))


def dates_and_times(field: Field) -> list[Span]:
    """Calendar dates ("March 5", "5 March 2020", "Monday", "2020-03-05") and times ("10:30 a.m.") in `field`."""
    return [
        Span(m.start(), m.end(), "date" if m.group("date") else "time", field.name)
        for m in _DATE_OR_TIME.finditer(field.text)
    ]


def named_places(field: Field) -> list[Span]:
    """Places with a name: "in Ohio", "Cook County", "Hubei province", "the city of Detroit"."""
    text = field.text
    found = [(m.start(1), _name_end(m)) for m in _PLACE_AFTER_PREPOSITION.finditer(text) if _is_name(m.group(1))]
    for start, end in lexicons.find("place_types", text, field.lower):
        after = _NAME_AFTER.match(text, end, min(len(text), end + _NAME_REACH))
        if text[start:end].lower().endswith(" of"):
            if after and _is_name(after.group(1)):
                found.append((start, _name_end(after)))  # "the city of Detroit"
        elif (before := _name_before(text, start)) >= 0:
            found.append((before, end))  # "Cook County", "Hubei province"
    return [Span(start, end, "place", field.name) for start, end in _apart(found)]


def titled_people(field: Field) -> list[Span]:
    """A role with the name or organisation it belongs to: "Health Minister Jane Doe", "Professor Smith",
    "a spokesperson for the council", "director of the CDC"."""
    text = field.text
    found = []
    for start, end in lexicons.find("role_titles", text, field.lower):
        window_end = min(len(text), end + _NAME_REACH)
        name = _NAME_AFTER.match(text, end, window_end)
        if name and text[start].isupper() and _is_name(name.group(1)):  # "Minister Jane Doe"
            stop = _name_end(name)
        elif (owner := _OF_NAME_AFTER.match(text, end, window_end)) and _is_name(owner.group(1)):
            stop = _name_end(owner)  # "spokesperson for the Ministry of Health", "professor at Yale"
        else:
            continue
        qualifier = _name_before(text, start) if text[start].isupper() else -1  # "Health" in "Health Minister"
        found.append((qualifier if qualifier >= 0 else start, stop))
    return [Span(start, end, "role", field.name) for start, end in _apart(found)]


def _apart(found: list[Offsets]) -> list[Offsets]:
    """The spans in text order, the longest first where two start together, each one that overlaps an earlier kept
    one dropped."""
    kept: list[Offsets] = []
    for start, end in sorted(found, key=lambda span: (span[0], -span[1])):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept


def _name_end(match: re.Match) -> int:
    """End of the name in group 1, without the punctuation a name word may carry at a sentence end ("Wuhan.")."""
    return match.start(1) + len(match.group(1).rstrip(".'’-"))


# --- signals ---


def dates_and_times_per_100_words(doc: Document) -> SignalResult:
    """Calendar dates and times of day ("March 5", "on Monday", "10:30 a.m.") per 100 words of body text."""
    return _per_100_words(doc.text, dates_and_times(doc.text))


def named_places_per_100_words(doc: Document) -> SignalResult:
    """Named places ("in Ohio", "Cook County", "the city of Detroit") per 100 words of body text."""
    return _per_100_words(doc.text, named_places(doc.text))


def titled_people_per_100_words(doc: Document) -> SignalResult:
    """People named with their role ("Health Minister Jane Doe", "a spokesperson for the council") per 100 words."""
    return _per_100_words(doc.text, titled_people(doc.text))
