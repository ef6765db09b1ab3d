"""Page boilerplate and solicitations: values, exact evidence slices, body text vs page text, hostile inputs."""


import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scorer.article import from_text
from scorer.segment import Field, segment
from scorer.signals import boilerplate
from scorer.signals.boilerplate import (
    boilerplate_line_indexes,
    boilerplate_lines_in_page,
    boilerplate_lines_in_text,
    solicitations_in_page,
    solicitations_in_text,
)
from tests.fixtures.documents import doc
from tests.fixtures.wire_story import VERSIONS


def cues(result, source):
    return [(source[s.start : s.end], s.label) for s in result.evidence]


BODY = "The council approved the budget on Monday.\nThe mayor said the vote was close.\n"

FURNITURE_CASES = {
    "empty": ("", 0.0, []),
    "whitespace only": ("  \n\t\n ", 0.0, []),
    "one word": ("Budget", 0.0, []),
    "clean article": (BODY, 0.0, []),
    "comment form": (
        BODY + "Leave a Reply\nYour email address will not be published. Required fields are marked *\n",
        2.0,
        [
            ("Leave a Reply", "comment form"),
            ("Your email address will not be published", "comment form"),
            ("Required fields are marked", "comment form"),
        ],
    ),
    "share bar and back to top on one line count once": (
        BODY + "Share on Facebook | Share on Twitter | Back to top",
        1.0,
        [("Share on Facebook", "page widget"), ("Share on Twitter", "page widget"), ("Back to top", "page widget")],
    ),
    "widget labels as whole lines": (
        BODY + "  Related\nComments (3)\nMost popular\n",
        3.0,
        [("Related", "widget label"), ("Comments (3)", "widget label"), ("Most popular", "widget label")],
    ),
    "cookie notice": (
        BODY + "We use cookies to improve your experience. By continuing to use this site you accept them.",
        1.0,
        [("We use cookies", "page widget"), ("By continuing to use this site", "page widget")],
    ),
    "the same words in prose are not furniture": (
        "The most popular plan was related to the budget.\nShe will share this view with the next article.\n"
        "Critics said the look was like this: grey.",
        0.0,
        [],
    ),
    "a long paragraph that mentions a cue is prose": (
        "In a long statement the company said that " + "its users " * 20 + "can read the cookie policy online.",
        0.0,
        [],
    ),
    "a phrase broken over two lines is not one cue": ("Your email address\nwill not be published", 0.0, []),
    "capped at five lines": ("\n".join(["Share this:"] * 9), 5.0, [("Share this:", "page widget")] * 9),
    "non-English text has no English cues": ("Der Minister sagte am Dienstag, das Abkommen gelte.", 0.0, []),
    "emoji rtl and zero-width around a cue": (
        "قال الوزير 🚨\n\u200bLeave a Reply\u200b\n",
        1.0,
        [("Leave a Reply", "comment form")],
    ),
}


@pytest.mark.parametrize("case", FURNITURE_CASES, ids=str)
def test_boilerplate_lines_in_text(case):
    text, value, expected = FURNITURE_CASES[case]
    result = boilerplate_lines_in_text(doc(text))
    assert result.value == value
    assert cues(result, text) == expected
    assert all(span.field == "text" for span in result.evidence)


SOLICITATION_CASES = {
    "empty": ("", 0.0, []),
    "clean article": (BODY, 0.0, []),
    "submission call with obfuscated e-mail": (
        BODY + "Send your submission to [email protected] today.",
        2.0,
        [("Send your submission", "solicitation"), ("[email protected]", "obfuscated e-mail")],
    ),
    "advertising, any case, inside a long line": (
        "ADVERTISE WITH US and reach " + "readers " * 60,
        1.0,
        [("ADVERTISE WITH US", "solicitation")],
    ),
    "html entity form of the e-mail artefact": (
        "Write for us at [email&#160;protected]",
        2.0,
        [("Write for us", "solicitation"), ("[email&#160;protected]", "obfuscated e-mail")],
    ),
    "a scraped contact address alone is not a solicitation": ("Contact the author at [email protected]", 0.0, []),
    "capped at three": (
        "Got a news tip? Send us a tip. Write for us. Advertise here.",
        3.0,
        [
            ("Got a news tip", "solicitation"),
            ("Send us a tip", "solicitation"),
            ("Write for us", "solicitation"),
            ("Advertise here", "solicitation"),
        ],
    ),
    "ordinary uses of the words": ("The firm will advertise its shares; he sent a submission to the court.", 0.0, []),
}


@pytest.mark.parametrize("case", SOLICITATION_CASES, ids=str)
def test_solicitations_in_text(case):
    text, value, expected = SOLICITATION_CASES[case]
    result = solicitations_in_text(doc(text))
    assert result.value == value
    assert cues(result, text) == expected


PAGE = "Home\nWorld\nBusiness\nCouncil approves budget\n" + BODY + "Share this:\nLeave a Reply\nAdvertise with us\n"


def test_page_signals_read_the_page_text_and_say_so():
    article = doc(BODY, page=PAGE)
    lines = boilerplate_lines_in_page(article)
    # 9 page lines, 2 of them furniture ("Share this:", "Leave a Reply") -> 10 * 2 / 9 per 10 lines
    assert lines.value == pytest.approx(20 / 9)
    assert cues(lines, PAGE) == [("Share this:", "page widget"), ("Leave a Reply", "comment form")]
    assert {span.field for span in lines.evidence} == {"page_text"}
    asks = solicitations_in_page(article)
    assert asks.value == 1.0
    assert cues(asks, PAGE) == [("Advertise with us", "solicitation")]
    # the body itself is clean
    assert boilerplate_lines_in_text(article).value == 0.0
    assert solicitations_in_text(article).value == 0.0


@pytest.mark.parametrize("page", [None, ""])
def test_page_signals_are_zero_without_a_page(page):
    article = doc(BODY + "Leave a Reply", page=page)
    assert boilerplate_lines_in_page(article).value == 0.0
    assert solicitations_in_page(article).value == 0.0
    assert boilerplate_lines_in_page(article).evidence == ()


def test_line_detector_used_by_the_benchmark():
    text = "Business\nShare this:\nThe council approved the budget.\nLeave a Reply\nAdvertise with us"
    assert boilerplate_line_indexes(text) == {1, 3, 4}
    assert boilerplate_line_indexes("") == set()


def test_wire_story_blog_and_regional_are_flagged_the_others_are_clean():
    scores = {}
    for name, version in VERSIONS.items():
        article = segment(from_text(version["text"], title=version["title"]))
        scores[name] = (boilerplate_lines_in_text(article).value, solicitations_in_text(article).value)
    assert scores["original"] == scores["rewrite"] == scores["spun"] == (0.0, 0.0)
    assert scores["blog"][0] == 5.0  # Share this / Like this / Related / Leave a Reply / Your email ... (capped)
    assert scores["regional"] == (1.0, 3.0)  # one furniture line; submission, [email protected], advertise


@pytest.mark.timeout(60)
def test_one_megabyte_text_is_fast_and_capped():
    text = (BODY + "Share this:\n") * 12_000
    result = boilerplate_lines_in_text(doc(text))
    assert result.value == 5.0
    assert len(result.evidence) == 25


# 100 KB strings built to make a regex backtrack: long runs, repeated near-misses of the phrases, no line breaks.
ADVERSARIAL = {
    "letters": "a" * 100_000,
    "exclamations": "! " * 50_000,
    "near-miss phrase": "Leave a " * 12_000,
    "near-miss e-mail": "[email " * 14_000,
    "spaces": " " * 100_000,
    "newlines": "\n" * 100_000,
    "label then spaces": "Share" + " " * 100_000 + "x",
    "comment counts": "Comments (" + "1" * 100_000,
}


@pytest.mark.parametrize("name", ADVERSARIAL, ids=str)
@pytest.mark.timeout(60)
def test_patterns_finish_on_adversarial_100kb_strings(name):
    text = ADVERSARIAL[name]
    for signal in (boilerplate_lines_in_text, solicitations_in_text, boilerplate_lines_in_page, solicitations_in_page):
        signal(doc(text, page=text))
    for pattern in (boilerplate._WIDGET_LABEL, boilerplate._OBFUSCATED_EMAIL):
        list(pattern.finditer(text))


def test_furniture_cues_are_found_per_field():
    assert [cue.label for cue in boilerplate.furniture_cues(Field("text", "Leave a Reply"))] == ["comment form"]
    assert boilerplate.furniture_cues(Field("text", "Nothing here")) == []


# Labels, near-misses, counts and every kind of margin and line break the whole-line pattern cares about.
# fmt: off
LINE_PIECES = [
    "Share", "share", "Comments", "Sign", "sign up", "Read more", "menu", "x", " ", "  ", "\t", "\r", "\n", "\n\n",
    "\u2028", "\x85", "\u00a0", ":", "(3)", "12", "(", "é", "Ş",
]
# fmt: on
line_texts = st.lists(st.sampled_from(LINE_PIECES), max_size=20).map("".join)


@given(line_texts)
@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_widget_labels_are_the_plain_multiline_finditer(text):
    """Trying the label at the start and after each line break finds what "^" tried at every character finds."""
    plain = [match.span("cue") for match in boilerplate._WIDGET_LABEL.finditer(text)]
    assert list(boilerplate._widget_labels(Field("text", text))) == plain
