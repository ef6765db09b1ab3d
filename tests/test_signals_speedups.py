"""The fast paths in segmentation and signals give exactly what the plain versions they replaced give.

Each plain version is written out here as the reference (the code as it was before it was made faster); hypothesis
throws texts built from the characters that matter at both. The model and the committed feature table were built
with the plain versions, so any difference would silently change a feature.
"""

import itertools
import re

from ftfy.badness import BADNESS_RE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scorer import segment
from scorer.segment import Field
from scorer.signals import integrity
from scorer.signals.style import TRAILING_PUNCTUATION

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces that exercise sentence ends, abbreviations, quotes, line breaks, odd whitespace and odd lower-casing.
PIECES = [
    "A", "b", "Mr", "U.S", "e.g", "approx", "said", ".", "!", "?", "…", "。", "！", '"', "”", "’", ")", "(", "“",
    " ", "  ", "\n", "\n \n", "\t", "1", "\u2028", "\x85", "\u00a0", "İ", "Σ", "_", "²",
    "said. ", "Mr. ", "F. ", "U.S. ", "approx. ", " The", " We", '." He', "! 3",
]
texts = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)

# --- the sentence splitter as it was: one regex search per paragraph, a regex for every abbreviation check ---

_REFERENCE_SENTENCE_END = re.compile(r"(?<![.!?…])[.!?…]+[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_REFERENCE_TRAILING_WORD = re.compile(r"([\w.]+)\.$")


def reference_is_abbreviation(text, boundary_start):
    match = _REFERENCE_TRAILING_WORD.search(text, max(0, boundary_start - 12), boundary_start + 1)
    if not match:
        return False
    word = match.group(1).lower()
    return word in segment._ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def reference_split_sentences(text):
    sentences = []
    has_cjk = any(stop in text for stop in "。！？")
    for para_start, para_end in segment.split_paragraphs(text):
        found = list(_REFERENCE_SENTENCE_END.finditer(text, para_start, para_end))
        if has_cjk:
            cjk = segment._CJK_SENTENCE_END.finditer(text, para_start, para_end)
            found = sorted(found + list(cjk), key=lambda m: m.start())
        start = para_start
        for boundary in found:
            if text[boundary.start()] == "." and reference_is_abbreviation(text, boundary.start()):
                continue
            span = segment._strip(text, start, boundary.end())
            if span:
                sentences.append(span)
            start = boundary.end()
        span = segment._strip(text, start, para_end)
        if span:
            sentences.append(span)
    return sentences


@SETTINGS
@given(texts)
def test_sentences_equal_the_per_paragraph_splitter(text):
    assert segment.split_sentences(text) == reference_split_sentences(text)


@SETTINGS
@given(texts)
def test_abbreviation_fast_paths_equal_the_regex(text):
    text += "."
    assert segment._is_abbreviation(text, len(text) - 1) == reference_is_abbreviation(text, len(text) - 1)


@SETTINGS
@given(texts)
def test_word_count_equals_the_whitespace_split(text):
    assert Field("text", text).word_count == len(text.split())


# --- integrity ---


def reference_doubled_candidates(words, size):
    if size == 1:
        return [
            i for i, (a, b) in enumerate(itertools.pairwise(words))
            if a == b or (b[-1] in TRAILING_PUNCTUATION and b.rstrip(TRAILING_PUNCTUATION) == a)
        ]
    return [i for i, a, b in zip(range(len(words)), words, words[size:], strict=False) if a == b]


doubled_texts = st.lists(st.sampled_from(["the", "the.", "the,", "talks", "talks!", "had", "a", "A", "”"]),
                         max_size=20).map(" ".join)


@SETTINGS
@given(doubled_texts)
def test_doubled_runs_equal_the_plain_loop(text):
    words = text.lower().split()
    for size in integrity.DOUBLED_RUN_SIZES:
        expected = [i for i in reference_doubled_candidates(words, size) if integrity._is_doubled(words, i, size)]
        assert integrity._doubled_runs(words, size, integrity._word_hashes(Field("text", text))) == expected


@SETTINGS
@given(texts)
def test_sentence_keys_equal_lower_casing_each_sentence(text):
    field = Field("text", text)
    assert integrity._sentence_keys(field) == [integrity._sentence_key(text[s:e]) for s, e in field.sentences]


mojibake_texts = st.lists(st.sampled_from(["â€™", "Ã©", "Â", "\xa0", "é", "”", "“", "x", "ab", " ", "\n", "ГўВЂВ"]),
                          max_size=40).map("".join)


@SETTINGS
@given(mojibake_texts, st.sampled_from([0, integrity.WINDOW_SEARCH_CHARS, 10**9]))
def test_windowed_mojibake_search_equals_the_full_search(text, threshold):
    saved, integrity.WINDOW_SEARCH_CHARS = integrity.WINDOW_SEARCH_CHARS, threshold
    try:
        got = [m.span() for m in integrity._badness_in_line(text, 0, len(text))]
    finally:
        integrity.WINDOW_SEARCH_CHARS = saved
    assert got == [m.span() for m in BADNESS_RE.finditer(text, 0, len(text))]
