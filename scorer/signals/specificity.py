"""Specificity: the checkable details a reporter writes down — dates and times, named places, people with their roles.

A made-up story tends to stay vague ("recently", "a top official", "somewhere in the country"); a report says when,
where and who ("on March 5", "in Cook County", "Health Minister Jane Doe"). Each signal counts such details per 100
words of body text, so a long article does not score higher for its length alone.
"""

from __future__ import annotations

import re

from scorer.segment import Document, Field, Offsets
from scorer.signals.base import SignalResult, Span, capped

_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]|20)\d\d"
# Dates are found from the month and weekday names of the shared lexicon scan, then these anchored patterns: a month
# counts only with a day or a year ("March 5", "5 March 2020", "March 2020"); a month alone ("in May") is too vague.
# A single regex over the whole text (tests/test_signals_specificity.py keeps it as the reference) cost ~20x more.
_DAY_AND_YEAR_AFTER = re.compile(rf"\s+{_DAY}(?:,?\s+{_YEAR})?\b|,?\s+{_YEAR}\b")
_YEAR_AFTER = re.compile(rf"(?:,?\s+{_YEAR})?\b")
_DAY_BEFORE = re.compile(rf"(?<!\w){_DAY}\s+$")
# Numeric dates (2020-03-05, 3/5/2020) and times (10:30, 3 p.m.; hours 0-23). Opening on an ASCII digit lets the regex
# engine skip to the digits (4x faster than opening on \d or \b); the lookbehind after it is the word boundary, the
# ones after that read the first digit.
_HOUR_AFTER_FIRST_DIGIT = r"(?:(?<=[01])\d|(?<=2)[0-3])?"
_NUMERIC_DATE_OR_TIME = re.compile(
    r"[0-9](?<!\w[0-9])(?:"
    rf"(?P<date>(?:(?<=1)[89]|(?<=2)0)\d\d-[01]\d-[0-3]\d|(?:(?<=[01])\d)?/[0-3]?\d/{_YEAR})\b"
    rf"|(?P<time>{_HOUR_AFTER_FIRST_DIGIT}(?::[0-5]\d)?\s?(?:a\.m\.|p\.m\.|[ap]m\b|[AP]M\b)"
    rf"|{_HOUR_AFTER_FIRST_DIGIT}:[0-5]\d\b))"
)
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())  # noqa: SIM905
# A capitalised name of one to four words ("Cook", "New York", "Rio de Janeiro" is missed, which is fine).
_NAME = r"[A-Z][\w'’.-]*(?:[ -][A-Z][\w'’.-]*){0,3}"
_NAME_BEFORE = re.compile(rf"(?:^|(?<=\s))({_NAME})\s+$")
_NAME_AFTER = re.compile(rf"\s+(?:the\s+)?({_NAME})")
_OF_NAME_AFTER = re.compile(rf"\s+(?:of|for|at|with|in)\s+(?:the\s+)?({_NAME})")
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
    text = field.text
    found = [
        (start, end, "date") for start, end in _calendar_dates(text, field.hits("calendar_words"))
    ]
    for match in _NUMERIC_DATE_OR_TIME.finditer(text):
        found.append((match.start(), match.end(), "date" if match.group("date") else "time"))
    kept: list[Span] = []
    for start, end, label in sorted(found, key=lambda found: (found[0], -found[1])):
        if not kept or start >= kept[-1].end:
            kept.append(Span(start, end, label, field.name))
    return kept


def _calendar_dates(text: str, hits: list[Offsets]) -> list[Offsets]:
    """Dates around capitalised month and weekday names: a day before the month wins over one after it, as a scan
    from left to right would have it, unless that day belongs to the date before."""
    dates: list[Offsets] = []
    for start, end in hits:
        word = text[start:end]
        if not (word[0].isupper() and word[1:].islower()):
            continue
        last_end = dates[-1][1] if dates else 0
        if word.lower() in _WEEKDAYS:
            if start >= last_end:
                dates.append((start, end))
            continue
        day = _DAY_BEFORE.search(text, max(last_end, start - 8), start)
        if day:
            year = _YEAR_AFTER.match(text, end)
            dates.append((day.start(), year.end() if year else end))
        elif start >= last_end and (after := _DAY_AND_YEAR_AFTER.match(text, end)):
            dates.append((start, after.end()))
    return dates


def named_places(field: Field) -> list[Span]:
    """Places with a name: "in Ohio", "Cook County", "Hubei province", "the city of Detroit"."""
    text = field.text
    hits = {name: field.hits(name) for name in ("place_prepositions", "place_types")}
    found = []
    for _, end in hits["place_prepositions"]:  # "in Ohio", "near Kharkiv"
        name = _NAME_AFTER.match(text, end, min(len(text), end + _NAME_REACH))
        if name and _is_name(name.group(1)):
            found.append((name.start(1), _name_end(name)))
    for start, end in hits["place_types"]:
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
    for start, end in field.hits("role_titles"):
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
