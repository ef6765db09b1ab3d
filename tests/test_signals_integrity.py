"""Text integrity: repeated phrases, duplicate sentences, doubled words, mojibake (ftfy) and truncation."""


import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scorer.article import from_text
from scorer.segment import segment
from scorer.signals import integrity
from scorer.signals.integrity import (
    broken_quotes,
    duplicate_sentence_share,
    mojibake_per_100_words,
    repeated_phrase_share,
    repeated_phrases_in_sentence,
    repeated_words_per_100_words,
    truncated_text,
)
from tests.fixtures.documents import EDGE, doc, slices
from tests.fixtures.wire_story import VERSIONS

CLEAN = "The council approved the budget on Monday. The mayor said the vote was close. Critics want a recount."


@pytest.mark.parametrize(
    "signal",
    [
        repeated_phrase_share,
        duplicate_sentence_share,
        repeated_words_per_100_words,
        repeated_phrases_in_sentence,
        broken_quotes,
        mojibake_per_100_words,
        truncated_text,
    ],
    ids=lambda s: s.__name__,
)
@pytest.mark.parametrize("case", [*EDGE, "clean"], ids=str)
def test_edge_texts_give_zero(signal, case):
    text = EDGE.get(case, CLEAN)
    result = signal(doc(text))
    assert result.value == 0.0
    assert result.evidence == ()


REPEATED_PHRASES = {
    # 16 words -> 12 five-grams; the second "the world bank said it" clause repeats 5 of them... see value below
    "one clause said twice": (
        "The World Bank said it would monitor the flow. The World Bank said it would monitor the flow.",
        # 18 words -> 14 five-grams; the second copy's 5 five-grams ("the world bank said it" .. "it would monitor
        # the flow") repeat earlier ones
        5 / 14,
        [("The World Bank said it would monitor the flow.", "repeated phrase")],
    ),
    "case and punctuation do not hide a repeat": (
        "rain fell on the delta today; RAIN FELL ON THE DELTA",
        1 / 7,
        [("RAIN FELL ON THE DELTA", "repeated phrase")],
    ),
    "four-word repeats are ordinary": ("He said in a statement. She said in a statement.", 0.0, []),
    "fewer than five words": ("Yes yes yes yes", 0.0, []),
}


@pytest.mark.parametrize("case", REPEATED_PHRASES, ids=str)
def test_repeated_phrase_share(case):
    text, value, expected = REPEATED_PHRASES[case]
    result = repeated_phrase_share(doc(text))
    assert result.value == pytest.approx(value)
    assert slices(result, text) == expected


DUPLICATES = {
    "a sentence said twice": (
        "The deal was signed on Tuesday in Port Linden. The river flows south. "
        "The deal was signed on Tuesday in Port Linden.",
        1 / 3,
        [("The deal was signed on Tuesday in Port Linden.", "duplicate sentence")],
    ),
    "case and spacing differences still duplicate": (
        "Farmers in the delta welcomed the news today.\nfarmers in the delta  welcomed the NEWS today.",
        1 / 2,
        [("farmers in the delta  welcomed the NEWS today.", "duplicate sentence")],
    ),
    "short sentences and headers may recur honestly": (
        "No. Yes. No. Yes. FOX NEWS INTERVIEW, SEPT. 18. He spoke. FOX NEWS INTERVIEW, SEPT. 18.",
        0.0,
        [],
    ),
    # "İ" lower-cases to two characters and "Σ" by context: the sentences are then lower-cased one by one.
    # (One per line: the splitter starts a sentence only at a Latin capital or digit.)
    "letters whose lower case is longer": (
        "İstanbul officials said the ferry will run again.\nİSTANBUL officials said the ferry will run again.",
        1 / 2,
        [("İSTANBUL officials said the ferry will run again.", "duplicate sentence")],
    ),
    "capital sigma, accents differ": (
        "ΟΙ ΑΡΧΕΣ ΕΙΠΑΝ ΟΤΙ ΤΟ ΠΛΟΙΟ ΘΑ ΞΑΝΑΦΥΓΕΙ ΣΥΝΤΟΜΑ.\nΟι αρχές είπαν ότι το πλοίο θα ξαναφύγει σύντομα.",
        0.0,
        [],
    ),
    # After "。" a sentence starts with no space: its first and last words are glued to other sentences' words.
    "said twice between other sentences, at CJK stops": (
        "好。它说 the bank would monitor the flow。Talks resume today.\n对。它说 the bank would monitor the flow。Yes.",
        1 / 6,
        [("它说 the bank would monitor the flow。", "duplicate sentence")],
    ),
    "capital sigma, said twice": (
        "ΤΟ ΠΛΟΙΟΣ ΘΑ ΦΥΓΕΙ ΑΥΡΙΟ ΑΠΟ ΤΟ ΛΙΜΑΝΙ.\nΤο πλοιος θα φυγει αυριο απο το λιμανι.",
        1 / 2,
        [("Το πλοιος θα φυγει αυριο απο το λιμανι.", "duplicate sentence")],
    ),
}


@pytest.mark.parametrize("case", DUPLICATES, ids=str)
def test_duplicate_sentence_share(case):
    text, value, expected = DUPLICATES[case]
    result = duplicate_sentence_share(doc(text))
    assert result.value == pytest.approx(value)
    assert slices(result, text) == expected


DOUBLED = {
    "the the": ("He saw the the river.", "", 100 / 5, [("the the", "repeated word")]),
    "case-insensitive": ("The the river rose.", "", 100 / 4, [("The the", "repeated word")]),
    "two-word run": (
        "Under the arrangement the arrangement, water flows.",
        "",
        100 / 7,
        [("the arrangement the arrangement", "repeated words")],
    ),
    "title counts, per body words": (
        "The talks ended.",
        "Talks talks end",
        100 / 3,
        [("Talks talks", "repeated word")],
    ),
    "correct English doubles": ("She had had enough; he said that that was wrong.", "", 0.0, []),
    "across punctuation or a line break": ("It was over. Over.\nOver\nover", "", 0.0, []),
    "numbers": ("The vote was 10 10 in the end.", "", 0.0, []),
    "a triple counts once": ("mat mat mat", "", 100 / 3, [("mat mat", "repeated word")]),
}


@pytest.mark.parametrize("case", DOUBLED, ids=str)
def test_repeated_words_per_100_words(case):
    text, title, value, expected = DOUBLED[case]
    result = repeated_words_per_100_words(doc(text, title))
    assert result.value == pytest.approx(value)
    assert slices(result, text, title) == expected


MOJIBAKE = {
    "utf-8 read as cp1252": ("The ministerâ€™s office said itâ€™s done.", [("â€", "mojibake")] * 2),
    "no-break space mangled": ("Prices rose.Â\xa0Farmers said so.", [("Â\xa0", "mojibake")]),
    "C1 control character": ("It was â€œdoneâ€\x9d.", [("â€", "mojibake"), ("â€", "mojibake"), ("\x9d", "mojibake")]),
    "replacement characters": (
        "The minister\ufffds office said \ufffd\ufffd so.",
        # ftfy itself flags a pair of them; a lone one is added by this signal
        [("\ufffd", "replacement character"), ("\ufffd\ufffd", "mojibake")],
    ),
}


@pytest.mark.parametrize("case", MOJIBAKE, ids=str)
def test_mojibake_per_100_words(case):
    text, expected = MOJIBAKE[case]
    article = doc(text)
    result = mojibake_per_100_words(article)
    assert result.value == pytest.approx(100 * len(expected) / article.text.word_count)
    assert slices(result, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Curly “quotes” and ‘single’ ones – and dashes — and an ellipsis… are clean.",
        "Café owners in Zürich and São Paulo said the naïve plan failed.",
        "Москва и Київ: 東京 says 你好 and Ελλάδα.",
    ],
)
def test_clean_typography_and_foreign_scripts_are_not_mojibake(text):
    assert mojibake_per_100_words(doc(text)).value == 0.0


# The longest match of ftfy's BADNESS_RE (7 characters: "ГўВЂВ" + 2).
BADNESS_MAX_WIDTH = 7


def test_ftfy_matches_are_short_and_hold_a_non_ascii_character():
    """What the mojibake gate relies on (every match holds a character outside ASCII); fails loudly if an ftfy
    upgrade changes its pattern."""
    from re import _compiler, _parser  # the stdlib's own regex parser: the only way to read a pattern's structure

    from ftfy.badness import BADNESS_RE

    tree = _parser.parse(BADNESS_RE.pattern, BADNESS_RE.flags)
    assert tree.getwidth()[1] <= BADNESS_MAX_WIDTH
    assert tree.data[0][0] == _parser.BRANCH
    for alternative in tree.data[0][1][1]:
        required = [
            item
            for item in alternative.data
            # an anchor or an optional item ("\s?") needs no character
            if item[0] != _parser.AT and not (item[0] == _parser.MAX_REPEAT and item[1][0] == 0)
        ]
        single_items = (_compiler.compile(_parser.SubPattern(alternative.state, [item]), 0) for item in required)
        assert any(not any(item.fullmatch(chr(code)) for code in range(128)) for item in single_items), (
            f"an ftfy alternative can match ASCII only: {alternative}"
        )


def test_ftfy_matches_start_just_before_a_non_ascii_character():
    """What the positions tried by _badness_in_line rely on: in every alternative of ftfy's pattern, the items before
    the first one that matches no ASCII character are at most BADNESS_MAX_LEAD characters wide, and nothing looks
    around (so a match call at a position gives what finditer gives there)."""
    from re import _compiler, _parser

    from ftfy.badness import BADNESS_RE

    tree = _parser.parse(BADNESS_RE.pattern, BADNESS_RE.flags)
    assert "(?=" not in BADNESS_RE.pattern and "(?!" not in BADNESS_RE.pattern and "(?<" not in BADNESS_RE.pattern
    for alternative in tree.data[0][1][1]:
        lead = 0
        for item in alternative.data:
            single = _compiler.compile(_parser.SubPattern(alternative.state, [item]), 0)
            if item[0] != _parser.AT and not any(single.fullmatch(chr(code)) for code in range(128)):
                break
            lead += _parser.SubPattern(alternative.state, [item]).getwidth()[1]
        else:
            raise AssertionError(f"an ftfy alternative has no non-ASCII item: {alternative}")
        assert lead <= integrity.BADNESS_MAX_LEAD, alternative


@pytest.mark.parametrize(
    "text",
    [
        "A plain line with one café in it, then more words than a window holds on either side of it.",
        "Prices rose.Â\xa0Farmers said so, and the minister’s office — ‘done’ — said itâ€™s final…",
        "â€™" * 50,
        "é" + "x" * 100 + "Ã©",
        "Prices in the shop a Ã then Â later, and x\nÃ here",  # ftfy's "[a-z]\s?[ÃÂ][ ]" starts 2 before
        "",
    ],
)
def test_windowed_mojibake_search_equals_ftfys_full_search(text, monkeypatch):
    from ftfy.badness import BADNESS_RE

    expected = [m.span() for m in BADNESS_RE.finditer(text, 0, len(text))]
    for threshold in (0, integrity.WINDOW_SEARCH_CHARS, 10**9):  # windows always, as shipped, never
        monkeypatch.setattr(integrity, "WINDOW_SEARCH_CHARS", threshold)
        assert [m.span() for m in integrity.badness_in_line(text, 0, len(text))] == expected


TRUNCATED = {
    "three dots": ("The minister said the deal would hold...", 1.0, [("...", "ends on an ellipsis")]),
    "ellipsis character": ("The minister said the deal would hold …", 1.0, [("…", "ends on an ellipsis")]),
    "bracketed elision": ("The minister said the deal would hold [...]", 1.0, [("[...]", "ends on an ellipsis")]),
    "bracketed ellipsis character": ("It would hold. […]\n", 1.0, [("[…]", "ends on an ellipsis")]),
    "long last line cut mid-sentence": (
        "Intro.\nThe ministry said on Tuesday that the farmers on both banks of the river would receive water in the",
        1.0,
        [("the", "ends mid-sentence")],
    ),
    "cut after a comma": (
        "The ministry said on Tuesday that the farmers on both banks of the river would receive water, and",
        1.0,
        [("and", "ends mid-sentence")],
    ),
    "a closing colon is a stripped embed, not truncation": (
        "The ministry said on Tuesday that the farmers on both banks would all receive water. Watch the full video:",
        0.0,
        [],
    ),
    "closing credit line is not truncation": (
        "The deal holds.\nSource: Eldoran Foreign Ministry, World Bank and news agencies",
        0.0,
        [],
    ),
    "complete sentence": ("The ministry said on Tuesday that farmers on both banks would receive water.", 0.0, []),
    "quoted ending": (
        'He said: "The farmers on both banks of the river will receive water in the dry season."',
        0.0,
        [],
    ),
}


@pytest.mark.parametrize("case", TRUNCATED, ids=str)
def test_truncated_text(case):
    text, value, expected = TRUNCATED[case]
    result = truncated_text(doc(text))
    assert result.value == value
    assert slices(result, text) == expected


def test_wire_story_spun_copy_repeats_itself_and_the_others_do_not():
    values = {}
    for name, version in VERSIONS.items():
        article = segment(from_text(version["text"], title=version["title"]))
        values[name] = (
            repeated_phrase_share(article).value,
            duplicate_sentence_share(article).value,
            repeated_words_per_100_words(article).value,
        )
    for name in ("original", "rewrite", "blog", "regional"):
        assert values[name] == (0.0, 0.0, 0.0), name
    phrases, sentences, words = values["spun"]
    assert phrases > 0.15 and sentences >= 0.25 and words > 1.5


@pytest.mark.timeout(60)
def test_one_megabyte_text_is_fast_and_capped():
    text = "The World Bank said it would monitor the flow. " * 21_000
    result = repeated_phrase_share(doc(text))
    assert result.value > 0.99 and len(result.evidence) == 1  # one long merged run


ADVERSARIAL = {
    "letters": "a" * 100_000,
    "exclamations": "! " * 50_000,
    "dots": "." * 100_000,
    "dots then a letter": "." * 100_000 + "x",
    "brackets": "[" * 50_000 + "…" * 50_000,
    "one doubled word": "the " * 25_000,
    "lowercase run": "b" * 100_000 + ",",
    "mojibake": "â€™" * 33_000,
}


@pytest.mark.parametrize("name", ADVERSARIAL, ids=str)
@pytest.mark.timeout(60)
def test_patterns_finish_on_adversarial_100kb_strings(name):
    text = ADVERSARIAL[name]
    signals = [repeated_phrase_share, repeated_words_per_100_words, mojibake_per_100_words, truncated_text,
               duplicate_sentence_share, repeated_phrases_in_sentence, broken_quotes]  # fmt: skip
    for signal in signals:
        signal(doc(text, title=text[:1000]))
    for pattern in (integrity._ENDS_ON_ELLIPSIS, integrity._ENDS_MID_SENTENCE):
        list(pattern.finditer(text))


_MOJIBAKE_PIECES = ["â€™", "Ã©", "Â", "Ã", "\xa0", "é", "”", "“", "x", "a", "ab", " ", "\n", "ГўВЂВ", "\x85", "€"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_MOJIBAKE_PIECES), max_size=60).map("".join), st.sampled_from([0, 5, 10**9]))
def test_positions_tried_for_mojibake_give_ftfys_full_search(text, threshold):
    from ftfy.badness import BADNESS_RE

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(integrity, "WINDOW_SEARCH_CHARS", threshold)
        for start in (0, min(3, len(text))):
            got = [m.span() for m in integrity.badness_in_line(text, start, len(text))]
            assert got == [m.span() for m in BADNESS_RE.finditer(text, start, len(text))]


# --- the doubled-word candidates against the plain loop ---

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
doubled_texts = st.lists(
    st.sampled_from(["the", "the.", "the,", "talks", "talks!", "had", "a", "A", "”"]), max_size=20
).map(" ".join)


@SETTINGS
@given(doubled_texts)
def test_doubled_run_candidates_are_the_plain_loop(text):
    words = text.lower().split()
    for size in integrity.DOUBLED_RUN_SIZES:
        assert integrity.doubled_run_candidates(words, size) == integrity.doubled_run_candidates_plain(words, size)


# --- duplicate sentences against the plain comparison of every sentence ---

# Sentences that recur, differ only in case or spacing, share most of their words, hold a URL (a token that is no
# word) or letters that lower-case by context ("Σ") or to two characters ("İ"); joined by the breaks the splitter
# knows, a CJK stop with no space after it among them.
_SENTENCES = [
    "The World Bank said it would monitor the flow.",
    "the world bank said  it would monitor the FLOW.",
    "The World Bank said it would monitor the river.",
    "The bank said it would monitor the flow at https://example.org/flow today.",
    "ΤΟ ΠΛΟΙΟΣ ΘΑ ΦΥΓΕΙ ΑΥΡΙΟ ΑΠΟ ΤΟ ΛΙΜΑΝΙ.",
    "İstanbul officials said the ferry will run again.",
    "Talks resume today.",
    "See https://a.example https://b.example https://c.example https://d.example https://e.example now.",
    "它说 the bank would monitor the flow。",
    "好。",
]
sentence_texts = st.lists(
    st.tuples(st.sampled_from(_SENTENCES), st.sampled_from([" ", "\n", "  ", "", "\n\n"])), max_size=12
).map(lambda pieces: "".join(sentence + gap for sentence, gap in pieces))


@SETTINGS
@given(sentence_texts)
def test_duplicate_sentence_share_is_the_plain_comparison(text):
    document = doc(text)
    assert duplicate_sentence_share(document) == integrity.duplicate_sentence_share_plain(document)


# --- spinning: phrases said again inside a sentence, broken quotes ---

NEAR_REPEATS = {
    "said three times with swaps": (
        "The World Bank said it would screen the stream, the World Bank said it would monitor the stream, the World "
        "Bank stated it would screen the flow.",
        2.0,
        ["World Bank said it would screen the stream, the World Bank said it would monitor the stream, the World "
         "Bank stated it would"],
    ),
    "a phrase said twice is parallel prose": (
        "He faces possession of a weapon for an unlawful purpose and possession of a weapon for a second purpose.",
        0.0,
        [],
    ),
    "a list of figures": (
        "Ohio: $20.9 million spent, Nevada: $10.1 million spent, Florida: $36.6 million spent, Iowa: $2.1 million.",
        0.0,
        [],
    ),
    "same words in two sentences": (
        "The World Bank said it would screen the stream. The World Bank said it would screen the stream.", 0.0, [],
    ),
    "an ordinary long sentence": (
        "Ministers from Eldora and Varnessa signed an agreement on Tuesday to share water from the Kessel river, "
        "ending two years of negotiations over the dam built upstream in 2019 by Varnessa's energy ministry.",
        0.0,
        [],
    ),
    "a word used twice is no repeat": (
        "Farmers said the water deal was fair, and the farmers' union said water prices would fall next year.",
        0.0,
        [],
    ),
    "too short": ("Talks talks talks.", 0.0, []),
}


@pytest.mark.parametrize("case", NEAR_REPEATS, ids=str)
def test_repeated_phrases_in_sentence(case):
    text, value, expected = NEAR_REPEATS[case]
    result = repeated_phrases_in_sentence(doc(text))
    assert result.value == value
    assert [text[s.start : s.end] for s in result.evidence] == expected
    assert all(s.label == "phrase said again" for s in result.evidence)


def test_repeated_phrases_are_capped_and_found_in_the_title():
    clause = "the minister said the water would flow"
    sentence = ", ".join([clause] * 9) + "."
    assert repeated_phrases_in_sentence(doc(sentence)).value == integrity.MAX_SPINNING_CUES
    title = "Delta nations sign water accord, delta nations sign water deal, delta nations sign a water accord"
    result = repeated_phrases_in_sentence(doc("Text.", title=title))
    assert result.value == 2.0
    assert [(title[s.start : s.end], s.field) for s in result.evidence] == [(title.removesuffix(" accord"), "title")]


BROKEN_QUOTES = {
    "balanced straight and curly": ('"We won," she said. “It is over,” he said.', 0.0, []),
    "a quote never closed": ('"We won, she said. Then she left.', 1.0, ['"We won, she said.']),
    "a curly quote closed twice": ("“We won,” she said.” Then", 1.0, ["“We won,” she said.”"]),
    "marks standing apart": ('" We won " she said.', 2.0, ['" We won " she said.']),
    "a quote over two paragraphs": ('"We won the vote.\n"And we will win again," she said.', 0.0, []),
    "apostrophes are not quotes": ("The farmers' union won't sign; it's over.", 0.0, []),
    "no quotes": ("The council met.", 0.0, []),
}


@pytest.mark.parametrize("case", BROKEN_QUOTES, ids=str)
def test_broken_quotes(case):
    text, value, expected = BROKEN_QUOTES[case]
    result = broken_quotes(doc(text))
    assert result.value == value
    assert [text[s.start : s.end] for s in result.evidence] == expected


def test_wire_story_only_the_spun_copy_has_spinning_cues():
    for name, version in VERSIONS.items():
        article = segment(from_text(version["text"], title=version["title"]))
        repeats, quotes = repeated_phrases_in_sentence(article), broken_quotes(article)
        if name == "spun":
            assert repeats.value >= 2 and quotes.value >= 2
            assert "the lender stated it" in " ".join(version["text"][s.start : s.end] for s in repeats.evidence)
        else:
            assert (repeats.value, quotes.value) == (0.0, 0.0), name
