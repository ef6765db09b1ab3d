"""Specificity signals (dates and times, named places, titled people) on sentences written for these tests: values
and the exact evidence slices."""

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from scorer.segment import Field
from scorer.signals import SIGNALS, get_signal, specificity
from scorer.signals.base import MAX_EVIDENCE
from tests.fixtures.signal_checks import assert_rate, assert_sane, run

ONE_MEGABYTE = (
    "On March 5, 2020, Health Minister Jane Doe said in Ohio at 10:30 a.m. that Cook County waits. " * 11_000
)[:1_000_000]
ABSURD = {
    "empty": "",
    "one megabyte": ONE_MEGABYTE,
    "junk tokens": "xq7 ,,, @@ ;;; 12:99 99/99/9999 Zzzz in qqq 0x0x0 :::: " * 40,
    "chinese": "卫生部长周一在北京表示，该诊所将于三月五日开放。发言人拒绝置评。",
    "capitals only": "IN OHIO ON MONDAY THE MINISTER SAID " * 50,
}
SIGNAL_FUNCTIONS = [
    specificity.dates_and_times_per_100_words,
    specificity.named_places_per_100_words,
    specificity.titled_people_per_100_words,  # measured, not in the catalog (docs/signals_generalisation.md)
]


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("", []),
        ("Word", []),
        ("The vote is on March 5, 2020, they said.", [("date", "March 5, 2020")]),
        ("It opened on Monday at 10:30 a.m. and shut at 18:00.", [("date", "Monday"), ("time", "10:30 a.m."),
                                                                   ("time", "18:00")]),
        ("Filed 5 March 2020, amended 2020-03-09 and 03/12/2020.", [("date", "5 March 2020"), ("date", "2020-03-09"),
                                                                     ("date", "03/12/2020")]),
        ("The talks ran into Jan. 12 and then Sept. 3.", [("date", "Jan. 12"), ("date", "Sept. 3")]),
        ("Theresa May left in May, some day soon.", []),  # a month alone, or a name, is no date
        ("Recently, at some point, a while ago.", []),
        ("Scores 12:99 and 99:10 are no times.", []),
        ("部长周一在北京表示。", []),
    ],
)  # fmt: skip
def test_dates_and_times(text, evidence):
    assert_rate(specificity.dates_and_times_per_100_words, text, evidence)


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("", []),
        ("Word", []),
        ("The clinic in Ohio opened.", [("place", "Ohio")]),
        ("Officials in Cook County and the city of Detroit agreed.", [("place", "Cook County"),
                                                                       ("place", "city of Detroit")]),
        ("Cases rose in Hubei province near Wuhan.", [("place", "Hubei province"), ("place", "Wuhan")]),
        ("In Ohio, the vote was held near Kharkiv.", [("place", "Ohio"), ("place", "Kharkiv")]),
        ("In March, in Trump's view, in the end, in January.", []),  # months, possessives, lower case: no place
        ("The city of despair.", []),
        ("北京市朝阳区", []),
    ],
)  # fmt: skip
def test_named_places(text, evidence):
    assert_rate(specificity.named_places_per_100_words, text, evidence)


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("", []),
        ("Word", []),
        ("Health Minister Jane Doe said so.", [("role", "Health Minister Jane Doe")]),
        ("A spokesperson for the Ministry declined.", [("role", "spokesperson for the Ministry")]),
        ("Jane Doe, a professor at Yale, and Sen. Ted Cruz spoke.", [("role", "professor at Yale"),
                                                                      ("role", "Sen. Ted Cruz")]),
        ("The president said the minister was a lawyer.", []),  # roles without a name say nobody
        ("部长说。", []),
    ],
)  # fmt: skip
def test_titled_people(text, evidence):
    assert_rate(specificity.titled_people_per_100_words, text, evidence)


@pytest.mark.parametrize("case", sorted(ABSURD))
@pytest.mark.parametrize("signal", SIGNAL_FUNCTIONS, ids=lambda f: f.__name__)
def test_absurd_input_gives_a_finite_value_and_slicing_spans(signal, case):
    assert_sane(signal, ABSURD[case], silent=case in ("empty", "chinese", "junk tokens"))


def test_one_megabyte_keeps_its_rate():
    # 2 dates/times, 2 places ("Ohio", "Cook County") and 1 titled person per 18-word sentence.
    value, found = run(specificity.dates_and_times_per_100_words, ONE_MEGABYTE)
    assert value == pytest.approx(100 * 2 / 18, rel=0.01)  # "March 5, 2020" and "10:30 a.m."
    assert found[:2] == [("date", "March 5, 2020"), ("time", "10:30 a.m.")] and len(found) == MAX_EVIDENCE
    assert run(specificity.named_places_per_100_words, ONE_MEGABYTE)[0] == pytest.approx(100 * 2 / 18, rel=0.01)


def test_helpers_read_any_field():
    title = Field("title", "Storm hits Cook County on Monday")
    assert [(s.label, s.field) for s in specificity.dates_and_times(title)] == [("date", "title")]
    assert [title.text[s.start : s.end] for s in specificity.named_places(title)] == ["Cook County"]


@pytest.mark.parametrize("name", ["dates_and_times_per_100_words", "named_places_per_100_words"])
def test_kept_signals_are_in_the_catalog_with_a_description_and_direction(name):
    signal = get_signal(name)
    assert signal.family == "specificity" and signal.description and signal.direction == +1
    assert signal in SIGNALS[-7:]  # the issue-15 block closes the catalog


# The plain version of dates_and_times: dates by month and weekday names, and numeric dates and times, each found by
# one regex over the whole text (about 20x slower on news articles); where two overlap, the one that starts first.
_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|March|Mar\.|April|Apr\.|May|June|July|Aug(?:ust|\.)?"
    r"|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]|20)\d\d"
_HOUR = r"(?:[01]?\d|2[0-3])"
PLAIN_CALENDAR_DATE = re.compile(
    rf"\b(?:{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?|{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?|{_MONTH},?\s+{_YEAR}"
    r"|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))(?:\b|(?<=\.))"
)
PLAIN_NUMERIC_DATE_OR_TIME = re.compile(
    rf"\b(?:(?P<date>{_YEAR}-[01]\d-[0-3]\d|[01]?\d/[0-3]?\d/{_YEAR})\b"
    rf"|(?P<time>{_HOUR}(?::[0-5]\d)?\s?(?:a\.m\.|p\.m\.|[ap]m\b|[AP]M\b)|{_HOUR}:[0-5]\d\b))"
)


def plain_dates_and_times(text):
    found = [(m.start(), m.end(), "date") for m in PLAIN_CALENDAR_DATE.finditer(text)]
    found += [(m.start(), m.end(), "date" if m["date"] else "time") for m in PLAIN_NUMERIC_DATE_OR_TIME.finditer(text)]
    kept = []
    for start, end, label in sorted(found, key=lambda f: (f[0], -f[1])):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end, label))
    return kept


DATE_PIECES = ["March", "5", "5th", "2020", ",", "Jan.", "Sept", "May", "MAY", "Monday", "monday", "10:30", "a.m.",
               "3", "pm", "24:10", "2020-03-05", "3/5/2020", "Janet", "x", "\n", "31", "32", "of", "1999"]  # fmt: skip


@given(st.lists(st.sampled_from(DATE_PIECES), max_size=12))
@example(["March", "5", "April", "2020"])
@example(["5", "March", "2020", ",", "Monday", "10:30", "a.m."])
def test_dates_and_times_agree_with_the_plain_regexes(pieces):
    text = " ".join(pieces)
    found = specificity.dates_and_times(Field("text", text))
    assert [(s.start, s.end, s.label) for s in found] == plain_dates_and_times(text)
