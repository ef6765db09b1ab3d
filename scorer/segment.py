"""Segment once: paragraphs, sentences and words, each as `(start, end)` offsets into the field's text.

Every signal reads the same `Document`; nothing re-tokenises the text per signal. Each piece is a `cached_property`,
computed on first use, so a signal that needs only the raw text costs no segmentation at all. The analyses several
signal families share (lexicon hits, attribution, figures) are cached the same way, on the Document.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from itertools import compress
from typing import TYPE_CHECKING

from scorer import lexicons

if TYPE_CHECKING:
    from scorer.article import Article
    from scorer.signals.analysis import Attribution, Figure

Offsets = tuple[int, int]

# A whitespace-separated token longer than this is no word (a URL, a base64 blob, a run of one letter): the longest
# English words in news ("counterintelligence", "telecommunications") have about 20 letters, with punctuation < 30.
MAX_WORD_CHARS = 40
# Every token that is an address or embedded data (see is_word) holds one of these.
_NOT_A_WORD_MARKERS = ("://", "www.", "data:")
# A sentence longer than this many words is an unpunctuated run (a scrape, a transcript, junk): per-sentence rates
# count it as that many words per sentence, so a text with no full stops cannot pile every cue onto one sentence.
MAX_SENTENCE_WORDS = 60
_NON_SPACE = re.compile(r"\S+")

# A sentence ends at terminal punctuation, optional closing quotes/brackets, then space before a likely sentence start.
# The lookbehind makes a run of punctuation match only from its first mark: without it a run of n dots is retried
# from each of its n positions, which is quadratic. It stands after the first mark so that the pattern opens with that
# mark. The "gap" group is the whitespace between the two sentences.
_AFTER_SENTENCE_MARK = r"(?<![.!?…]{2})[.!?…]*[\"'”’)\]]*(?P<gap>\s+)(?=[\"'“‘(\[]?[A-Z0-9])"
# One pattern per mark: a pattern that opens with a literal lets the regex engine skip to it (see matches_by_mark).
_SENTENCE_ENDS = tuple((mark, re.compile(re.escape(mark) + _AFTER_SENTENCE_MARK)) for mark in ".!?…")
# CJK full stops end a sentence with no space after them; the gap is the whitespace after the marks, if any.
_CJK_SENTENCE_END = re.compile(r"(?<![。！？])[。！？]+(?=(?P<gap>\s*))")
_SENTENCE_END_PATTERNS = (*_SENTENCE_ENDS, ("。！？", _CJK_SENTENCE_END))
# The same sentence ends as one pattern, for the plain splitter.
_SENTENCE_END = re.compile(r"(?<![.!?…])[.!?…]+[\"'”’)\]]*(?P<gap>\s+)(?=[\"'“‘(\[]?[A-Z0-9])")
# Words whose trailing period does not end a sentence ("Mr. Smith", "U.S. officials", "Jan. 5").
_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof st jr sr gen sen rep gov lt col sgt capt cmdr adm maj pres sec insp supt
    inc co corp ltd llc bros no vs etc approx dept est fig
    jan feb mar apr jun jul aug sep sept oct nov dec
    u.s u.k u.n e.g i.e a.m p.m d.c
    """.split()  # noqa: SIM905 - a word list reads better as text
)
# The word and dots that end at a period; no abbreviation above is longer than 12 characters with its period.
_TRAILING_WORD = re.compile(r"([\w.]+)\.$")
_ABBREVIATION_REACH = 12


def is_word(token: str) -> bool:
    """Whether a lower-cased whitespace-separated token can be a word: not over MAX_WORD_CHARS characters, not a URL
    ("https://...", "www...."), not a data URI ("data:image/png;base64,...")."""
    if len(token) > MAX_WORD_CHARS or "://" in token or "www." in token:
        return False
    return not (token.startswith("data:") and "/" in token)


def every_token_is_a_word(tokens: list[str], lowered_text: str) -> bool:
    """Whether every one of `tokens` (the whitespace split of `lowered_text`, a lower-cased text) is a word: true of
    nearly every article, and answered by scans of the whole text instead of a test per token."""
    too_long = bool(tokens) and max(map(len, tokens)) > MAX_WORD_CHARS
    return not too_long and not any(marker in lowered_text for marker in _NOT_A_WORD_MARKERS)


def count_words(text: str) -> int:
    """The words of `text` as every word-based signal counts them (whitespace-separated tokens that can be words)."""
    lowered = text.lower()
    tokens = lowered.split()
    return len(tokens) if every_token_is_a_word(tokens, lowered) else sum(map(is_word, tokens))


def has_words(text: str, count: int) -> bool:
    """Whether `text` has at least `count` words as `count_words` counts them. When its first `count` tokens are all
    words (nearly every article) that settles it, and the rest of the text is not lower-cased or split."""
    opening = text.split(None, count)[:count]
    if len(opening) == count and all(is_word(token.lower()) for token in opening):
        return True
    return count_words(text) >= count


def _is_abbreviation(text: str, period: int) -> bool:
    """Whether the word before the period at `period` is an abbreviation or an initial ("John F. Kennedy")."""
    match = _TRAILING_WORD.search(text, max(0, period - _ABBREVIATION_REACH), period + 1)
    if not match:
        return False
    word = match.group(1).lower()
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def split_paragraphs(text: str) -> list[Offsets]:
    """Non-empty lines, trimmed: the corpora and CMS bodies put one paragraph per line."""
    paragraphs: list[Offsets] = []
    line_start = 0
    for line in text.split("\n"):
        trimmed = line.lstrip()
        if trimmed:
            start = line_start + len(line) - len(trimmed)
            paragraphs.append((start, start + len(trimmed.rstrip())))
        line_start += len(line) + 1
    return paragraphs


def matches_by_mark(text: str, patterns: Iterable[tuple[str, re.Pattern]]) -> list[re.Match]:
    """The matches of each pattern whose marks (the characters its matches open with) occur in `text`, in text order.

    An alternation or a class that opens a pattern makes the regex engine test every character; split into patterns
    that each open with a literal mark, it skips to the mark, and a pattern whose mark is absent costs one substring
    test. The caller makes sure the patterns' matches cannot overlap, or checks."""
    found: list[re.Match] = []
    for marks, pattern in patterns:
        if any(mark in text for mark in marks):
            found.extend(pattern.finditer(text))
    found.sort(key=re.Match.start)
    return found


def split_sentences(text: str, paragraphs: list[Offsets] | None = None) -> list[Offsets]:
    """Sentences inside each paragraph (`split_paragraphs(text)`); a sentence never crosses a line break.

    A measured big win over `split_sentences_plain` (docs/benchmarks.md): the sentence ends of the whole text are
    found in one pass, one pattern per mark, and walked with the paragraphs in step. A match that crosses a
    paragraph's end is one that a search bounded to the paragraph would not find: it is skipped. A sentence runs
    from the end of the previous gap to the start of its own gap, so it is already trimmed."""
    sentences: list[Offsets] = []
    boundaries = matches_by_mark(text, _SENTENCE_END_PATTERNS)
    count, i = len(boundaries), 0
    for para_start, para_end in paragraphs if paragraphs is not None else split_paragraphs(text):
        start = para_start
        while i < count and boundaries[i].start() < para_start:  # the one that crossed into this paragraph
            i += 1
        while i < count and (boundary := boundaries[i]).end() <= para_end:
            i += 1
            if text[boundary.start()] == "." and _is_abbreviation(text, boundary.start()):
                continue
            gap_start, gap_end = boundary.span("gap")
            sentences.append((start, gap_start))
            start = gap_end
        if start < para_end:  # a CJK gap can run past the paragraph's end
            sentences.append((start, para_end))
    return sentences


def _strip(text: str, start: int, end: int) -> Offsets | None:
    """`(start, end)` without the whitespace at either end, or None if nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def split_sentences_plain(text: str) -> list[Offsets]:
    """What `split_sentences` gives, the plain way: one search per paragraph, trimming each piece."""
    sentences = []
    for para_start, para_end in split_paragraphs(text):
        found = list(_SENTENCE_END.finditer(text, para_start, para_end))
        found += _CJK_SENTENCE_END.finditer(text, para_start, para_end)
        start = para_start
        for boundary in sorted(found, key=re.Match.start):
            if text[boundary.start()] == "." and _is_abbreviation(text, boundary.start()):
                continue
            if span := _strip(text, start, boundary.end()):
                sentences.append(span)
            start = boundary.end()
        if span := _strip(text, start, para_end):
            sentences.append(span)
    return sentences


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
    def lower(self) -> str:
        return self.text.lower()

    @cached_property
    def _lower_tokens(self) -> list[str]:
        return self.lower.split()

    @cached_property
    def every_token_is_a_word(self) -> bool:
        """Whether no whitespace-separated token is left out of the words (true of nearly every article)."""
        return every_token_is_a_word(self._lower_tokens, self.lower)

    @cached_property
    def _word_flags(self) -> list[bool]:
        """For each whitespace-separated token, whether it is a word (judged lower-cased)."""
        return list(map(is_word, self._lower_tokens))

    @cached_property
    def word_spans(self) -> list[Offsets]:
        """`(start, end)` of each word: a whitespace-separated token that can be a word (`is_word`)."""
        # Lower-casing makes no character whitespace and no whitespace anything else: the tokens of the text and of
        # its lower case are the same ones, in the same order.
        spans = [match.span() for match in _NON_SPACE.finditer(self.text)]
        return spans if self.every_token_is_a_word else list(compress(spans, self._word_flags))

    @cached_property
    def lower_words(self) -> list[str]:
        """The words, lower-cased, punctuation attached; aligned with `word_spans`."""
        if self.every_token_is_a_word:
            return self._lower_tokens
        return list(compress(self._lower_tokens, self._word_flags))

    def within_a_word(self, start: int, end: int) -> bool:
        """Whether text[start:end] lies inside one word (not inside a URL, a blob or another non-word token)."""
        if self.every_token_is_a_word:
            return True
        index = bisect_right(self.word_starts, start) - 1
        return index >= 0 and self.word_spans[index][1] >= end

    @cached_property
    def word_starts(self) -> list[int]:
        return [start for start, _ in self.word_spans]

    @cached_property
    def word_count(self) -> int:
        """The length normaliser of every per-100-words signal."""
        return len(self.lower_words)

    @cached_property
    def sentence_units(self) -> float:
        """Sentences as per-sentence rates count them: at least one per MAX_SENTENCE_WORDS words, and at least 1."""
        return max(len(self.sentences), self.word_count / MAX_SENTENCE_WORDS, 1)

    @cached_property
    def lexicon_hits(self) -> dict[str, list[Offsets]]:
        """Every scanned lexicon's (start, end) hits in this field, from one scan."""
        return lexicons.scan(self.text, self.lower)

    def hits(self, lexicon: str) -> list[Offsets]:
        """The hits of one scanned lexicon in this field."""
        return self.lexicon_hits.get(lexicons.scanned(lexicon), [])

    def sentence_index(self, offset: int) -> int:
        """Index of the sentence that contains (or last began before) `offset`; -1 before the first one."""
        return bisect_right(self.sentence_starts, offset) - 1

    def per_sentence(self, count: float) -> float:
        return count / self.sentence_units

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

    @cached_property
    def attribution(self) -> Attribution:
        """Who says what in the body text (read by the attribution, hedging and figures families)."""
        from scorer.signals.analysis import analyse_attribution

        return analyse_attribution(self.text)

    @cached_property
    def repeated_ngram_starts(self) -> list[int]:
        """Word indexes in the body text where a word 5-gram starts that occurred before (two integrity signals)."""
        from scorer.signals.integrity import repeated_ngram_starts

        return repeated_ngram_starts(self.text.lower_words)

    @cached_property
    def figures(self) -> tuple[Figure, ...]:
        """Every figure in the body text, with whether a source stands next to it."""
        from scorer.signals.analysis import find_figures

        return find_figures(self.text, self.attribution.sourced_sentences)


def segment(article: Article) -> Document:
    return Document(article)

