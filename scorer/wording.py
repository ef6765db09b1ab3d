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
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from itertools import accumulate, compress, count
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
    "log1p(count)": lambda count: math.log1p(count),
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
        object.__setattr__(self, "_index", {term: i for i, term in enumerate(self.terms)})
        # First words of the two-word terms: a phrase is built only after one of them (most words start none).
        object.__setattr__(self, "_phrase_starts", frozenset(t.split(" ", 1)[0] for t in self.terms if " " in t))
        # The words `_known_occurrences` looks at: a one-word term, or the first word of a two-word one.
        object.__setattr__(self, "_looked_at", self._phrase_starts | {t for t in self.terms if " " not in t})

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

    def _known_occurrences(self, text: str) -> list[tuple[str, int, int]]:
        """The occurrences of this model's terms in `text`, in the order `occurrences` gives them (the plain filter of
        `occurrences` is the oracle in tests/test_wording.py). A measured big win over that filter
        (docs/benchmarks.md): one split of the text gives every word and every gap between words, the offsets come
        from their running lengths, and only the few words that are a term or start one are looked at one by one."""
        index, phrase_starts = self._index, self._phrase_starts  # type: ignore[attr-defined]
        parts = _SPLIT_AROUND_WORDS.split(text)  # word k is parts[2k + 1], between the gaps parts[2k], parts[2k + 2]
        ends = list(accumulate(map(len, parts)))  # parts[i] ends at offset ends[i]
        lowered = [word.lower() for word in parts[1::2]]
        if "’" in text:
            lowered = [word.replace("’", "'") for word in lowered]
        found = []
        for k in compress(count(), map(self._looked_at.__contains__, lowered)):  # type: ignore[attr-defined]
            start, end, word = ends[2 * k], ends[2 * k + 1], lowered[k]
            if end - start > MAX_TOKEN_CHARS:
                continue
            if word in index:
                found.append((word, start, end))
            if word in phrase_starts and k + 1 < len(lowered):
                next_end = ends[2 * k + 3]
                phrase = f"{word} {lowered[k + 1]}"
                next_is_a_word = next_end - ends[2 * k + 2] <= MAX_TOKEN_CHARS
                if phrase in index and next_is_a_word and joins_a_phrase(parts[2 * k + 2]):
                    found.append((phrase, start, next_end))
        return found

    def explain(self, fields: Mapping[str, str], listed: int = LISTED_TERMS) -> WordingExplanation:
        """The family's contribution to an article's {"title": ..., "text": ...}, with its `listed` strongest terms.

        A listed term is {"term", "coefficient", "value", "contribution", "occurrences", "evidence"}: `evidence`
        holds a Span per occurrence (the first MAX_EVIDENCE of them; `occurrences` is the full count), and each
        occurrence carries contribution / occurrences. Terms are sorted by |contribution|, largest first; the ones
        past `listed` are summed into `unlisted_terms` / `unlisted_contribution`, so listed + unlisted = the total.
        """
        found: dict[int, list[tuple[int, int, str]]] = {}
        for name in FIELDS:
            for term, start, end in self._known_occurrences(fields.get(name) or ""):
                found.setdefault(self._index[term], []).append((start, end, name))  # type: ignore[attr-defined]
        value_of = VALUE_FUNCTIONS[self.value]
        contributions = {index: self.coefficients[index] * value_of(len(spots)) for index, spots in found.items()}
        ranked = sorted(found, key=lambda index: (-abs(contributions[index]), self.terms[index]))
        terms = [
            {
                "term": self.terms[index],
                "coefficient": self.coefficients[index],
                "value": value_of(len(found[index])),
                "contribution": contributions[index],
                "occurrences": len(found[index]),
                "evidence": [Span(start, end, self.terms[index], name)
                             for start, end, name in found[index][:MAX_EVIDENCE]],
            }
            for index in ranked[:listed]
        ]  # fmt: skip
        return WordingExplanation(
            contribution=math.fsum(contributions.values()),
            terms=terms,
            unlisted_terms=len(ranked[listed:]),
            unlisted_contribution=math.fsum(contributions[index] for index in ranked[listed:]),
        )
