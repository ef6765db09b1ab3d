"""Attribution signals on example sentences written for these tests: values and the exact evidence slices."""


import pytest

import scorer
from scorer.segment import segment
from scorer.signals import analysis, attribution
from scorer.signals.base import share
from tests.fixtures.wire_story import VERSIONS

LONG = "Brandt said the river is low. " * 3_000  # 90,000 characters, under the ingest limit


def run(signal, text, title=""):
    """(value, [(label, cue text)]) of one signal on one article."""
    doc = segment(scorer.from_text(text, title=title))
    result = signal(doc)
    fields = {"text": doc.text.text, "title": doc.title.text}
    return result.value, [(span.label, fields[span.field][span.start : span.end]) for span in result.evidence]


def wire(name):
    version = VERSIONS[name]
    return segment(scorer.from_text(version["text"], title=version["title"]))


@pytest.mark.parametrize("text", ["", "   ", "\n\t\u3000"])
def test_empty_or_blank_text_is_refused_before_any_signal(text):
    with pytest.raises(scorer.ArticleError):
        scorer.from_text(text)


@pytest.mark.parametrize(
    ("text", "value", "evidence"),
    [
        ("Word", 0.0, []),
        ("Brandt said the deal holds. The river is low.", 0.5, [("cue", "said")]),
        ("According to the ministry, the dam is safe.", 1.0, [("cue", "According to")]),
        (
            "Keller told reporters it was done, and Brandt added that it would hold.",
            2.0,
            [("cue", "told"), ("cue", "added")],
        ),
        ("He lives in the United States. She agrees.", 0.0, []),  # "States" is no verb
        ("Der Minister sagte am Dienstag, dass das Abkommen gilt.", 0.0, []),
        ("قال الوزير إن الاتفاق سيوقع في مارس.", 0.0, []),
        ("The minister\u200b said\u200d 🎉 it was done.", 1.0, [("cue", "said")]),
        ("The deal holds, the minister SAID.", 1.0, [("cue", "SAID")]),
    ],
)
def test_attribution_cues_per_sentence(text, value, evidence):
    assert run(attribution.attribution_cues_per_sentence, text) == (pytest.approx(value), evidence)


def test_cues_on_a_long_text_are_counted_in_full_and_evidence_is_capped():
    value, evidence = run(attribution.attribution_cues_per_sentence, LONG)
    assert value == 1.0
    assert len(evidence) == 25 and evidence[0] == ("cue", "said")


@pytest.mark.parametrize(
    ("text", "value", "evidence"),
    [
        ("Brandt said the deal holds.", 1.0, [("named source", "Brandt said")]),
        ("Brandt also said the deal holds.", 1.0, [("named source", "Brandt also said")]),
        ('"The deal holds for now," said Brandt.', 1.0, [("named source", "said Brandt")]),
        (
            "Foreign Minister Anna Keller told reporters the deal holds.",
            1.0,
            [("named source", "Foreign Minister Anna Keller told")],
        ),
        ("The ministries said the talks would resume.", 1.0, [("named source", "ministries said")]),
        ("According to the ministry, the dam is safe.", 1.0, [("named source", "According to the ministry")]),
        (
            "Lena Ortiz, who heads the growers' group, said the test comes in July.",
            1.0,
            [("named source", "Lena Ortiz, who heads the growers' group, said")],
        ),
        (
            "Varnessa's energy minister, Tomas Brandt, said output would not fall.",
            1.0,
            [("named source", "Tomas Brandt, said")],
        ),
        ("He said the deal holds.", 0.0, []),
        ("Officials said the deal holds.", 0.0, []),
        ("On Tuesday, it said the deal holds.", 0.0, []),
        ("Diplomatic sources said the deal holds.", 0.0, []),  # anonymous, not named
        ("According to sources familiar with the talks, the deal holds.", 0.0, []),
        ("Word", 0.0, []),
        ("Der Minister Keller sagte, das Abkommen gilt.", 0.0, []),
        ("🎉 Brandt said\u200b it holds. 🎉", 1.0, [("named source", "Brandt said")]),
    ],
)
def test_named_sources_per_sentence(text, value, evidence):
    assert run(attribution.named_sources_per_sentence, text) == (pytest.approx(value), evidence)


@pytest.mark.parametrize(
    ("text", "value", "evidence"),
    [
        ("Word", 0.0, []),  # no sources at all: the share is 0.0, not undefined
        ("Brandt said the deal holds.", 0.0, []),
        ("Diplomatic sources say the deal is dead.", 1.0, [("anonymous source", "Diplomatic sources")]),
        ("Brandt said the deal holds. Insiders disagree.", 0.5, [("anonymous source", "Insiders")]),
        (
            "Officials familiar with the talks, who spoke on condition of anonymity, said it failed.",
            1.0,
            [("anonymous source", "Officials familiar with"), ("anonymous source", "on condition of anonymity")],
        ),
        ("Analysts say the deal is weak, Brandt said.", 0.5, [("anonymous source", "Analysts say")]),
        ("مصادر دبلوماسية قالت إن الاتفاق انتهى.", 0.0, []),
    ],
)
def test_anonymous_source_share(text, value, evidence):
    assert run(attribution.anonymous_source_share, text) == (pytest.approx(value), evidence)


QUOTE_CASES = [
    # (text, quotes with an identified speaker per sentence, share without one, quote evidence)
    ('"We have shown that power and farming can share one river," Brandt said.', 1.0, 0.0, []),
    ('Brandt said the deal was "a fair start for both of our countries" on Tuesday.', 1.0, 0.0, []),
    ('Brandt said the vote was close. "We will win the next one easily," he predicted.', 0.5, 0.0, []),
    (
        'The plan is "a disaster for every farmer in the delta" and must stop.',
        0.0,
        1.0,
        ['"a disaster for every farmer in the delta"'],
    ),
    (
        '"This is a disaster for us all," a source close to the talks said.',
        0.0,
        1.0,
        ['"This is a disaster for us all,"'],
    ),
    ('The so-called "experts" disagree.', 0.0, 0.0, []),  # a scare quote is no speech
    ('The pipe is 5" wide. "We will build the dam next year," Keller said.', 0.5, 0.0, []),
    (
        "Der Minister sagte: „Wir werden den Damm nächstes Jahr bauen.“",
        0.0,
        1.0,
        ["„Wir werden den Damm nächstes Jahr bauen.“"],
    ),
    ("Word", 0.0, 0.0, []),
    ("“We will 🎉 build it\u200b next year,” Keller said.", 1.0, 0.0, []),
]


@pytest.mark.parametrize(("text", "per_sentence", "orphan_share", "orphans"), QUOTE_CASES)
def test_quotes_with_and_without_a_speaker(text, per_sentence, orphan_share, orphans):
    value, _ = run(attribution.speaker_quotes_per_sentence, text)
    assert value == pytest.approx(per_sentence)
    value, evidence = run(attribution.unattributed_quote_share, text)
    assert value == pytest.approx(orphan_share)
    assert evidence == [("quote without speaker", quote) for quote in orphans]


def test_speaker_quote_evidence_is_the_quote():
    text = 'The dam opened. "We have shown that it works," Brandt said.'
    assert run(attribution.speaker_quotes_per_sentence, text) == (0.5, [("quote", '"We have shown that it works,"')])


@pytest.mark.parametrize(
    ("text", "value", "evidence"),
    [
        (
            "The dam opened.\nReporting by Marta Sol; editing by Ivan Petrov",
            1.0,
            [("source line", "Reporting by Marta Sol; editing by Ivan Petrov")],
        ),
        (
            "The dam opened.\nSource: Eldoran Foreign Ministry and news agencies",
            1.0,
            [("source line", "Source: Eldoran Foreign Ministry and news agencies")],
        ),
        (
            "The dam opened. Farmers cheered. Ivan Petrov contributed to this report.",
            1.0,
            [("source line", "contributed to this report.")],
        ),
        ("Source: the ministry. The dam opened in 2019. Farmers cheered. Prices fell. Rain came late.", 0.0, []),
        ("WASHINGTON (AP) — The dam opened.", 0.0, []),  # datelines are not counted (see attribution.py)
        ("Word", 0.0, []),
        ("افتتح السد.\nSource: وزارة الخارجية", 1.0, [("source line", "Source: وزارة الخارجية")]),
    ],
)
def test_has_source_line(text, value, evidence):
    assert run(attribution.has_source_line, text) == (value, evidence)


def test_wire_story_original_is_sourced_and_regional_is_anonymous():
    original, regional = wire("original"), wire("regional")
    assert attribution.named_sources_per_sentence(original).value >= 0.5
    assert attribution.named_sources_per_sentence(regional).value == 0.0
    assert attribution.anonymous_source_share(original).value == 0.0
    assert attribution.anonymous_source_share(regional).value == 1.0
    assert attribution.speaker_quotes_per_sentence(original).value > 0
    assert attribution.unattributed_quote_share(original).value == 0.0
    assert attribution.has_source_line(original).value == 1.0
    assert attribution.has_source_line(regional).value == 0.0
    anonymous = [regional.text.text[s.start : s.end] for s in attribution.anonymous_source_share(regional).evidence]
    assert {"diplomatic sources", "insiders", "Officials familiar with", "Analysts say", "people close to"} <= set(
        anonymous
    )


def test_every_span_slices_back_inside_the_text_on_every_wire_version():
    for name in VERSIONS:
        doc = wire(name)
        for signal in (
            attribution.attribution_cues_per_sentence,
            attribution.named_sources_per_sentence,
            attribution.anonymous_source_share,
            attribution.speaker_quotes_per_sentence,
            attribution.unattributed_quote_share,
            attribution.has_source_line,
        ):
            for span in signal(doc).evidence:
                assert 0 <= span.start < span.end <= len(doc.text.text)
                assert doc.text.text[span.start : span.end].strip() == doc.text.text[span.start : span.end]


# Inputs that make a backtracking regex blow up: long runs, unclosed quotes, separators without digits.
ADVERSARIAL = [
    "a" * 100_000,
    "1," * 50_000,
    "said " * 20_000,
    '"' * 100_000,
    '" a' * 33_000,
    "“" + "a " * 50_000,
    "A, " * 33_000 + "said",
    "Brandt, " * 12_000 + "said",
]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=lambda t: repr(t[:12]))
@pytest.mark.timeout(60)
def test_regexes_finish_fast_on_adversarial_input(text):
    for pattern in (analysis._QUOTE, analysis._CLAUSE_END):
        for _ in pattern.finditer(text):
            pass


@pytest.mark.parametrize("text", ADVERSARIAL, ids=lambda t: repr(t[:12]))
@pytest.mark.timeout(60)
def test_signals_finish_fast_on_adversarial_articles(text):
    doc = segment(scorer.from_text("word " + text))
    for signal in (
        attribution.attribution_cues_per_sentence,
        attribution.named_sources_per_sentence,
        attribution.anonymous_source_share,
        attribution.unattributed_quote_share,
        attribution.has_source_line,
    ):
        signal(doc)


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [(0, 0, 0.0), (3, 0, 0.0), (0, 4, 0.0), (1, 4, 0.25), (4, 4, 1.0)],
)
def test_share_is_zero_when_there_is_nothing_to_share(part, whole, expected):
    assert share(part, whole) == expected


@pytest.mark.parametrize(
    ("window", "words"),
    [
        ("", []),
        ("   ", []),
        ("Brandt ", ["Brandt"]),
        ("the minister, Tomas Brandt, ", ["Brandt,", "Tomas", "minister,", "the"]),
        ("w " * 100, ["w"] * analysis._MAX_WORDS_BEFORE),
        ("قال الوزير ", ["الوزير", "قال"]),
        ("🎉 Keller\u200b ", ["Keller\u200b", "🎉"]),
    ],
)
def test_words_before_a_cue_nearest_first(window, words):
    assert analysis._words_before(window) == words


def test_shared_analysis_is_computed_once_per_document():
    doc = segment(scorer.from_text("Brandt said it."))
    assert doc.attribution is doc.attribution
    assert doc.text.lexicon_hits is doc.text.lexicon_hits
