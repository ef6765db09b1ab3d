"""The claims of an article that another version of its story can confirm: figures, direct quotes, named sources.

- figure: a figure as the figures signal finds it (Document.figures), with a currency word after it ("120 million
  pounds"), compared by its normalised amount (scorer.corroboration.figures), so "£120m" confirms "£120 million";
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

KINDS = ("figure", "quote", "source")
# Claims of each kind read per article, in text order: enough for any news article, and a bound on the comparisons a
# hostile text (thousands of numbers) can cause.
MAX_CLAIMS_PER_KIND = 50
# Two quotes are the same quote at this rapidfuzz score (0-100) or above; see _same_quote. Measured on the test
# families: a spun copy of a quote scores 75-80 against its original, a trimmed copy 100, other quotes 40-49.
SAME_QUOTE_SCORE = 65
# A quote at most this share of another's length may be a trimmed copy of it (compared with partial_ratio).
TRIMMED_SHARE = 0.8
# Characters of a quote's words compared: a quote's first sentences identify it, and fuzzy matching costs grow with
# the product of the lengths.
MAX_QUOTE_CHARS = 300
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
    """The article's figures, quotes and named sources (the first MAX_CLAIMS_PER_KIND of each) in text order."""
    doc = segment(article)
    claims = figure_claims(doc) + quote_claims(doc) + source_claims(doc)
    return sorted(claims, key=lambda c: (c.start, c.end, c.kind))


def figure_claims(doc: Document) -> list[Claim]:
    text = doc.text.text
    claims = []
    for figure in doc.figures[:MAX_CLAIMS_PER_KIND]:
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
    for quote in doc.attribution.quotes[:MAX_CLAIMS_PER_KIND]:
        words = " ".join(_WORD.findall(text[quote.start : quote.end].strip(_QUOTE_MARKS).lower()))[:MAX_QUOTE_CHARS]
        if words:
            claims.append(Claim("quote", quote.start, quote.end, words))
    return claims


def source_claims(doc: Document) -> list[Claim]:
    """Named sources: the reporting cue with the name before it ("Henrik Vale said") or after it ("according to the
    port authority", '..." said Vale')."""
    text = doc.text.text
    claims = []
    named = [cue for cue in doc.attribution.cues if cue.kind == "named"]
    for cue in named[:MAX_CLAIMS_PER_KIND]:
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


def _same_quote(a: str, b: str) -> bool:
    """Whether two quotes (their words) are one quote: rapidfuzz's ratio (a whole quote with words swapped, as a
    spinner does) or, when one is clearly shorter, its partial ratio (the short one trimmed out of the other) reaches
    SAME_QUOTE_SCORE. partial_ratio costs ~1,000 times ratio on two long quotes of equal length, and a trimmed copy
    is the only case it is for."""
    if fuzz.ratio(a, b, score_cutoff=SAME_QUOTE_SCORE):
        return True
    shorter, longer = sorted((a, b), key=len)
    return len(shorter) <= TRIMMED_SHARE * len(longer) and bool(
        fuzz.partial_ratio(shorter, longer, score_cutoff=SAME_QUOTE_SCORE))


class Carried(NamedTuple):
    """What one version carries, ready to be looked up: figure amounts, quote words, source names."""

    figures: frozenset[Amount]
    quotes: tuple[str, ...]
    sources: tuple[frozenset[str], ...]


def carried(claims: list[Claim]) -> Carried:
    return Carried(frozenset(c.key for c in claims if c.kind == "figure"),
                   tuple(c.key for c in claims if c.kind == "quote"),
                   tuple(c.key for c in claims if c.kind == "source"))


def is_carried(claim: Claim, other: Carried) -> bool:
    """Whether another version carries `claim`: the same amount, a quote alike enough, or the same source ("Vale"
    and "Henrik Vale" are one source)."""
    if claim.kind == "figure":
        return claim.key in other.figures
    if claim.kind == "quote":
        return any(_same_quote(claim.key, quote) for quote in other.quotes)
    return any(claim.key <= name or name <= claim.key for name in other.sources)
