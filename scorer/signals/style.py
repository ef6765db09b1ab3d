"""Style: exclamations, shouting capitals, second-person address, loaded words, clickbait headlines, length."""

from __future__ import annotations

import math
import re
from functools import cache

from scorer import lexicons
from scorer.lexicons import _phrase_regex as phrase_regex
from scorer.segment import Document, Field
from scorer.signals.base import SignalResult, Span, capped, spans

# Lexicon phrases are looked up from the word tokens, not by running the whole alternation at every character:
# Python's re tries every phrase at every word boundary (~0.2-1 ms per 400-word text for 30-70 phrases), while a set
# lookup of each word's first three letters and an anchored match of the few phrases that start so costs ~20 µs.
PREFIX_CHARS = 3


def lower_words(field: Field) -> list[str]:
    """Lower-cased word tokens of a field, aligned with `field.tokens`; computed once per field and shared."""
    cached = vars(field).get("_lower_words")
    if cached is None:
        lower = field.lower if len(field.lower) == len(field.text) else None
        text = field.text
        cached = [lower[s:e] for s, e in field.tokens] if lower else [text[s:e].lower() for s, e in field.tokens]
        vars(field)["_lower_words"] = cached
    return cached


def _word_prefixes(field: Field) -> list[str]:
    cached = vars(field).get("_word_prefixes")
    if cached is None:
        cached = vars(field)["_word_prefixes"] = [word[:PREFIX_CHARS] for word in lower_words(field)]
    return cached


def _first_word_prefix(name: str, phrase: str) -> str:
    first = phrase.lower().split()[0]
    if not first[0].isalnum() or (first.endswith("*") and len(first) <= PREFIX_CHARS):
        raise ValueError(f"lexicon {name!r}: {phrase!r} must start with a word, and a stem needs 3+ letters")
    return first.rstrip("*")[:PREFIX_CHARS]


@cache
def _patterns_by_prefix(name: str) -> dict[str, re.Pattern]:
    """The lexicon's phrases grouped by the first three letters of their first word, one small regex per group."""
    groups: dict[str, list[str]] = {}
    for phrase in lexicons.load(name):
        groups.setdefault(_first_word_prefix(name, phrase), []).append(phrase)
    return {
        prefix: re.compile("|".join(phrase_regex(p) for p in sorted(phrases, key=len, reverse=True)), re.IGNORECASE)
        for prefix, phrases in groups.items()
    }


def lexicon_matches(field: Field, name: str) -> list[re.Match]:
    """Non-overlapping matches of lexicon `name` in the field (what `lexicons.pattern(name).finditer` finds)."""
    cache_key = f"_lexicon_{name}"
    cached = vars(field).get(cache_key)
    if cached is not None:
        return cached
    patterns = _patterns_by_prefix(name)
    prefixes = _word_prefixes(field)
    matches: list[re.Match] = []
    if not patterns.keys().isdisjoint(prefixes):
        tokens, text = field.tokens, field.text
        for index in (i for i, prefix in enumerate(prefixes) if prefix in patterns):
            start = tokens[index][0]
            if matches and start < matches[-1].end():
                continue
            match = patterns[prefixes[index]].match(text, start)
            if match:
                matches.append(match)
    vars(field)[cache_key] = matches
    return matches


_EXCLAMATION = re.compile(r"!+")
# A word of 3+ capital letters and nothing else; acronyms of 2-5 letters are common in news, so see below.
_ALL_CAPS_WORD = re.compile(r"\b[A-Z]{3,}\b")
# Acronyms this short are usually organisations (NATO, FBI, UNESCO), not shouting.
_MAX_ACRONYM_LEN = 6
# Seven capitals in a row: the shortest possible shouting word, searched first because it is a fast literal scan.
_CAPS_RUN = re.compile(r"[A-Z]{7}")


def exclamations_per_sentence(doc: Document) -> SignalResult:
    """Exclamation marks (runs count once) per sentence of body text."""
    matches = list(_EXCLAMATION.finditer(doc.text.text))
    return SignalResult(doc.text.per_sentence(len(matches)), spans(matches, doc.text, "exclamation"))


def _shouting(match: re.Match) -> bool:
    return len(match.group()) > _MAX_ACRONYM_LEN


def all_caps_per_100_words(doc: Document) -> SignalResult:
    """Words of 7+ capital letters (shouting, not acronyms) per 100 words of body text."""
    text = doc.text.text
    if not _CAPS_RUN.search(text):  # cheap gate: most articles have no run of 7 capitals at all
        return SignalResult(0.0)
    matches = [m for m in _ALL_CAPS_WORD.finditer(text) if _shouting(m)]
    return SignalResult(doc.text.per_100_words(len(matches)), spans(matches, doc.text, "all-caps word"))


def log_word_count(doc: Document) -> SignalResult:
    """Natural log of 1 + the number of words in the body text."""
    return SignalResult(math.log1p(doc.text.word_count))


# Second-person address, matched as whole word tokens (the tokenizer keeps "you're" as one token).
_SECOND_PERSON = frozenset(
    {"you", "your", "yours", "yourself", "yourselves", "y'all", "y’all"}
    | {f"you{q}{ending}" for q in "'’" for ending in ("re", "ll", "ve", "d")}
)
_CLICKBAIT_PHRASE = lexicons.pattern("clickbait")
# "10 Reasons ...", "7 things ...": a number first, then (within two words) a listicle noun.
_LISTICLE = re.compile(
    r"^\s{0,10}\d{1,3}\s+(?:\w+\s+){0,2}?(?:reasons|things|ways|times|signs|facts|photos|pictures|tips|tricks|"
    r"secrets|moments|questions|lessons|mistakes|myths|rules|habits|truths|quotes|memes|tweets|celebrities|"
    r"people|foods|words)\b",
    re.IGNORECASE,
)
_QUESTION_HEADLINE = re.compile(r"\?[\s\"'”’)]{0,5}\Z")
_HEADLINE_EXCLAMATION = re.compile(r"!+")
_LETTER = re.compile(r"[^\W\d_]")
# An all-caps headline needs this many letters, so "NATO" or "UK" alone is not shouting.
MIN_CAPS_HEADLINE_LETTERS = 12


def second_person_per_100_words(doc: Document) -> SignalResult:
    """Second-person address ("you", "your", "yourself") per 100 words of body text."""
    hits = [i for i, word in enumerate(lower_words(doc.text)) if word in _SECOND_PERSON]
    tokens = doc.text.tokens
    evidence = capped(Span(*tokens[i], "second person", "text") for i in hits)
    return SignalResult(doc.text.per_100_words(len(hits)), evidence)


def loaded_words_per_100_words(doc: Document) -> SignalResult:
    """Loaded or emotive words ("shocking", "slams", "traitor") per 100 words of body text."""
    matches = lexicon_matches(doc.text, "loaded_words")
    return SignalResult(doc.text.per_100_words(len(matches)), spans(matches, doc.text, "loaded word"))


def _all_caps_headline(title: str) -> re.Match | None:
    """The whole (stripped) title when it has 12+ letters and none of them is lower case."""
    letters = _LETTER.findall(title)
    if len(letters) >= MIN_CAPS_HEADLINE_LETTERS and not any(ch.islower() for ch in letters):
        return re.search(r"\S(?:.*\S)?", title, re.DOTALL)
    return None


def clickbait_title_cues(doc: Document) -> SignalResult:
    """Kinds of clickbait cue in the headline (teaser phrase, listicle number, question, exclamation, all caps), 0-5."""
    title = doc.title
    kinds: list[tuple[str, list[re.Match]]] = [
        ("clickbait phrase", list(_CLICKBAIT_PHRASE.finditer(title.text))),
        ("listicle number", list(_LISTICLE.finditer(title.text))),
        ("question headline", list(_QUESTION_HEADLINE.finditer(title.text))),
        ("exclamation in headline", list(_HEADLINE_EXCLAMATION.finditer(title.text))),
        ("all-caps headline", [m for m in [_all_caps_headline(title.text)] if m]),
    ]
    found = [(label, matches) for label, matches in kinds if matches]
    evidence = tuple(span for label, matches in found for span in spans(matches, title, label))
    return SignalResult(float(len(found)), capped(evidence))


def mean_sentence_length(doc: Document) -> SignalResult:
    """Mean number of words per sentence of body text (0 for no sentences)."""
    sentences = len(doc.text.sentences)
    return SignalResult(doc.text.word_count / sentences if sentences else 0.0)


def mean_word_length(doc: Document) -> SignalResult:
    """Mean number of characters per word of body text (0 for no words)."""
    tokens = doc.text.tokens
    return SignalResult(sum(end - start for start, end in tokens) / len(tokens) if tokens else 0.0)
