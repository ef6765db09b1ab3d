"""Figures: numbers, money, percentages and counts, and whether a source stands next to them.

What counts as a figure (decided here, tested in tests/test_signals_figures.py):
- a number written in digits ("12,000", "4.2", "3"), with its currency ("$4.2 billion", "€50m"), percent sign or word
  ("70 percent", "85%") and scale word ("2 million") as part of it; "3 out of 4" is one figure;
- a number word followed by a scale word ("two million", "a billion").
Not figures: years (1900-2099 with no currency or unit), decades ("1990s"), days next to a month name ("June 5",
"5 June"), clock times ("10:30", "5 p.m."), ordinals ("21st"), numbers glued to a word by a hyphen or letter
("COVID-19", "F-16", "19-year-old", "G7"), and number words on their own ("two years", "three stations"): they rarely
carry a claim a reader would want sourced.

A figure is *unsupported* when neither its sentence nor the sentence before holds a reporting cue that is not
anonymous, or a source document ("poll", "census data", "court documents"; see attribution.py): "according to
sources familiar with the talks" does not support a figure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from scorer.segment import Document, Field
from scorer.signals.attribution import attribution_of, evidence_spans, lexicon_hits, share
from scorer.signals.base import MAX_EVIDENCE, SignalResult, Span, cached

# A number with its unit or scale. It starts with a digit, so the regex engine skips to digits at C speed; the
# lookbehind after that first digit keeps out numbers inside words, decimals, dates and times, the lookahead keeps
# out ordinals, compounds ("19-year-old") and the middle of a longer number.
# No quantifier is nested over an overlapping class, so matching is linear in the text length.
_FIGURE = re.compile(
    r"(?P<number>\d(?<![\w.,/:-]\d)(?:\d{0,2}(?:,\d{3})+|\d*)(?:\.\d+)?)"
    r"(?P<unit>\s?%|\s?(?:percent|per\scent|percentage\spoints?)\b"
    r"|\s(?:hundred|thousand|million|billion|trillion)\b|(?:bn|tn|m|k)\b|\s+out\s+of\s+\d+\b)?"
    r"(?![\w/:]|[.,]\d|-\w)"
)
# A currency right before the number ("$4.2 billion", "US$ 5", "€50m") makes the figure money and part of the span.
_CURRENCY_BEFORE = re.compile(r"(?:US|A|C|NZ|HK)?[$€£¥]\s?\Z")
# Characters to look back for a currency ("US$ " is 4).
_CURRENCY_REACH = 4
_CURRENCY_SYMBOLS = frozenset("$€£¥")
# A number word before a scale word ("two million"): each scale word is found with str.find, then the word
# before it is checked; most articles have no scale word, so this costs almost nothing.
_SCALE_WORDS = ("hundred", "thousand", "million", "billion", "trillion")
_NUMBER_WORD_BEFORE = re.compile(
    r"\b(?:a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
    r"sixty|seventy|eighty|ninety|hundred|several|half a)\s\Z"
)
# Characters to look back for the number word ("seventy " is 8, "several " 8, "half a " 7).
_NUMBER_WORD_REACH = 9
# Any decimal digit, as the digit class of _FIGURE sees it (str.isdecimal, checked over every code point).
_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"(?:19|20)\d\d")
# A month name right before the number ("June 5", "Sept. 19") or right after it ("5 June").
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_MONTH_BEFORE = re.compile(_MONTH + r"\s+\Z", re.IGNORECASE)
_MONTH_AFTER = re.compile(r"\s+" + _MONTH + r"\b", re.IGNORECASE)
_CLOCK_AFTER = re.compile(r"\s?[ap]\.?m\b", re.IGNORECASE)
# Characters to look back for a month name ("September " is 10).
_MONTH_REACH = 11
# A day of the month is at most this; larger numbers next to a month name are counts.
_MAX_DAY = 31


class Figure(NamedTuple):  # a NamedTuple, not a frozen dataclass: ~3x faster to build, one per figure
    start: int
    end: int
    kind: str  # money, percentage or number
    supported: bool


def _kind(match: re.Match) -> str:
    """percentage or number (money is recognised by the currency before the match)."""
    unit = (match.group("unit") or "").strip().lower()
    return "percentage" if unit.startswith(("%", "per")) else "number"


def _is_date_or_time(text: str, match: re.Match) -> bool:
    if match.group("unit"):
        return False
    number = match.group("number")
    if _YEAR.fullmatch(number):
        return True
    if _CLOCK_AFTER.match(text, match.end()):
        return True
    if len(number) > 2 or int(number) > _MAX_DAY:  # also keeps int() off 100,000-digit strings
        return False
    before = _MONTH_BEFORE.search(text, max(0, match.start() - _MONTH_REACH), match.start())
    return bool(before) or bool(_MONTH_AFTER.match(text, match.end()))


def _digit_figures(field: Field) -> list[tuple[int, int, str]]:
    text = field.text
    figures = []
    for match in _figure_matches(field):
        currency = _currency_before(text, match.start())
        if currency:
            figures.append((currency.start(), match.end(), "money"))
        elif not _is_date_or_time(text, match):
            figures.append((match.start(), match.end(), _kind(match)))
    return figures


def _currency_before(text: str, start: int) -> re.Match | None:
    # The symbol is one of the two characters before the number ("$5", "$ 5"); checking that first skips the
    # regex search for the ~90% of numbers with no currency.
    if _CURRENCY_SYMBOLS.isdisjoint(text[max(0, start - 2) : start]):
        return None
    return _CURRENCY_BEFORE.search(text, max(0, start - _CURRENCY_REACH), start)


def _figure_matches(field: Field) -> Iterator[re.Match]:
    """What `_FIGURE.finditer(field.text)` yields, found by trying `_FIGURE.match` only where a run of digits starts.

    The plain finditer spent ~16 µs an article testing each of ~2,400 characters against the digit class; str.find
    jumps to the ~15 digits at memchr speed (this costs ~8 µs in all). Exact when the text's only decimal digits are
    0-9 (the class also holds "٣" and "３": such a text takes the plain scan): a match starts with a digit, and the
    lookbehind refuses one preceded by a digit, so the regex is tried everywhere it could match.
    """
    text = field.text
    if _DIGIT.search(field.non_ascii):  # a decimal digit outside 0-9
        yield from _FIGURE.finditer(text)
        return
    end = previous = -2
    for at in _ascii_digit_offsets(text):
        if at > previous + 1 and at >= end and (match := _FIGURE.match(text, at)):
            end = match.end()
            yield match
        previous = at


def _ascii_digit_offsets(text: str) -> list[int]:
    offsets = []
    for digit in "0123456789":
        at = text.find(digit)
        while at >= 0:
            offsets.append(at)
            at = text.find(digit, at + 1)
    return sorted(offsets)


def _word_figures(text: str, low: str) -> list[tuple[int, int, str]]:
    """ "two million", "a billion": a number word followed by a scale word (digits are matched by _FIGURE)."""
    out: list[tuple[int, int, str]] = []
    illions = "illion" in low  # one search instead of three: most texts have no million, billion or trillion
    for scale in _SCALE_WORDS:
        if scale.endswith("illion") and not illions:
            continue
        at = low.find(scale)
        while at >= 0:
            end = at + len(scale)
            before = _NUMBER_WORD_BEFORE.search(low, max(0, at - _NUMBER_WORD_REACH), at)
            if before and (end == len(low) or not low[end].isalnum()):
                out.append((before.start(), end, "number"))
            at = low.find(scale, end)
    merged: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(out):  # "two hundred thousand" is one figure: merge overlapping matches
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]), kind)
        else:
            merged.append((start, end, kind))
    return merged


def _find_figures(doc: Document) -> tuple[Figure, ...]:
    field = doc.text
    sourced = attribution_of(doc).sourced_sentences
    found = sorted(_digit_figures(field) + _word_figures(field.text, field.lower))
    figures = []
    for start, end, kind in found:
        sentence = field.sentence_index(start)
        supported = sentence in sourced or sentence - 1 in sourced
        figures.append(Figure(start, end, kind, supported))
    return tuple(figures)


def figures_of(doc: Document) -> tuple[Figure, ...]:
    """Every figure in the body text, with its support, computed once per Document."""
    return cached(doc, "figures", _find_figures)


def figures_per_100_words(doc: Document) -> SignalResult:
    """Figures (numbers, money, percentages, counts; not years or dates) per 100 words of body text."""
    figures = figures_of(doc)
    evidence = tuple(Span(f.start, f.end, f.kind, "text") for f in figures[:MAX_EVIDENCE])
    return SignalResult(doc.text.per_100_words(len(figures)), evidence)


def _unsupported_evidence(figures: list[Figure]) -> tuple[Span, ...]:
    return evidence_spans(((f.start, f.end) for f in figures), "unsupported figure")


def unsupported_figure_share(doc: Document) -> SignalResult:
    """Share of figures with no non-anonymous source in their sentence or the one before (0 if no figures)."""
    figures = figures_of(doc)
    unsupported = [f for f in figures if not f.supported]
    return SignalResult(share(len(unsupported), len(figures)), _unsupported_evidence(unsupported))


def unsupported_figures_per_100_words(doc: Document) -> SignalResult:
    """Figures with no non-anonymous source in their sentence or the one before, per 100 words."""
    unsupported = [f for f in figures_of(doc) if not f.supported]
    return SignalResult(doc.text.per_100_words(len(unsupported)), _unsupported_evidence(unsupported))


def vague_quantities_per_100_words(doc: Document) -> SignalResult:
    """Sizes claimed without a number ("cost farmers billions", "countless") per 100 words."""
    hits = lexicon_hits(doc)["vague_quantities"]
    return SignalResult(doc.text.per_100_words(len(hits)), evidence_spans(hits, "vague quantity"))
