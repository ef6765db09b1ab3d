"""Style: exclamations, shouting capitals, second-person address, loaded words, clickbait headlines, length."""

from __future__ import annotations

import math
import re

from scorer.segment import Document
from scorer.signals.base import SignalResult, spans

_EXCLAMATION = re.compile(r"!+")
# A word of 3+ capital letters and nothing else; acronyms of 2-5 letters are common in news, so see below.
_ALL_CAPS_WORD = re.compile(r"\b[A-Z]{3,}\b")
# Acronyms this short are usually organisations (NATO, FBI, UNESCO), not shouting.
_MAX_ACRONYM_LEN = 6


def exclamations_per_sentence(doc: Document) -> SignalResult:
    """Exclamation marks (runs count once) per sentence of body text."""
    matches = list(_EXCLAMATION.finditer(doc.text.text))
    return SignalResult(doc.text.per_sentence(len(matches)), spans(matches, doc.text, "exclamation"))


def _shouting(match: re.Match) -> bool:
    return len(match.group()) > _MAX_ACRONYM_LEN


def all_caps_per_100_words(doc: Document) -> SignalResult:
    """Words of 7+ capital letters (shouting, not acronyms) per 100 words of body text."""
    matches = [m for m in _ALL_CAPS_WORD.finditer(doc.text.text) if _shouting(m)]
    return SignalResult(doc.text.per_100_words(len(matches)), spans(matches, doc.text, "all-caps word"))


def log_word_count(doc: Document) -> SignalResult:
    """Natural log of 1 + the number of words in the body text."""
    return SignalResult(math.log1p(doc.text.word_count))
