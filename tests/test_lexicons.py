"""Lexicon files and the shared one-pass matcher: same hits as the regex, offsets into the original text."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scorer import lexicons

SCANNED = sorted(lexicons.scanned_names())


def test_every_lexicon_file_loads_with_phrases():
    for name in lexicons.available():
        phrases = lexicons.load(name)
        assert phrases, name
        assert all(not p.startswith("#") and p == p.strip() for p in phrases), name


def test_unknown_lexicon_lists_the_known_ones():
    with pytest.raises(lexicons.UnknownLexiconError, match=r"known: .*english_function_words"):
        lexicons.load("no_such_lexicon")
    with pytest.raises(lexicons.UnknownLexiconError):
        lexicons.find("no_such_lexicon", "text")


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "Word",
        "According to the ministry, officials said; sources told reporters, allegedly. LEAVE A REPLY",
        "Leave a\nReply\tand share\xa0this. Send your submission to [email protected]",
        "The İstanbul office said ß and ǅ are fine; insiders say so.",
        "Emoji 🎉 said 🎉 according to\u200b the\u3000ministry",
        "مصادر دبلوماسية said the minister",
        "saidsaid unsaid said_ said",
        "A lone \ud800 surrogate said, according to insiders \udfff",  # JSON can carry one; UTF-8 cannot encode it
    ],
)
def test_find_agrees_with_the_regex_for_every_lexicon(text):
    for name in SCANNED:
        assert lexicons.find(name, text) == lexicons.find_plain(name, text), name


def test_unscanned_lexicon_says_how_to_read_it():
    with pytest.raises(lexicons.UnknownLexiconError, match=r"not scanned; read it with load"):
        lexicons.find("english_function_words", "the text")


def test_scan_gives_every_scanned_lexicon_with_a_hit():
    text = "Officials said it, according to insiders."
    assert lexicons.scan(text) == {name: lexicons.find(name, text) for name in SCANNED if lexicons.find(name, text)}
    assert lexicons.scan(text, text.lower()) == lexicons.scan(text)


def test_fold_keeps_every_offset():
    for text in ["A\u2003B\xa0C\nD", "İstanbul", "ǅ Ǆ ß ﬁ", "🎉\u200b"]:
        assert len(lexicons.fold(text)) == len(text)


def test_find_returns_slices_of_the_original_text():
    text = "Officials said it.\nACCORDING TO the report, she SAID no."
    for name in SCANNED:
        for start, end in lexicons.find(name, text):
            assert text[start:end].strip() == text[start:end]


def test_find_is_safe_on_adversarial_input():
    # The automaton is linear in the text; these would hurt a backtracking regex.
    for text in ["a" * 100_000, "said " * 20_000, "according to " * 8_000, "[email " * 15_000]:
        for name in SCANNED:
            lexicons.find(name, text)


def test_fold_turns_every_unicode_whitespace_into_a_space():
    every_space = "".join(chr(c) for c in range(0x110000) if chr(c).isspace())
    assert set(lexicons.fold("x" + every_space + "é")[1:-1]) == {" "}


# Phrases that overlap within a lexicon and across lexicons, stems, word-character and other margins.
# fmt: off
SCAN_PIECES = [
    "said", "said that", "says", "according to", "according", "to", "alleg", "allegedly", "sources", "sources say",
    "insiders", "leave a reply cancel reply", "cancel reply", "log in to leave a comment", "leave a comment",
    "additional reporting by", "reporting by", "you", "your", "you won’t believe", "you won't believe",
    "leave a reply", "reply", "[email", "protected]", "share", "this", "some", "many", "absolutely", "never",
    "always", "here’s why", "here's why", "here?s why", "?", "x", "_", "é", "1", " ", "  ", "\n", "\xa0", "\u2009",
    ",", ".", "-", "'", "’", "İ", "K", "🎉", "\ud800",
]
# fmt: on
scan_texts = st.lists(st.sampled_from(SCAN_PIECES), max_size=30).map("".join)


@given(scan_texts)
@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_scan_is_the_plain_regex_for_every_lexicon(text):
    """The one-pass automaton finds, for every lexicon, what the lexicon's own regex alternation finds."""
    hits = lexicons.scan(text)
    for name in SCANNED:
        assert hits.get(name, []) == lexicons.find_plain(name, text), name


@given(scan_texts)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_every_automaton_layout_finds_the_same_hits(text):
    """The layout is chosen for speed alone (lexicons.AUTOMATON): the DFA finds what the kept one finds."""
    assert lexicons.scan(text, implementation="DFA") == lexicons.scan(text)


def test_a_stem_runs_on_over_the_same_word_characters_as_a_word_boundary():
    """A stem's hit runs on over `\\w*`; a word boundary is judged with `_word_char`: they agree on every character."""
    every_character = "".join(map(chr, range(0x110000)))
    assert [bool(lexicons._WORD_CHARS.fullmatch(ch)) for ch in every_character] == [
        lexicons._word_char(ch) for ch in every_character
    ]
