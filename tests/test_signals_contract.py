"""The contract every registered signal keeps, on every kind of text: a finite value and spans that slice back."""

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import scorer
from scorer.signals import SIGNAL_NAMES, SIGNALS, UnknownSignalError, extract_signals, get_signal
from scorer.signals.base import MAX_EVIDENCE
from tests.fixtures.wire_story import VERSIONS

FAMILIES = {"attribution", "hedging", "figures", "boilerplate", "integrity", "style"}
FAMILIES |= {"specificity", "sourcing", "persuasion"}  # issue 15 item 3
FIELDS = {"title", "text", "page_text"}

EDGE_TEXTS = {
    "single word": "Word",
    "one sentence": "The council approved the budget on Monday.",
    "no punctuation": "officials say the plan may cost 3 million dollars according to insiders",
    "german": "Der Minister sagte am Dienstag, dass das Abkommen im März unterzeichnet werde. Quellen berichten.",
    "arabic rtl": "قال الوزير إن الاتفاق سيوقع في مارس. وأضاف مصدر دبلوماسي أن 70 في المئة من المياه ستعود.",
    "emoji": "Breaking 🚨🚨 news!!! 😱 The deal is DONE 💯 and 100% certain, insiders say 🙏",
    "zero width": "The\u200b minister\u200d said\ufeff on Monday that 40\u200b percent was agreed.",
    "mixed scripts": "Officials in Tōkyō and Zürich said «the accord» holds; Москва declined to comment.",
    "only quotes": '"Yes," "No," "Maybe."',
    "mojibake": "The ministerâ€™s office said itâ€™s â€œdoneâ€\x9d. Â\xa0Leave a Reply",
    "repeated": "Send your submission. " * 200,
    "one megabyte": ("The ministry said 40 percent of the flow, according to officials. " * 16_000)[:1_000_000],
}
EDGE_ARTICLES = {name: {"title": "", "text": text} for name, text in EDGE_TEXTS.items()}
EDGE_ARTICLES.update({f"wire {name}": version for name, version in VERSIONS.items()})
EDGE_ARTICLES["absurd title"] = {"title": "!!! YOU WON'T BELIEVE " * 30, "text": "Short body."}


def _check_result(article, name, result):
    fields = {"title": article.title, "text": article.text, "page_text": article.page_text or ""}
    assert isinstance(result.value, float | int) and not isinstance(result.value, bool), name
    assert math.isfinite(result.value), f"{name} gave {result.value}"
    assert len(result.evidence) <= MAX_EVIDENCE, name
    for span in result.evidence:
        assert span.field in FIELDS, f"{name}: unknown field {span.field}"
        source = fields[span.field]
        assert 0 <= span.start < span.end <= len(source), f"{name}: span {span} outside {span.field}"
        assert source[span.start : span.end].strip(), f"{name}: span {span} is blank"
        assert span.label and isinstance(span.label, str), name


@pytest.mark.parametrize("case", sorted(EDGE_ARTICLES))
def test_every_signal_keeps_the_contract(case):
    article = scorer.from_dict(EDGE_ARTICLES[case])
    results = extract_signals(article)
    assert list(results) == list(SIGNAL_NAMES)
    for name, result in results.items():
        _check_result(article, name, result)


def test_whitespace_only_text_never_reaches_the_signals():
    with pytest.raises(scorer.ArticleError, match="empty"):
        scorer.from_text(" \n\t\u3000 ")


@pytest.mark.parametrize("signal", SIGNALS, ids=lambda s: s.name)
def test_every_signal_is_described_in_the_catalog(signal):
    assert signal.name.isidentifier() and signal.name == signal.name.lower()
    assert signal.description and "\n" not in signal.description.strip()
    assert signal.family in FAMILIES
    assert signal.unit


def test_unknown_signal_lists_the_known_names():
    with pytest.raises(UnknownSignalError) as error:
        get_signal("no_such_signal")
    message = str(error.value)
    assert "no_such_signal" in message
    assert all(name in message for name in SIGNAL_NAMES)


# Text built from pieces that the lexicons and regexes look for, shuffled with noise, to reach odd boundaries.
_PIECES = st.sampled_from(
    [
        "said",
        "told reporters",
        "according to",
        "sources",
        "officials familiar with",
        "reportedly",
        "allegedly",
        "may",
        "always",
        "40 percent",
        "$4.2 billion",
        "12,000",
        "Leave a Reply",
        "send your submission",
        "[email protected]",
        "Share this",
        "!!!",
        "YOU",
        "you",
        "“",
        "”",
        '"',
        "'",
        ".",
        "?",
        "\n",
        "\n\n",
        " ",
        "Source:",
        "Reporting by",
        "Mr.",
        "U.S.",
        "â€™",
        "Â",
        "🎉",
        "\u200b",
        "مرحبا",
        "the the",
        "…",
        "ß",
    ]
)
_NOISE = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=8)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_PIECES, _NOISE), min_size=1, max_size=60), st.lists(_PIECES, max_size=8))
def test_spans_always_slice_inside_the_text(body_pieces, title_pieces):
    text = " ".join(body_pieces)
    try:
        article = scorer.from_text(text, title=" ".join(title_pieces))
    except scorer.ArticleError:
        return  # empty or letterless text is refused at ingest, by design
    for name, result in extract_signals(article).items():
        _check_result(article, name, result)


def test_signal_set_version_is_a_digest_of_names_units_lexicons_and_the_values_version(monkeypatch):
    import scorer.signals as signals

    assert signals._signal_set_digest() == signals.SIGNAL_SET_VERSION
    monkeypatch.setattr(signals, "SIGNAL_VALUES_VERSION", signals.SIGNAL_VALUES_VERSION + 1)
    assert signals._signal_set_digest() != signals.SIGNAL_SET_VERSION
    monkeypatch.undo()
    monkeypatch.setattr(signals, "SIGNALS", signals.SIGNALS[1:])
    assert signals._signal_set_digest() != signals.SIGNAL_SET_VERSION


@pytest.mark.parametrize("signal", SIGNALS, ids=lambda s: s.name)
def test_catalog_entries_come_from_their_functions(signal):
    assert signal.name == signal.compute.__name__
    assert signal.description == " ".join(signal.compute.__doc__.split("\n\n")[0].split())
    assert (signal.prior_weight is None) == (signal.prior_reason is None)
    assert signal.reference in ("zero", "typical")


def test_length_like_signals_are_measured_from_a_typical_value():
    typical = {s.name for s in SIGNALS if s.reference == "typical"}
    assert typical == {"log_word_count", "mean_sentence_length", "mean_word_length"}


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"reference": "median"}, "reference must be one of"),
        ({"prior_weight": -1.0}, "needs its reason"),
        ({"prior_reason": "why"}, "needs its reason"),
        ({"direction": 2}, "direction must be"),
    ],
)
def test_a_malformed_catalog_entry_is_refused(options, message):
    from scorer.signals.base import signal
    from scorer.signals.style import log_word_count

    with pytest.raises(ValueError, match=message):
        signal(log_word_count, family="style", unit="x", **options)


def test_a_signal_needs_a_docstring():
    from scorer.signals.base import signal

    def undocumented(doc):
        return None

    with pytest.raises(ValueError, match="needs a docstring"):
        signal(undocumented, family="style", unit="x")
