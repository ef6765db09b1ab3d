"""Segmentation: paragraphs, sentences and tokens as offsets that slice back into the text."""

import pytest

from scorer.segment import Field, split_paragraphs, split_sentences, tokenize


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
    ("text", "tokens"),
    [
        ("", []),
        ("   ", []),
        ("word", ["word"]),
        ("It's a well-known fact, isn’t it?", ["It's", "a", "well-known", "fact", "isn’t", "it"]),
        ("Préfet à Genève 2026", ["Préfet", "à", "Genève", "2026"]),
        ("مرحبا بالعالم", ["مرحبا", "بالعالم"]),
        ("🎉 !!! ...", []),
    ],
)
def test_tokens(text, tokens):
    assert _slices(text, tokenize(text)) == tokens


def test_field_normalisers_and_sentence_lookup():
    field = Field("text", "One two three. Four five six seven.")
    assert field.word_count == 7
    assert field.per_sentence(4) == 2.0
    assert field.per_100_words(7) == 100.0
    assert field.sentence_index(0) == 0
    assert field.sentence_index(field.text.index("Four")) == 1


def test_empty_field_normalisers_do_not_divide_by_zero():
    field = Field("text", "")
    assert field.per_sentence(3) == 3.0
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
