"""Figure signals on example sentences written for these tests: what counts as a figure, and which are unsupported."""


import pytest

import scorer
from scorer.segment import segment
from scorer.signals import analysis, figures
from tests.fixtures.wire_story import VERSIONS


def run(signal, text):
    """(value, [(label, cue text)]) of one signal on one article."""
    doc = segment(scorer.from_text(text))
    result = signal(doc)
    return result.value, [(span.label, doc.text.text[span.start : span.end]) for span in result.evidence]


def found(text):
    return run(figures.figures_per_100_words, text)[1]


def wire(name):
    return segment(scorer.from_text(VERSIONS[name]["text"], title=VERSIONS[name]["title"]))


@pytest.mark.parametrize("text", ["", "\t \n"])
def test_blank_text_is_refused_before_any_signal(text):
    with pytest.raises(scorer.ArticleError):
        scorer.from_text(text)


@pytest.mark.parametrize(
    ("text", "figures_found"),
    [
        ("Word", []),
        ("Varnessa will release 40 percent of the flow.", [("percentage", "40 percent")]),
        ("Turnout was 85% and 2.5 per cent spoiled.", [("percentage", "85%"), ("percentage", "2.5 per cent")]),
        ("The dam cost $4.2 billion and €50m more.", [("money", "$4.2 billion"), ("money", "€50m")]),
        ("It cost US$ 300 and £12,500.", [("money", "US$ 300"), ("money", "£12,500")]),
        ("About 12,000 families and 3 out of 4 farmers.", [("number", "12,000"), ("number", "3 out of 4")]),
        (
            "Two million people and a hundred thousand cattle.",
            [("number", "Two million"), ("number", "a hundred thousand")],
        ),
        ("Some 1,200 troops and 7 ships left.", [("number", "1,200"), ("number", "7")]),
        # not figures: years, decades, dates, times, ordinals, compounds, codes, bare number words
        ("In 2019, on June 5 and 5 June, at 10:30 and 5 p.m., the 21st time.", []),
        ("The 19-year-old saw COVID-19, an F-16 and the 1990s.", []),
        ("Two years ago three stations opened.", []),
        ("Dates like 9/11 and 2016-09 are no figures.", []),
        ("Der Staudamm kostete 4,2 Milliarden Euro.", []),  # a German decimal comma is not read (English-only)
        ("قال الوزير إن 70 في المئة من المياه ستعود.", [("number", "70")]),
        ("Prices rose 40\u200b percent 🎉 last year.", [("number", "40")]),  # a zero-width space ends the number
        ("🎉 3 ships 🎉", [("number", "3")]),
    ],
)
def test_what_counts_as_a_figure(text, figures_found):
    assert found(text) == figures_found


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Word", 0.0),
        ("Varnessa will release 40 percent of the flow.", 12.5),  # 1 figure in 8 words
        ("It cost $5 and $6.", 40.0),  # 2 figures in 5 words (words are whitespace-separated)
    ],
)
def test_figures_per_100_words(text, value):
    assert run(figures.figures_per_100_words, text)[0] == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "share", "unsupported"),
    [
        ("Word", 0.0, []),  # no figures: the share is 0.0, not undefined
        ("The flow will drop 70 percent.", 1.0, ["70 percent"]),
        ("Brandt said the flow would drop 70 percent.", 0.0, []),
        ("Brandt said the flow would fall. It will drop 70 percent.", 0.0, []),  # sourced in the sentence before
        ("The flow will drop 70 percent. Brandt said so.", 1.0, ["70 percent"]),  # a source after does not count
        ("Insiders say the flow will drop 70 percent.", 1.0, ["70 percent"]),  # anonymous sources do not support
        ("According to sources familiar with the talks, 12,000 families will move.", 1.0, ["12,000"]),
        ("The flow will drop 70 percent, a national poll found.", 0.0, []),  # a source document supports
        ("The ministry said 40 percent. It rose. It will cost $5 million.", 0.5, ["$5 million"]),
        ("قال الوزير إن 70 في المئة من المياه ستعود.", 1.0, ["70"]),
    ],
)
def test_unsupported_figure_share(text, share, unsupported):
    value, evidence = run(figures.unsupported_figure_share, text)
    assert value == pytest.approx(share)
    assert evidence == [("unsupported figure", cue) for cue in unsupported]


def test_unsupported_figures_per_100_words():
    assert run(figures.unsupported_figures_per_100_words, "The flow will drop 70 percent.") == (
        pytest.approx(100 / 6),
        [("unsupported figure", "70 percent")],
    )
    assert run(figures.unsupported_figures_per_100_words, "Word") == (0.0, [])


@pytest.mark.parametrize(
    ("text", "value", "evidence"),
    [
        ("Word", 0.0, []),
        ("The deal will cost farmers billions and countless jobs.", 200 / 9, ["billions", "countless"]),
        ("The deal will cost $4 billion.", 0.0, []),
        ("Der Vertrag kostet Milliarden.", 0.0, []),
        ("It costs 🎉 millions\u200b.", 25.0, ["millions"]),
    ],
)
def test_vague_quantities_per_100_words(text, value, evidence):
    assert run(figures.vague_quantities_per_100_words, text) == (
        pytest.approx(value),
        [("vague quantity", cue) for cue in evidence],
    )


def test_wire_story_regional_figures_are_unsupported_and_original_ones_sourced():
    original, regional = wire("original"), wire("regional")
    assert figures.unsupported_figure_share(original).value == 0.0
    assert figures.unsupported_figure_share(regional).value == 1.0
    cues = [regional.text.text[s.start : s.end] for s in figures.unsupported_figure_share(regional).evidence]
    assert cues == ["70 percent", "$4.2 billion", "12,000", "85 percent", "3 out of 4"]
    assert figures.unsupported_figures_per_100_words(regional).value > 2.0


def test_long_text_counts_every_figure_and_caps_evidence():
    value, evidence = run(figures.figures_per_100_words, "It rose 5 percent. " * 5_000)
    assert value == pytest.approx(25.0) and len(evidence) == 25


ADVERSARIAL = [
    "1" * 100_000,
    "1," * 50_000,
    "1.1." * 25_000,
    "$1 " * 33_000,
    "1 out of " * 11_000,
    "a" * 100_000,
    "1-" * 50_000,
    " million" * 12_000,
]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=lambda t: repr(t[:10]))
@pytest.mark.timeout(60)
def test_regexes_and_signals_finish_fast_on_adversarial_input(text):
    for pattern in (analysis._FIGURE, analysis._CURRENCY_BEFORE, analysis._NUMBER_WORD_BEFORE, analysis._MONTH_BEFORE):
        for _ in pattern.finditer(text):
            pass
    doc = segment(scorer.from_text("word " + text))
    figures.figures_per_100_words(doc)
    figures.unsupported_figure_share(doc)
