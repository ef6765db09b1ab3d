"""The wording family: a sparse linear part over words and two-word phrases, read from the raw title and text.

Each term the model kept has a coefficient; its value in an article is a function of how often it occurs there
(`log1p(count)` by default), and its contribution is coefficient x value. The family's contribution is the sum over
the terms present, so the model stays exactly additive, and every occurrence of a contributing term is an evidence
span into the field it was found in.

The tokeniser below is the one training uses as its analyzer (scorer/training/dataset.py calls `analyze`), so a
term is found identically at fit and at serve time. It works on the raw strings (not scorer.segment): words are runs
of letters with inner apostrophes, lower-cased; a phrase is two words separated only by spaces or one hyphen, so no
phrase crosses a comma, a full stop or a line break. Numbers are not terms (figures are the figures family's job,
and dates tie a term to one corpus's year). No scikit-learn here: serving needs only this module and the JSON.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from itertools import accumulate, compress, count, pairwise
from operator import neg
from typing import NamedTuple

from scorer.signals.base import MAX_EVIDENCE, Span

# Letters (any script) with inner apostrophes: "don't", "o'brien"; digits and underscores end a word, and letters
# glued to a digit are no word ("20th", "5pm", "covid19" give nothing, not "th" or "pm").
TOKEN_PATTERN = r"(?<!\w)[^\W\d_]+(?:['’][^\W\d_]+)*(?!\w)"
_TOKEN = re.compile(TOKEN_PATTERN)
# The same words as separators: splitting on it gives the gaps and the words in turn, "gap, word, gap, ..., gap".
_SPLIT_AROUND_WORDS = re.compile(f"({TOKEN_PATTERN})")
# Two words form a phrase only across plain spaces or a single hyphen ("well-known", "climate change"); the
# reference for `joins_a_phrase`.
_PHRASE_GAP = re.compile(r"[ \t\u00a0]{1,3}|-")
# A run of letters longer than this is junk (base64, a URL slug, "aaaa..."), not a word anyone wrote.
MAX_TOKEN_CHARS = 40
NGRAM_MAX = 2
# Fields read, in this order; spans name the field they index.
FIELDS = ("title", "text")
ANALYZER_VERSION = 2

# How a term's count in one article becomes its value. log1p: the first occurrence counts most, repeats less.
VALUE_FUNCTIONS: dict[str, Callable[[int], float]] = {
    "log1p(count)": math.log1p,
    "presence": lambda count: 1.0 if count else 0.0,
}


# An explanation lists this many of the terms present (the strongest); the others are summed into one line.
LISTED_TERMS = 20


class WordingExplanation(NamedTuple):
    """The wording family's part of one article's score."""

    contribution: float  # every term present
    terms: list[dict]  # the strongest terms, with evidence
    unlisted_terms: int  # how many other terms are present
    unlisted_contribution: float  # and what they add together


class WordingFormatError(ValueError):
    """A wording block in a model file that this code cannot apply exactly as it was trained."""


def analyzer_settings() -> dict:
    """What a model file records about the tokeniser; `Wording.from_json` refuses any other."""
    return {
        "version": ANALYZER_VERSION,
        "token_pattern": TOKEN_PATTERN,
        "lowercase": True,
        "ngram_max": NGRAM_MAX,
        "max_token_chars": MAX_TOKEN_CHARS,
        "fields": list(FIELDS),
    }


def words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, lower-cased word) for every word of `text`, junk-length runs left out."""
    out = []
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        if end - start <= MAX_TOKEN_CHARS:
            out.append((start, end, match.group().lower().replace("’", "'")))
    return out


def joins_a_phrase(gap: str) -> bool:
    """Whether the characters between two words let them form a phrase: 1-3 spaces/tabs/no-break spaces, or one
    hyphen (the same test as _PHRASE_GAP, without a regex call per pair of words)."""
    return gap == " " or gap == "-" or (0 < len(gap) <= 3 and not gap.strip(" \t\u00a0"))


def occurrences(text: str) -> Iterator[tuple[str, int, int]]:
    """(term, start, end) for every word and every two-word phrase of `text`; `text[start:end]` is the term as
    written."""
    found = words(text)
    for index, (start, end, word) in enumerate(found):
        yield word, start, end
        if index + 1 < len(found):
            next_start, next_end, next_word = found[index + 1]
            if joins_a_phrase(text[end:next_start]):
                yield f"{word} {next_word}", start, next_end


def analyze(fields: Mapping[str, str]) -> list[str]:
    """Every term occurrence of an article's title and text: the analyzer training counts terms with."""
    return [term for name in FIELDS for term, _, _ in occurrences(fields.get(name) or "")]


@dataclass(frozen=True)
class Wording:
    """The trained wording part of a model: terms, their coefficients and the value function."""

    terms: tuple[str, ...]
    coefficients: tuple[float, ...]
    value: str = "log1p(count)"

    def __post_init__(self) -> None:
        if len(self.terms) != len(self.coefficients):
            raise WordingFormatError(
                f"wording has {len(self.terms)} terms but {len(self.coefficients)} coefficients"
            )
        if len(set(self.terms)) != len(self.terms):
            raise WordingFormatError("wording lists a term twice")
        if self.value not in VALUE_FUNCTIONS:
            raise WordingFormatError(f"unknown wording value {self.value!r}; known: {', '.join(VALUE_FUNCTIONS)}")
        object.__setattr__(self, "_known", frozenset(self.terms))
        object.__setattr__(self, "_coefficient_of", dict(zip(self.terms, self.coefficients, strict=True)))

    @classmethod
    def from_json(cls, data: Mapping) -> Wording:
        """The `wording` block of model.json; raises WordingFormatError when it was made by another tokeniser."""
        try:
            analyzer, terms, coefficients = data["analyzer"], data["terms"], data["coefficients"]
            value = data.get("value", "log1p(count)")
        except (KeyError, TypeError) as error:
            raise WordingFormatError(f"wording block lacks {error}") from None
        if analyzer != analyzer_settings():
            raise WordingFormatError(
                "the model's wording was found with another tokeniser than this code's "
                f"(model: {analyzer!r}); retrain the model with this version"
            )
        try:
            return cls(tuple(str(t) for t in terms), tuple(float(c) for c in coefficients), str(value))
        except (TypeError, ValueError) as error:
            raise WordingFormatError(f"wording terms/coefficients are malformed: {error}") from None

    def to_json(self) -> dict:
        return {
            "analyzer": analyzer_settings(),
            "terms": list(self.terms),
            "coefficients": list(self.coefficients),
            "value": self.value,
        }

    def explain(self, fields: Mapping[str, str], listed: int = LISTED_TERMS) -> WordingExplanation:
        """The family's contribution to an article's {"title": ..., "text": ...}, with its `listed` strongest terms.

        A listed term is {"term", "coefficient", "value", "contribution", "occurrences", "evidence"}: `evidence`
        holds a Span per occurrence (the first MAX_EVIDENCE of them; `occurrences` is the full count), and each
        occurrence carries contribution / occurrences. Terms are sorted by |contribution|, largest first; the ones
        past `listed` are summed into `unlisted_terms` / `unlisted_contribution`, so listed + unlisted = the total.
        Every term present is counted, but spans are found only for the listed ones.
        """
        split = {name: SplitText.of(fields.get(name) or "") for name in FIELDS}
        counts = split["text"].term_counts(self._known)  # type: ignore[attr-defined]
        for term, n in split["title"].term_counts(self._known).items():  # type: ignore[attr-defined]
            counts[term] = counts.get(term, 0) + n
        value_of, coefficient_of = VALUE_FUNCTIONS[self.value], self._coefficient_of  # type: ignore[attr-defined]
        values = dict(zip(counts, map(value_of, counts.values()), strict=True))
        contributions = {term: coefficient_of[term] * value for term, value in values.items()}
        # Strongest first, ties by term: sorting (-|contribution|, term) pairs needs no key function.
        strengths = map(neg, map(abs, contributions.values()))
        ranked = [term for _, term in sorted(zip(strengths, contributions, strict=True))]
        shown = ranked[:listed]
        spans: dict[str, list[Span]] = {term: [] for term in shown}
        for name, text in split.items():
            for term, start, end in text.find(frozenset(shown)):
                spans[term].append(Span(start, end, term, name))
        terms = [
            {"term": term, "coefficient": coefficient_of[term], "value": values[term],
             "contribution": contributions[term], "occurrences": counts[term], "evidence": spans[term][:MAX_EVIDENCE]}
            for term in shown
        ]  # fmt: skip
        return WordingExplanation(
            contribution=math.fsum(contributions.values()),
            terms=terms,
            unlisted_terms=len(ranked) - len(shown),
            unlisted_contribution=math.fsum(contributions[term] for term in ranked[listed:]),
        )


@dataclass(frozen=True)
class SplitText:
    """A text split once into its words and the gaps between them, for counting terms and for finding them: the
    measured big win over filtering `occurrences` (docs/benchmarks.md; that filter is the oracle in
    tests/test_wording.py). Offsets come from the running lengths of the parts."""

    parts: list[str]  # gap, word, gap, ..., word, gap: word k is parts[2k + 1]
    words: list[str]  # lower-cased, typographic apostrophes made plain

    @classmethod
    def of(cls, text: str) -> SplitText:
        parts = _SPLIT_AROUND_WORDS.split(text)
        words = list(map(str.lower, parts[1::2]))
        if "’" in text:
            words = [word.replace("’", "'") for word in words]
        return cls(parts, words)

    def term_counts(self, known: frozenset[str]) -> dict[str, int]:
        """How often each `known` term occurs: the counts of `occurrences` for those terms. Words and adjacent pairs
        are counted whole; pairs whose gap does not join a phrase (most gaps are one space) are taken back out. A
        junk-length word needs no test: it is in no known term (`occurrences` skips such words)."""
        words, gaps = self.words, self.parts[2:-1:2]  # gaps[k] lies between words[k] and words[k + 1]
        singles = Counter(words)
        pairs = Counter(map(" ".join, pairwise(words)))
        # known.intersection(counter) walks the counter (a few hundred keys), not the vocabulary.
        present = known.intersection(singles)
        found = dict(zip(present, map(singles.__getitem__, present), strict=True))
        present = known.intersection(pairs)
        found.update(zip(present, map(pairs.__getitem__, present), strict=True))
        for k in compress(count(), map(" ".__ne__, gaps)):
            pair = f"{words[k]} {words[k + 1]}"
            if pair in found and not joins_a_phrase(gaps[k]):
                found[pair] -= 1
                if not found[pair]:
                    del found[pair]
        return found

    def find(self, terms: frozenset[str]) -> list[tuple[str, int, int]]:
        """(term, start, end) for each occurrence of `terms`, in the order `occurrences` gives them; only the few
        words that are a term or start one are looked at one by one."""
        phrase_starts = {term.split(" ", 1)[0] for term in terms if " " in term}
        looked_at = phrase_starts | {term for term in terms if " " not in term}
        parts, lowered = self.parts, self.words
        ends = list(accumulate(map(len, parts)))  # parts[i] ends at offset ends[i]
        found = []
        for k in compress(count(), map(looked_at.__contains__, lowered)):
            start, end, word = ends[2 * k], ends[2 * k + 1], lowered[k]
            if end - start > MAX_TOKEN_CHARS:
                continue
            if word in terms:
                found.append((word, start, end))
            if word in phrase_starts and k + 1 < len(lowered):
                next_end = ends[2 * k + 3]
                phrase = f"{word} {lowered[k + 1]}"
                next_is_a_word = next_end - ends[2 * k + 2] <= MAX_TOKEN_CHARS
                if phrase in terms and next_is_a_word and joins_a_phrase(parts[2 * k + 2]):
                    found.append((phrase, start, next_end))
        return found
