"""The claims of an article that another version of its story can confirm: figures, direct quotes, named sources.

- figure: a figure as the figures signal finds it (with a currency word after it: "120 million pounds"), compared by
  its normalised amount (scorer.corroboration.figures), so "£120m" confirms "£120 million";
- quote: a direct quote of 4+ words as the attribution analysis finds it, compared fuzzily (rapidfuzz), so a trimmed
  or machine-spun copy still confirms its original;
- source: a person or organisation with a reporting verb ("Henrik Vale said", "according to the port authority"),
  compared by the words of the name, so "Vale" confirms "port director Henrik Vale".
Every claim is a span of the body text (`field` "text"), `text == article.text[start:end]`, code-point offsets.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from rapidfuzz import fuzz

from scorer.article import Article
from scorer.corroboration.figures import Amount, normalise_figure
from scorer.segment import Document, segment

# The one import of the shared attribution and figures analyses (their home may move: change it here only).
from scorer.signals.attribution import attribution_of
from scorer.signals.figures import figures_of

KINDS = ("figure", "quote", "source")
# Two quotes are the same quote at this rapidfuzz score (0-100) or above; see _quote_similarity. Measured on the test
# families: a spun copy of a quote scores 75-80 against its original, a trimmed copy 100, other quotes 40-49.
SAME_QUOTE_SCORE = 65
# A currency named after a figure's number belongs to the figure ("120 million pounds", "1,000 US dollars").
_CURRENCY_AFTER = re.compile(r"\s(?:US\s)?(?:dollars?|pounds?(?:\ssterling)?|euros?|yen)\b", re.IGNORECASE)
_WORD = re.compile(r"\w+")
_QUOTE_MARKS = "\"'“”‘’«»„ "
# Words that do not tell one source from another ("the ministry", "Mr Vale", "union leader Ferrante").
_GENERIC_NAME_WORDS = frozenset(
    ["the", "a", "an", "of", "and", "for", "mr", "mrs", "ms", "dr", "its", "his", "her", "their", "also", "who",
     "which", "leader", "chief", "director", "minister", "spokesperson", "spokesman", "spokeswoman", "official",
     "president", "secretary", "head"]
)


class Claim(NamedTuple):
    kind: str  # figure, quote or source
    start: int
    end: int
    # What is compared: an Amount (figure), the quote's words (quote), the name's words (source).
    key: Amount | str | frozenset[str]


def claims_of(article: Article) -> list[Claim]:
    """The article's figures, quotes and named sources in text order."""
    doc = segment(article)
    claims = figure_claims(doc) + quote_claims(doc) + source_claims(doc)
    return sorted(claims, key=lambda c: (c.start, c.end, c.kind))


def figure_claims(doc: Document) -> list[Claim]:
    text = doc.text.text
    claims = []
    for figure in figures_of(doc):
        end = figure.end
        currency = _CURRENCY_AFTER.match(text, end)
        if currency and figure.kind != "percentage":
            end = currency.end()
        amount = normalise_figure(text[figure.start : end])
        if amount is not None:
            claims.append(Claim("figure", figure.start, end, amount))
    return claims


def quote_claims(doc: Document) -> list[Claim]:
    text = doc.text.text
    claims = []
    for quote in attribution_of(doc).quotes:
        words = " ".join(_WORD.findall(text[quote.start : quote.end].strip(_QUOTE_MARKS).lower()))
        if words:
            claims.append(Claim("quote", quote.start, quote.end, words))
    return claims


def source_claims(doc: Document) -> list[Claim]:
    """Named sources: the reporting cue with the name before it ("Henrik Vale said") or after it ("according to the
    port authority", '..." said Vale')."""
    text = doc.text.text
    claims = []
    for cue in attribution_of(doc).cues:
        if cue.kind != "named":
            continue
        start, end = cue.evidence
        name = text[start : cue.start] if start < cue.start else text[cue.end : end]
        words = name_words(name)
        if words:
            claims.append(Claim("source", start, end, words))
    return claims


def name_words(name: str) -> frozenset[str]:
    """The words that tell a source apart: capitalised words of the name if it has any ("Port director Henrik Vale"
    -> port, henrik, vale), else its content words ("the ministries" -> ministries); titles and articles left out."""
    words = _WORD.findall(name)
    capitalised = [w for w in words if w[0].isupper()]
    chosen = capitalised or words
    return frozenset(w.lower() for w in chosen) - _GENERIC_NAME_WORDS


def _quote_similarity(a: str, b: str) -> float:
    """How alike two quotes are, 0-100: the better of rapidfuzz's ratio (a whole quote with words swapped, as a
    spinner does) and its partial ratio (one quote trimmed out of the other)."""
    return max(fuzz.ratio(a, b), fuzz.partial_ratio(a, b))


def same_claim(a: Claim, b: Claim) -> bool:
    """Whether claim `b` (of another version) confirms claim `a`."""
    if a.kind != b.kind:
        return False
    if a.kind == "figure":
        return a.key == b.key
    if a.kind == "quote":
        return _quote_similarity(a.key, b.key) >= SAME_QUOTE_SCORE
    shorter, longer = sorted((a.key, b.key), key=len)
    return shorter <= longer  # "Vale" and "Henrik Vale" are one source
