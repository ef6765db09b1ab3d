"""Lexicon files and the shared one-pass matcher: same hits as the regex, offsets into the original text."""

import functools

import ahocorasick_rs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scorer import lexicons

SCANNED = sorted(set(lexicons.available()) - lexicons._NOT_SCANNED)


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
    ],
)
def test_find_agrees_with_the_regex_for_every_lexicon(text):
    for name in SCANNED:
        expected = [m.span() for m in lexicons.pattern(name).finditer(text)]
        assert lexicons.find(name, text) == expected, name


def test_unscanned_lexicon_says_how_to_read_it():
    with pytest.raises(lexicons.UnknownLexiconError, match="not scanned; use pattern"):
        lexicons.find("english_function_words", "the text")


def test_scans_of_title_and_text_are_both_kept():
    title, text = "Sources say", "Officials said it, according to insiders."
    first = lexicons.find("reporting_verbs", text)
    lexicons.find("anonymous_sources", title)
    assert lexicons.find("reporting_verbs", text) is first


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


def test_find_each_is_find_for_each_name():
    text = "Officials said, according to insiders, that you will never guess. Leave a reply."
    names = ["reporting_verbs", "anonymous_sources", "clickbait", "hedges", "comment_form"]
    assert lexicons.find_each(names, text, text.lower()) == {name: lexicons.find(name, text) for name in names}
    with pytest.raises(lexicons.UnknownLexiconError, match="not scanned"):
        lexicons.find_each(["hedges", "english_function_words"], text)
    with pytest.raises(lexicons.UnknownLexiconError, match="known: "):
        lexicons.find_each(["no_such_lexicon"], text)


@functools.cache
def _plain_automaton() -> ahocorasick_rs.AhoCorasick:
    keys = [" ".join(p.rstrip("*").lower().split()) for n in SCANNED for p in lexicons.load(n)]
    return ahocorasick_rs.AhoCorasick(list(dict.fromkeys(keys)), implementation=ahocorasick_rs.Implementation.DFA)


def _plain_scan(text: str) -> dict[str, list[tuple[int, int]]]:
    """The scan with every check spelled out, the automaton run on the text itself (not on one byte per character)
    and every lexicon's hits sorted into leftmost-longest."""
    folded = lexicons.fold(text)
    automaton = lexicons._automaton()
    word = lexicons._word_char
    hits: dict[str, list[tuple[int, int]]] = {}
    for index, start, end in _plain_automaton().find_matches_as_indexes(folded, overlapping=True):
        if start > 0 and word(folded[start - 1]) and word(folded[start]):
            continue
        for name, is_stem in automaton.phrases[index].owners:
            stop = end
            if is_stem:
                while stop < len(folded) and word(folded[stop]):
                    stop += 1
            elif stop < len(folded) and word(folded[stop]) and word(folded[stop - 1]):
                continue
            hits.setdefault(name, []).append((start, stop))
    return {name: lexicons._leftmost_longest(spans) for name, spans in hits.items()}


# Phrases that overlap within a lexicon and across lexicons, stems, word-character and other margins.
# fmt: off
SCAN_PIECES = [
    "said", "said that", "says", "according to", "according", "to", "alleg", "allegedly", "sources", "sources say",
    "insiders", "leave a reply cancel reply", "cancel reply", "log in to leave a comment", "leave a comment",
    "additional reporting by", "reporting by", "you", "your", "you won’t believe", "you won't believe",
    "leave a reply", "reply", "[email", "protected]", "share", "this", "some", "many", "absolutely", "never",
    "always", "here’s why", "here's why", "here?s why", "?", "x", "_", "é", "1", " ", "  ", "\n", "\xa0", "\u2009",
    ",", ".", "-", "'", "’", "İ", "K", "🎉",
]
# fmt: on
scan_texts = st.lists(st.sampled_from(SCAN_PIECES), max_size=30).map("".join)


@given(scan_texts)
@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_scan_is_the_plain_scan(text):
    """Scanning one byte per character (checking the hits of phrases with a "?" in their bytes), skipping the sort
    for lexicons whose hits come in order and apart, and checking the word boundary only outside the phrase finds
    what the plain scan finds."""
    assert lexicons._scan(text, None) == _plain_scan(text)
