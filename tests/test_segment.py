"""Segmentation: paragraphs, sentences and tokens as offsets that slice back into the text."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scorer import segment
from scorer.segment import Field, is_word, split_paragraphs, split_sentences, split_sentences_plain


def _slices(text, offsets):
    return [text[start:end] for start, end in offsets]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("", []),
        ("   \n  ", []),
        ("Word", ["Word"]),
        ("One. Two! Three? Four", ["One.", "Two!", "Three?", "Four"]),
        ("Mr. Smith met Dr. Jones in the U.S. on Monday.", ["Mr. Smith met Dr. Jones in the U.S. on Monday."]),
        ("John F. Kennedy spoke. Then he left.", ["John F. Kennedy spoke.", "Then he left."]),
        ('"We will win," he said. "Never."', ['"We will win," he said.', '"Never."']),
        ("It costs 3.5 million. Really.", ["It costs 3.5 million.", "Really."]),
        ("First line without stop\nSecond line.", ["First line without stop", "Second line."]),
        ("lower case after stop. still same sentence", ["lower case after stop. still same sentence"]),
        ("Wait... What happened?", ["Wait...", "What happened?"]),
        ("这是第一句。这是第二句。", ["这是第一句。", "这是第二句。"]),
        ("Emoji 🎉 here. Next\u200bone.", ["Emoji 🎉 here.", "Next\u200bone."]),
    ],
)
def test_sentences(text, sentences):
    assert _slices(text, split_sentences(text)) == sentences


@pytest.mark.parametrize(
    ("text", "paragraphs"),
    [
        ("", []),
        ("\n\n\n", []),
        ("One paragraph.", ["One paragraph."]),
        ("  First.  \n\n  Second.\r\nThird.", ["First.", "Second.", "Third."]),
    ],
)
def test_paragraphs(text, paragraphs):
    assert _slices(text, split_paragraphs(text)) == paragraphs


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", []),
        ("   ", []),
        ("word", ["word"]),
        ("It's a well-known fact, isn’t it?", ["It's", "a", "well-known", "fact,", "isn’t", "it?"]),
        ("مرحبا بالعالم", ["مرحبا", "بالعالم"]),
        ("see https://example.com/a?b=c or www.example.org now", ["see", "or", "now"]),
        ("img data:image/png;base64,iVBORw0KGgo= end", ["img", "end"]),
        ("blob " + "Qm" * 30 + " end", ["blob", "end"]),
        ("a" * 40 + " " + "b" * 41, ["a" * 40]),
        ("İİ " + "İ" * 40, ["İİ"]),  # judged lower-cased: "İ" lower-cases to two characters
    ],
)
def test_words_leave_out_tokens_that_cannot_be_words(text, words):
    field = Field("text", text)
    assert _slices(text, field.word_spans) == words
    assert field.lower_words == [word.lower() for word in words]
    assert field.word_count == len(words)


@pytest.mark.parametrize(
    ("token", "expected"),
    [("word", True), ("x" * 40, True), ("x" * 41, False), ("http://a.b", False), ("mailto:a@b", True),
     ("data:text/html,hi", False), ("data:", True), ("www.site", False), ("", True)],
)
def test_is_word(token, expected):
    assert is_word(token) is expected


@pytest.mark.parametrize(
    ("text", "units"),
    [("", 1), ("One. Two.", 2), ("word " * 120, 2), ("word " * 30, 1), ("A b. " * 3 + "c " * 600, 606 / 60)],
)
def test_an_unpunctuated_run_counts_as_sentences_of_at_most_60_words(text, units):
    assert Field("text", text).sentence_units == units


def test_field_normalisers_and_sentence_lookup():
    field = Field("text", "One two three. Four five six seven.")
    assert field.word_count == 7
    assert field.per_sentence(4) == 2.0
    assert field.per_100_words(7) == 100.0
    assert field.sentence_index(0) == 0
    assert field.sentence_index(field.text.index("Four")) == 1


def test_empty_field_normalisers_do_not_divide_by_zero():
    field = Field("text", "")
    assert field.per_sentence(3) == 3.0  # at least one sentence
    assert field.per_100_words(0) == 0.0
    assert field.sentence_index(0) == -1


def test_long_text_segments_without_losing_offsets():
    text = "The council met today. " * 40_000  # about 1 MB
    field = Field("text", text)
    assert len(field.sentences) == 40_000
    start, end = field.sentences[-1]
    assert text[start:end] == "The council met today."


@pytest.mark.parametrize(
    "text", ["." * 100_000, "!" * 100_000 + "A", "?!" * 50_000 + " Next", "。" * 100_000, ". " * 50_000]
)
def test_punctuation_runs_split_in_linear_time(text):
    # A quadratic splitter takes minutes here (pytest-timeout stops it); a linear one takes milliseconds.
    spans = split_sentences(text)
    assert all(text[start:end].strip() for start, end in spans)


# Line breaks, every kind of margin, sentence ends (CJK ones too: their gap can run over a line break) and words.
# fmt: off
SEGMENT_PIECES = [
    "A", "b", "Mr", "said", ".", "!", "。", "！", "”", " ", "  ", "\n", "\n \n", "\r", "\t", "\u2028", "\x85", "\xa0",
    "\u3000", "\u200b", "\x1c", "İ", " The", "said. ", "Mr. ", "。 ", "。\n", "。\u3000次",
    "U.S", "e.g", "approx", "?", "…", '"', "’", ")", "(", "“", "1", "F. ", "U.S. ", "approx. ", '." He', "! 3",
]
# fmt: on
segment_texts = st.lists(st.sampled_from(SEGMENT_PIECES), max_size=40).map("".join)


def plain_split_paragraphs(text):
    spans = (segment._strip(text, *line.span()) for line in re.finditer(r"[^\n]+", text))
    return [span for span in spans if span]


@given(segment_texts)
@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_paragraphs_are_the_trimmed_lines(text):
    """str.split and str.strip find the lines a regex finds and trim what _strip trims."""
    assert split_paragraphs(text) == plain_split_paragraphs(text)


@given(segment_texts)
@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_sentences_run_from_gap_to_gap(text):
    """The one-pass splitter gives what the plain per-paragraph splitter gives."""
    assert split_sentences(text) == split_sentences_plain(text)


@pytest.mark.parametrize(
    ("text", "count", "expected"),
    [
        ("", 1, False),
        ("", 0, True),
        ("   \n\t ", 1, False),
        ("one two three", 3, True),
        ("one two three", 4, False),
        ("one two", 2, True),
        ("https://example.com/x one two", 3, False),  # the URL is no word
        ("https://example.com/x one two three", 3, True),  # a non-word in the opening: the whole text is counted
        ("WWW.EXAMPLE.COM one", 2, False),  # judged lower-cased
        ("a" * 41 + " b c", 2, True),
        ("a" * 41 + " b", 2, False),
        ("İ" * 20 + " x", 2, True),  # "İ" lower-cases to two characters: 40 of them is still a word
        ("İ" * 21 + " x", 2, False),  # 42 lower-cased characters is not
        ("word " * 100_000, 50, True),
    ],
)
def test_has_words_is_count_words_at_least(text, count, expected):
    assert segment.has_words(text, count) is expected
    assert (segment.count_words(text) >= count) is expected


@given(st.lists(st.sampled_from(["word", "WORD", "www.x", "http://x", "data:a/b", "a" * 41, "İ" * 21, " ", "\n"])))
def test_has_words_agrees_with_count_words(pieces):
    text = " ".join(pieces)
    for count in (1, 3, 50):
        assert segment.has_words(text, count) == (segment.count_words(text) >= count)
