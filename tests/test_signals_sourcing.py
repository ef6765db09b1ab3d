"""Sourcing signals (distinct named speakers, counterpoints, references to documents and data) on sentences written
for these tests: values and the exact evidence slices."""

import pytest

from scorer.signals import SIGNALS, get_signal, sourcing
from tests.fixtures.signal_checks import assert_rate, assert_sane, run

ONE_MEGABYTE = (
    "Tomas Brandt said the data from the census was wrong. However, the ministry said critics disputed it. " * 10_000
)[:1_000_000]
ABSURD = {
    "empty": "",
    "one megabyte": ONE_MEGABYTE,
    "junk tokens": 'said said ,,, according to ;;; However however said " " “ ” data from ' * 40,
    "chinese": "卫生部长周一表示，批评者对此提出异议。根据一份报告，数据来自人口普查。",
}
SIGNAL_FUNCTIONS = [
    sourcing.distinct_named_sources,
    sourcing.counterpoints_per_100_words,
    sourcing.document_references_per_100_words,
]






@pytest.mark.parametrize(
    ("text", "value", "evidence"),
    [
        ("", 0, []),
        ("Word", 0, []),
        ("Tomas Brandt said it rained. Brandt also said it was cold.", 1, [("speaker", "Tomas Brandt said")]),
        ("Keller told reporters it rained. The ministry said so. He said no.", 2,
         [("speaker", "Keller told"), ("speaker", "ministry said")]),
        ("Sources said it rained. Insiders say it was cold.", 0, []),  # anonymous voices are no named sources
        ('"It will hold," said Ortiz. According to the court, it held.', 2,
         [("speaker", "said Ortiz"), ("speaker", "According to the court")]),
        ("卫生部长说。", 0, []),
    ],
)  # fmt: skip
def test_distinct_named_sources(text, value, evidence):
    assert run(sourcing.distinct_named_sources, text) == (value, evidence)


def test_distinct_named_sources_is_capped():
    text = " ".join(f"{name} said it rained." for name in ["Abel", "Brandt", "Cole", "Dorn", "Ebert", "Fink", "Gray",
                                                            "Hale", "Ivers", "Jost", "Kuhn", "Lang"])  # fmt: skip
    value, evidence = run(sourcing.distinct_named_sources, text)
    assert value == sourcing.MAX_SPEAKERS and len(evidence) == 12


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("", []),
        ("Word", []),
        ("However, the ministry said it was wrong.", [("contrast with a source", "However, the ministry said")]),
        ("Critics say the plan fails.", [("counterpoint", "Critics say")]),
        ("The figure was disputed. Brandt declined to comment.", [("counterpoint", "disputed"),
                                                                  ("counterpoint", "declined to comment")]),
        ("However, it rained. But it was cold.", []),  # a contrast with no source after it is no counterpoint
        ("It rained, but Keller said it was dry.", [("contrast with a source", "but Keller said")]),
        ("However, it rained. Keller said so.", []),  # the cue must be in the contrast word's sentence
        ("批评者表示反对。", []),
    ],
)  # fmt: skip
def test_counterpoints(text, evidence):
    assert_rate(sourcing.counterpoints_per_100_words, text, evidence)


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("", []),
        ("Word", []),
        ("Prices rose, according to a report by the institute.", [("document", "according to a report")]),
        ("The study, published in Nature, used data from the census.", [("document", "The study, published"),
                                                                         ("document", "data from")]),
        ("Court documents show the deal, a peer-reviewed analysis says.", [("document", "Court documents"),
                                                                           ("document", "peer-reviewed")]),
        ("I report what I study and data is fun.", []),  # bare nouns and verbs are no references
        ("根据一份报告。", []),
    ],
)  # fmt: skip
def test_document_references(text, evidence):
    assert_rate(sourcing.document_references_per_100_words, text, evidence)


@pytest.mark.parametrize("case", sorted(ABSURD))
@pytest.mark.parametrize("signal", SIGNAL_FUNCTIONS, ids=lambda f: f.__name__)
def test_absurd_input_gives_a_finite_value_and_slicing_spans(signal, case):
    assert_sane(signal, ABSURD[case], silent=case in ("empty", "chinese"))


def test_one_megabyte_keeps_its_values():
    assert run(sourcing.distinct_named_sources, ONE_MEGABYTE)[0] == 2  # Brandt and the ministry, however often
    # per 17-word pair of sentences: "However, the ministry said" and "disputed"; "data from"
    assert run(sourcing.counterpoints_per_100_words, ONE_MEGABYTE)[0] == pytest.approx(100 * 2 / 17, rel=0.01)
    assert run(sourcing.document_references_per_100_words, ONE_MEGABYTE)[0] == pytest.approx(100 / 17, rel=0.01)


@pytest.mark.parametrize("name", ["distinct_named_sources", "counterpoints_per_100_words",
                                  "document_references_per_100_words"])  # fmt: skip
def test_signals_are_in_the_catalog_with_a_description_and_direction(name):
    signal = get_signal(name)
    assert signal.family == "sourcing" and signal.description and signal.direction == +1
    assert signal in SIGNALS[-7:]  # the issue-15 block closes the catalog
