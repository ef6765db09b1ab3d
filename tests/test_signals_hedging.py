"""Hedging and certainty signals on example sentences written for these tests: values and exact evidence slices."""


import pytest

import scorer
from scorer.segment import segment
from scorer.signals import hedging
from tests.fixtures.wire_story import VERSIONS


def run(signal, text, title=""):
    """(value, [(label, cue text)]) of one signal on one article."""
    doc = segment(scorer.from_text(text, title=title))
    result = signal(doc)
    fields = {"text": doc.text.text, "title": doc.title.text}
    return result.value, [(span.label, fields[span.field][span.start : span.end]) for span in result.evidence]


@pytest.mark.parametrize("text", ["", " ", "\u200b\n"])
def test_blank_text_is_refused_before_any_signal(text):
    with pytest.raises(scorer.ArticleError):
        scorer.from_text(text)


@pytest.mark.parametrize(
    ("text", "value", "evidence"),
    [
        ("Word", 0.0, []),
        ("The minister signed the deal.", 0.0, []),
        ("The deal may collapse, officials reportedly fear.", 2.0, [("hedge", "may"), ("hedge", "reportedly")]),
        ("It is believed that the dam could fail. It opened.", 1.0, [("hedge", "It is believed"), ("hedge", "could")]),
        (
            "The plan appears to favour Varnessa and allegedly hides a clause.",
            2.0,
            [("hedge", "appears to"), ("hedge", "allegedly")],
        ),
        ("Theresa May signed the deal in May.", 0.0, []),  # the month and the name are no hedges
        ("Der Vertrag könnte scheitern.", 0.0, []),
        ("قد ينهار الاتفاق.", 0.0, []),
        ("The deal 🎉 might\u200b fail.", 1.0, [("hedge", "might")]),
        ("The deal MAY fail.", 1.0, [("hedge", "MAY")]),
    ],
)
def test_hedges_per_sentence(text, value, evidence):
    assert run(hedging.hedges_per_sentence, text) == (pytest.approx(value), evidence)


@pytest.mark.parametrize(
    ("text", "value", "evidence"),
    [
        ("Word", 0.0, []),
        ("The minister signed the deal.", 0.0, []),
        ("Undeniably, the deal is a fraud.", 1.0, [("booster", "Undeniably")]),
        ("Everyone knows the deal is clearly a fraud.", 2.0, [("booster", "Everyone knows"), ("booster", "clearly")]),
        (
            "Without a doubt it fails. It is certainly over.",
            1.0,
            [("booster", "Without a doubt"), ("booster", "certainly")],
        ),
        ("Der Vertrag ist zweifellos gescheitert.", 0.0, []),
        ("💯 Obviously\u200b it fails.", 1.0, [("booster", "Obviously")]),
    ],
)
def test_boosters_per_sentence(text, value, evidence):
    assert run(hedging.boosters_per_sentence, text) == (pytest.approx(value), evidence)


@pytest.mark.parametrize(
    ("text", "value", "evidence"),
    [
        ("Word", 0.0, []),
        ("The dam will never fail and always delivers.", 2.0, [("absolute", "never"), ("absolute", "always")]),
        ("The dam almost never fails and is not always full.", 0.0, []),  # softened: no absolute claim
        ("It is 100% safe. Nobody disputes it.", 0.5, [("absolute", "100%")]),  # "nobody" reports a fact
        ("Der Damm wird niemals brechen.", 0.0, []),
        ("It is 💯 totally\u200b safe.", 1.0, [("absolute", "totally")]),
    ],
)
def test_absolutes_per_sentence(text, value, evidence):
    assert run(hedging.absolutes_per_sentence, text) == (pytest.approx(value), evidence)


@pytest.mark.parametrize(
    ("title", "value", "evidence"),
    [
        ("", 0.0, []),
        ("Delta nations sign water-sharing accord", 0.0, []),
        ("Secret water deal will cost farmers billions, sources say", 1.0, [("anonymous source", "sources say")]),
        ("Deal could reportedly collapse", 2.0, [("hedge", "could"), ("hedge", "reportedly")]),
        ("Insiders: deal may fail", 2.0, [("anonymous source", "Insiders"), ("hedge", "may")]),
        ("Theresa May signs deal", 0.0, []),
        ("🚨 Deal might\u200b fail 🚨", 1.0, [("hedge", "might")]),
        ("Abkommen könnte scheitern", 0.0, []),
    ],
)
def test_title_speculation(title, value, evidence):
    assert run(hedging.title_speculation, "The deal was signed on Tuesday.", title=title) == (value, evidence)


def test_title_evidence_points_into_the_title():
    doc = segment(scorer.from_text("Body text may differ.", title="Deal may fail"))
    (span,) = hedging.title_speculation(doc).evidence
    assert span.field == "title" and doc.title.text[span.start : span.end] == "may"


def test_long_text_counts_every_hedge_and_caps_evidence():
    text = "The deal may fail. " * 5_000
    value, evidence = run(hedging.hedges_per_sentence, text)
    assert value == 1.0 and len(evidence) == 25


def test_wire_story_regional_hedges_and_original_does_not():
    def doc(name):
        return segment(scorer.from_text(VERSIONS[name]["text"], title=VERSIONS[name]["title"]))

    original, regional = doc("original"), doc("regional")
    assert hedging.hedges_per_sentence(original).value == 0.0
    assert hedging.hedges_per_sentence(regional).value > 0.5
    cues = {regional.text.text[s.start : s.end] for s in hedging.hedges_per_sentence(regional).evidence}
    assert {"reportedly", "allegedly", "It is believed", "appears to", "may", "could"} <= cues
    assert hedging.title_speculation(regional).value == 1.0
    assert hedging.title_speculation(original).value == 0.0


@pytest.mark.parametrize("text", ["a" * 100_000, "not " * 25_000, "never " * 16_000, "almost\n" * 14_000])
@pytest.mark.timeout(60)
def test_signals_finish_fast_on_adversarial_input(text):
    doc = segment(scorer.from_text(text, title=text[:1000]))
    for signal in (
        hedging.hedges_per_sentence,
        hedging.boosters_per_sentence,
        hedging.absolutes_per_sentence,
        hedging.title_speculation,
    ):
        signal(doc)
    for _ in hedging._SOFTENER.finditer(text):
        pass
