"""Segment once: paragraphs, sentences and word tokens, each as `(start, end)` offsets into the field's text.

Every signal reads the same `Document`; nothing re-tokenises the text per signal. Each segmentation is computed on
first use and cached, so a signal that needs only a regex over the raw text costs no tokenising at all.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from scorer.article import Article

Offsets = tuple[int, int]

_WORD = re.compile(r"\w+(?:['’-]\w+)*")
# A sentence ends at terminal punctuation, optional closing quotes/brackets, then space before a likely sentence start.
# The lookbehind makes a run of punctuation match only from its first mark: without it a run of n dots is retried
# from each of its n positions, which is quadratic (20,000 dots took 4.5 s). It stands after the first mark (and
# looks back over it) so that the pattern opens with that mark. The "gap" group is the whitespace between the two
# sentences: a sentence ends where its gap starts and the next one starts where it ends, with no trimming to do.
_AFTER_SENTENCE_MARK = r"(?<![.!?…]{2})[.!?…]*[\"'”’)\]]*(?P<gap>\s+)(?=[\"'“‘(\[]?[A-Z0-9])"
# One pattern per mark, each run only when its mark occurs: a pattern that opens with a literal lets the regex
# engine skip to it at C speed, where a class [.!?…] is tested character by character (2.9x the instructions for
# the "." pattern alone). Together they find exactly the matches of the class-first pattern (the lookbehind puts
# every match at the first mark of its run, so no two overlap).
_SENTENCE_ENDS = tuple((mark, re.compile(re.escape(mark) + _AFTER_SENTENCE_MARK)) for mark in ".!?…")
# CJK full stops end a sentence with no space after them. A separate regex, run only when one occurs: as an
# alternative inside the patterns above it makes every English text 2.5x slower to split. Its gap is the whitespace
# after the marks (none, or up to the next sentence), looked at but not part of the match.
_CJK_SENTENCE_END = re.compile(r"(?<![。！？])[。！？]+(?=(?P<gap>\s*))")
# Every sentence-end pattern with the marks it opens on.
_SENTENCE_END_PATTERNS = (*_SENTENCE_ENDS, ("。！？", _CJK_SENTENCE_END))
# Words whose trailing period does not end a sentence ("Mr. Smith", "U.S. officials", "Jan. 5").
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "jr",
        "sr",
        "gen",
        "sen",
        "rep",
        "gov",
        "lt",
        "col",
        "sgt",
        "capt",
        "cmdr",
        "adm",
        "maj",
        "pres",
        "sec",
        "insp",
        "supt",
        "inc",
        "co",
        "corp",
        "ltd",
        "llc",
        "bros",
        "no",
        "vs",
        "etc",
        "approx",
        "dept",
        "est",
        "fig",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.k",
        "u.n",
        "e.g",
        "i.e",
        "a.m",
        "p.m",
        "d.c",
    ]
)
_TRAILING_WORD = re.compile(r"([\w.]+)\.$")
# Characters before a period looked at by the fast paths of _is_abbreviation: one more than the longest abbreviation.
_ABBREVIATION_REACH = max(map(len, _ABBREVIATIONS)) + 1


def _strip(text: str, start: int, end: int) -> Offsets | None:
    """`(start, end)` without the whitespace at either end, or None if nothing is left (the plain way to trim)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _is_abbreviation(text: str, boundary_start: int) -> bool:
    """Whether the word before the period at `boundary_start` is an abbreviation or an initial.

    Two fast paths answer most periods without the regex search (~3x faster): a word longer than every abbreviation,
    and a plain word after a space. Both give what the search gives: it takes the run of word characters and dots
    that ends at the period (at most 12 of them)."""
    before = text[max(0, boundary_start - _ABBREVIATION_REACH) : boundary_start]
    if len(before) == _ABBREVIATION_REACH and before.isalnum():
        return False  # longer than every abbreviation, and lower-casing never shortens a word
    word = before[before.rfind(" ") + 1 :]
    if len(word) < len(before) and word.isalnum():
        return _is_abbreviated_word(word)  # a plain word after a space
    match = _TRAILING_WORD.search(text, max(0, boundary_start - 12), boundary_start + 1)
    return bool(match) and _is_abbreviated_word(match.group(1))


def _is_abbreviated_word(word: str) -> bool:
    word = word.lower()
    # A single capital letter followed by a period is an initial ("John F. Kennedy").
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def split_paragraphs(text: str) -> list[Offsets]:
    """Non-empty lines, trimmed: the corpora and CMS bodies put one paragraph per line.

    str.split and str.strip do the work at C speed (strip trims what _strip does: str.isspace); a regex finditer
    over the lines with _strip on each took 1.6x the instructions on a news article."""
    paragraphs: list[Offsets] = []
    line_start = 0
    for line in text.split("\n"):
        trimmed = line.lstrip()
        if trimmed:
            start = line_start + len(line) - len(trimmed)
            paragraphs.append((start, start + len(trimmed.rstrip())))
        line_start += len(line) + 1
    return paragraphs


# Every byte of an ASCII character: UTF-8 writes any other character as bytes of 128 and above.
_ASCII_BYTES = bytes(range(0x80))


def non_ascii_characters(text: str) -> str:
    """The characters of `text` that are not ASCII, in order, at C speed: deleting every ASCII byte from the UTF-8
    encoding (bytes.translate) leaves exactly the other characters' encodings; a regex scan for them tests each
    character (~7x the instructions on a news article)."""
    return text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")


def matches_by_mark(text: str, patterns: Iterable[tuple[str, re.Pattern]]) -> list[re.Match]:
    """The matches of each pattern whose marks (any character of its first item) occur in `text`, in text order.

    An alternation or a class that opens a pattern makes the regex engine test every character; split into patterns
    that each open with a literal mark, it skips to the mark at C speed, and a pattern whose mark is absent costs
    one substring test. The caller makes sure the patterns' matches cannot overlap, or checks.

    The tests for the marks cost as much as a scan for "." (2.8 µs for the sentence ends of an article as a generator
    per pattern, 1.0 µs this way): one `in` for a single mark, and none for a mark that is not ASCII in an ASCII text
    (str.isascii reads a flag)."""
    found: list[re.Match] = []
    kinds = 0
    ascii_text = text.isascii()
    for marks, pattern in patterns:
        if ascii_text and not marks.isascii():
            continue
        if marks in text if len(marks) == 1 else any(map(text.__contains__, marks)):
            found.extend(pattern.finditer(text))
            kinds += 1
    if kinds > 1:
        found.sort(key=re.Match.start)
    return found


def _boundaries(text: str) -> list[re.Match]:
    """Sentence ends in the whole text, in order. One pass instead of one per paragraph (a regex call per paragraph
    cost more than the matching); a match that runs over a line break is dropped by the caller."""
    return matches_by_mark(text, _SENTENCE_END_PATTERNS)


def split_sentences(text: str, paragraphs: list[Offsets] | None = None) -> list[Offsets]:
    """Sentences inside each paragraph (`split_paragraphs(text)`); a sentence never crosses a line break.

    The sentence ends of the whole text are found in one pass and walked with the paragraphs in step. Paragraphs are
    trimmed lines, so a match that crosses a paragraph's end ("...end.\nNext") is exactly one that a search bounded
    to the paragraph would not find: it is skipped. A sentence runs from the end of the previous gap (or the
    paragraph's start) to the start of its own gap (or the paragraph's end): both are non-space characters, so the
    sentence is already trimmed."""
    sentences: list[Offsets] = []
    boundaries = _boundaries(text)
    count, i = len(boundaries), 0
    for para_start, para_end in paragraphs if paragraphs is not None else split_paragraphs(text):
        start = para_start
        while i < count and boundaries[i].start() < para_start:  # the one that crossed into this paragraph
            i += 1
        while i < count and (boundary := boundaries[i]).end() <= para_end:
            i += 1
            mark = boundary.start()
            if text[mark] == "." and _is_abbreviation(text, mark):
                continue
            gap_start, gap_end = boundary.span("gap")
            sentences.append((start, gap_start))
            start = gap_end
        if start < para_end:  # a CJK gap can run past the paragraph's end
            sentences.append((start, para_end))
    return sentences


def tokenize(text: str) -> list[Offsets]:
    return [m.span() for m in _WORD.finditer(text)]


@dataclass
class Field:
    """One string the caller sent (title, text, or page text), with its segmentation computed lazily."""

    name: str
    text: str

    @cached_property
    def paragraphs(self) -> list[Offsets]:
        return split_paragraphs(self.text)

    @cached_property
    def sentences(self) -> list[Offsets]:
        return split_sentences(self.text, self.paragraphs)

    @cached_property
    def sentence_starts(self) -> list[int]:
        return [start for start, _ in self.sentences]

    @cached_property
    def tokens(self) -> list[Offsets]:
        return tokenize(self.text)

    @cached_property
    def word_count(self) -> int:
        """Whitespace-separated words: the length normaliser. 6x cheaper than tokenising; tokens are for spans.

        Counted on `lower_words`, which several signals split anyway: lower-casing turns no character into whitespace
        and no whitespace into anything else (checked over every code point), so the count is the same."""
        return len(self.lower_words)

    @cached_property
    def lower(self) -> str:
        return self.text.lower()

    @cached_property
    def non_ascii(self) -> str:
        """The text's characters outside ASCII, in order ("" for an ASCII text); mojibake and figures both read it."""
        return "" if self.text.isascii() else non_ascii_characters(self.text)

    @cached_property
    def lower_words(self) -> list[str]:
        """The whitespace-separated words of `lower` (punctuation attached), split once for every signal."""
        return self.lower.split()

    def sentence_index(self, offset: int) -> int:
        """Index of the sentence that contains (or last began before) `offset`; -1 before the first one."""
        return bisect_right(self.sentence_starts, offset) - 1

    def per_sentence(self, count: float) -> float:
        return count / max(len(self.sentences), 1)

    def per_100_words(self, count: float) -> float:
        return 100.0 * count / max(self.word_count, 1)


@dataclass
class Document:
    """A segmented article: what every signal receives."""

    article: Article

    @cached_property
    def title(self) -> Field:
        return Field("title", self.article.title)

    @cached_property
    def text(self) -> Field:
        return Field("text", self.article.text)

    @cached_property
    def page(self) -> Field | None:
        """The full visible page text when the article came from HTML, else None."""
        return Field("page_text", self.article.page_text) if self.article.page_text else None


def segment(article: Article) -> Document:
    return Document(article)
