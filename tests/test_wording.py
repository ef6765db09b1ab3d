"""The wording family: its tokeniser (shared by training and serving), term values, spans and the JSON block."""

from __future__ import annotations

import math
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scorer import wording
from scorer.signals.base import MAX_EVIDENCE
from scorer.wording import Wording, WordingFormatError


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("", []),
        ("   \n\t ", []),
        ("Wake up", ["wake", "wake up", "up"]),
        ("They don't know", ["they", "they don't", "don't", "don't know", "know"]),
        ("It’s here", ["it's", "it's here", "here"]),  # typographic apostrophe folded to '
        ("well-known fact", ["well", "well known", "known", "known fact", "fact"]),
        ("said. However", ["said", "however"]),  # no phrase across a full stop
        ("said,\nhowever", ["said", "however"]),  # nor across a comma or a line break
        ("in 2016 the", ["in", "the"]),  # numbers are not terms, and no phrase skips one
        ("the 20th time at 5pm", ["the", "time", "time at", "at"]),  # letters glued to digits are no word
        ("covid19 cases", ["cases"]),
        ("SHOUTING Words", ["shouting", "shouting words", "words"]),
        ("a" * 41, []),  # a letter run longer than any word is junk
        ("a" * 40, ["a" * 40]),
        ("Qm" * 10000, []),
        (  # over-long letter runs drop out
            "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk",
            ["data", "image", "png"],
        ),
        ("日本語のテキスト", ["日本語のテキスト"]),  # a script without spaces is one run: too long runs drop out
    ],
)
def test_occurrences_find_words_and_two_word_phrases(text: str, terms: list[str]) -> None:
    found = list(wording.occurrences(text))
    assert [term for term, _, _ in found] == terms


@pytest.mark.parametrize("text", ["Wake up, sheeple!", "They don't want you to know.", "It’s well-known here"])
def test_every_occurrence_slices_back_to_its_term(text: str) -> None:
    for term, start, end in wording.occurrences(text):
        written = text[start:end].lower().replace("’", "'").replace("-", " ")
        assert " ".join(written.split()) == term


def test_analyze_reads_title_then_text_and_nothing_else() -> None:
    assert wording.analyze({"title": "Big news", "text": "Wake up", "url": "ignored words"}) == [
        "big", "big news", "news", "wake", "wake up", "up",
    ]  # fmt: skip
    assert wording.analyze({}) == []
    assert wording.analyze({"title": None, "text": ""}) == []


def model(terms: dict[str, float], value: str = "log1p(count)") -> Wording:
    return Wording(tuple(terms), tuple(terms.values()), value)


def test_explain_sums_term_contributions_and_spans_each_occurrence() -> None:
    fields = {"title": "Wake up now", "text": "They said it. Wake up! Officials said so."}
    total, entries, unlisted, _ = model({"wake up": -0.8, "said": 0.3, "absent": 5.0}).explain(fields)
    assert unlisted == 0
    by_term = {entry["term"]: entry for entry in entries}
    assert set(by_term) == {"wake up", "said"}
    assert by_term["wake up"]["value"] == pytest.approx(math.log1p(2))
    assert by_term["wake up"]["contribution"] == pytest.approx(-0.8 * math.log1p(2))
    assert by_term["said"]["occurrences"] == 2
    assert total == pytest.approx(sum(entry["contribution"] for entry in entries))
    assert [entry["term"] for entry in entries] == ["wake up", "said"]  # |contribution| descending
    for entry in entries:
        for span in entry["evidence"]:
            written = fields[span.field][span.start : span.end]
            assert written.lower() == entry["term"]
            assert span.label == entry["term"]
    fields_seen = [span.field for span in by_term["wake up"]["evidence"]]
    assert fields_seen == ["title", "text"]


@pytest.mark.parametrize(
    ("fields", "expected_total"),
    [({}, 0.0), ({"text": ""}, 0.0), ({"text": "nothing here matches"}, 0.0), ({"text": "x" * 100_000}, 0.0)],
)
def test_explain_without_known_terms_contributes_nothing(fields, expected_total) -> None:
    assert model({"wake up": -1.0}).explain(fields) == (expected_total, [], 0, 0.0)


@pytest.mark.parametrize("listed", [0, 1, 2, 3, 10])
def test_terms_past_the_listed_ones_are_summed_so_the_total_stays_exact(listed) -> None:
    coefficients = {"said": 0.3, "wake up": -0.8, "officials": 0.1, "now": -0.05}
    fields = {"title": "Wake up now", "text": "They said it. Wake up! Officials said so."}
    found = model(coefficients).explain(fields, listed=listed)
    every = model(coefficients).explain(fields, listed=100).terms
    assert [term["term"] for term in found.terms] == ["wake up", "said", "officials", "now"][:listed]
    assert found.unlisted_terms == 4 - len(found.terms)
    assert found.unlisted_contribution == pytest.approx(sum(term["contribution"] for term in every[listed:]))
    listed_sum = sum(term["contribution"] for term in found.terms)
    assert listed_sum + found.unlisted_contribution == pytest.approx(found.contribution)


def test_presence_value_counts_a_term_once() -> None:
    total, entries, _, _ = model({"said": 0.5}, value="presence").explain({"text": "said said said"})
    assert (total, entries[0]["value"], entries[0]["occurrences"]) == (0.5, 1.0, 3)


def test_evidence_is_capped_but_the_count_is_not() -> None:
    entries = model({"said": 0.1}).explain({"text": "said " * (MAX_EVIDENCE + 10)}).terms
    assert entries[0]["occurrences"] == MAX_EVIDENCE + 10
    assert len(entries[0]["evidence"]) == MAX_EVIDENCE
    assert entries[0]["value"] == pytest.approx(math.log1p(MAX_EVIDENCE + 10))


def test_json_round_trip() -> None:
    original = model({"wake up": -0.75, "said": 0.25})
    data = original.to_json()
    assert data["analyzer"] == wording.analyzer_settings()
    assert Wording.from_json(data) == original


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"analyzer": {**wording.analyzer_settings(), "ngram_max": 3}}, "another tokeniser"),
        ({"terms": ["a", "b"], "coefficients": [1.0]}, "2 terms but 1 coefficients"),
        ({"terms": ["a", "a"], "coefficients": [1.0, 2.0]}, "lists a term twice"),
        ({"value": "tf-idf"}, "unknown wording value"),
        ({"coefficients": ["x", 1.0]}, "malformed"),
    ],
)
def test_from_json_refuses_what_it_cannot_apply_exactly(change: dict, message: str) -> None:
    data = {**model({"a": 1.0, "b": 2.0}).to_json(), **change}
    with pytest.raises(WordingFormatError, match=message):
        Wording.from_json(data)


def test_from_json_names_a_missing_key() -> None:
    with pytest.raises(WordingFormatError, match="lacks"):
        Wording.from_json({"terms": []})


@pytest.mark.parametrize("gap", ["", " ", "  ", "   ", "    ", "\t", "\u00a0", " \u00a0\t", "-", "--", " - ", ",", ", ",
                                 "\n", " \n", ". ", "—", "'", "_"])
def test_joins_a_phrase_agrees_with_the_gap_pattern(gap: str) -> None:
    assert wording.joins_a_phrase(gap) is bool(wording._PHRASE_GAP.fullmatch(gap))


KNOWN = {"wake up": -1.0, "said": 0.5, "report": 0.2, "the report": 0.1, "up": 0.3, "it's time": 0.4}


def assert_found_as_the_plain_filter_finds(text: str) -> None:
    """SplitText's spans and counts of the KNOWN terms equal the plain filter of `occurrences`."""
    plain = [(term, start, end) for term, start, end in wording.occurrences(text) if term in KNOWN]
    split = wording.SplitText.of(text)
    assert split.find(frozenset(KNOWN)) == plain
    assert split.term_counts(frozenset(KNOWN)) == Counter(term for term, _, _ in plain)


@pytest.mark.parametrize(
    "text",
    ["", "Wake up, they said. Wake up!", "The audit report was published; the report said so.",
     "wake-up calls and wake  up and wake\nup", "İstanbul officials said it’s time to wake up", "x" * 60 + " said",
     "wake " + "y" * 41 + " up", "y" * 41 + " up said", "WAKE   UP said2 said_ 5said wake--up wake up",
     "it's'5 the report",
     "Σ said ΟΔΟΣ.the report", "\u00a0wake\u00a0up\u00a0", "said"],
)
def test_found_terms_and_counts_are_the_plain_occurrences_of_known_terms(text: str) -> None:
    assert_found_as_the_plain_filter_finds(text)


# Pieces that meet every rule of the tokeniser: terms and their first words, cases, apostrophes of both kinds,
# digits and underscores glued to letters, gaps that do and do not join a phrase, junk-length runs, a Greek sigma.
_TEXT_PIECES = st.sampled_from([
    "wake", "Wake", "up", "UP", "said", "report", "the", "it", "s", "time", "’", "'", " ", "  ", "    ", "\t", "\u00a0",
    "-", "--", "\n", ",", ".", "5", "_", "İ", "Σ", "é", "x" * 41,
])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_TEXT_PIECES, max_size=30).map("".join))
def test_found_terms_and_counts_equal_the_plain_filter_on_any_text(text: str) -> None:
    assert_found_as_the_plain_filter_finds(text)
