"""How the shipped model's score moves, checked as an editor would: edits that make a story less credible lower its
score, every reason that fired points the way its signal is documented to, and hostile input never gets a confident
score. All texts are the invented wire story of tests/fixtures/wire_story.py or made up here."""

from __future__ import annotations

import base64
import random

import pytest

from scorer.article import ArticleError
from scorer.model import load_model
from scorer.signals import get_signal
from tests.fixtures.wire_story import ORIGINAL, ORIGINAL_TITLE, REGIONAL, REGIONAL_TITLE, VERSIONS


@pytest.fixture(scope="module")
def model():
    return load_model()


def _score(model, text: str, title: str = ORIGINAL_TITLE) -> float:
    return model.score({"title": title, "text": text})["score"]


# --- counterfactuals: one edit to the original, each must lower its score -----------------------------------------

ANONYMOUS_SOURCES = {
    "Eldoran Foreign Minister Anna Keller told reporters": "a diplomatic source told reporters",
    "Varnessa's energy minister, Tomas Brandt, said": "An insider said",
    '" Brandt said in a statement.': '" an official said on condition of anonymity.',
    "The World Bank, which helped fund the talks, said in a statement": "Sources familiar with the talks said",
    "Lena Ortiz, who heads the Delta Growers Association, said": "People close to the farmers reportedly said",
}


def _anonymised(text: str) -> str:
    for named, anonymous in ANONYMOUS_SOURCES.items():
        assert named in text, named
        text = text.replace(named, anonymous)
    return text


def _with_unsourced_figures(text: str) -> str:
    # First, so that no sourced sentence stands before it (a figure right after a sourced sentence counts as sourced).
    addition = "Some 14,000 hectares will be flooded and 62 percent of the fish will die, costing $3.1 billion.\n"
    return addition + text


def _with_piled_up_hedges(text: str) -> str:
    hedged = ("It is believed that the deal could reportedly collapse, and it may allegedly be rewritten, "
              "possibly within weeks, as some suggest it might perhaps never apply.\n")
    return hedged * 3 + text


COMMENT_FORM = """Share this:
Leave a Reply
Your email address will not be published. Required fields are marked *
Comment
Name *
Email *
"""

COUNTERFACTUALS = {
    "named sources replaced by anonymous ones": _anonymised,
    "an unsourced figure added": _with_unsourced_figures,
    "hedges piled up": _with_piled_up_hedges,
    "comment-form boilerplate appended": lambda text: text + COMMENT_FORM,
}


@pytest.mark.parametrize("edit", list(COUNTERFACTUALS), ids=list(COUNTERFACTUALS))
def test_each_counterfactual_lowers_the_originals_score(model, edit: str) -> None:
    before = _score(model, ORIGINAL)
    after = _score(model, COUNTERFACTUALS[edit](ORIGINAL))
    assert after < before, (edit, before, after)


# --- every reason that fired points the documented way --------------------------------------------------------------

def _signal_entries_that_fired(result: dict) -> list[dict]:
    return [e for e in result["explanations"]
            if e["family"] not in ("wording", "reputation", "corroboration") and e["evidence"] and e["value"] != 0]


def _documented_sign(name: str) -> int:
    signal = get_signal(name)
    if signal.direction:
        return signal.direction
    return (signal.prior_weight > 0) - (signal.prior_weight < 0) if signal.prior_weight else 0


@pytest.mark.parametrize("version", list(VERSIONS))
def test_every_reason_with_evidence_moves_the_score_its_documented_way(model, version: str) -> None:
    result = model.score(VERSIONS[version])
    checked = 0
    for entry in _signal_entries_that_fired(result):
        sign = _documented_sign(entry["feature"])
        if sign == 0 or entry["weight_kind"] == "none":
            continue
        assert entry["contribution"] * sign >= 0, entry
        checked += 1
    assert checked > 0


def test_every_wording_term_contributes_its_coefficient_times_its_value(model) -> None:
    result = model.score(VERSIONS["regional"])
    wording = [e for e in result["explanations"] if e["family"] == "wording"]
    for entry in wording:
        listed = sum(t["contribution"] for t in entry["terms"])
        assert listed + entry["unlisted_terms"]["contribution"] == pytest.approx(entry["contribution"])
        assert len(entry["terms"]) == min(20, entry["value"])  # the strongest 20 of the terms present
        assert entry["unlisted_terms"]["count"] == entry["value"] - len(entry["terms"])
        for term in entry["terms"]:
            assert term["contribution"] == pytest.approx(term["coefficient"] * term["value"])


# --- hostile input: a bounded score and a warning that says why ------------------------------------------------------

def _base64_blob(size: int = 30_000) -> str:
    return base64.b64encode(random.Random(7).randbytes(size)).decode()


CHINESE = ("两国部长周二签署了分享河水的协议，结束了长达两年的谈判。"
           "外交部长在仪式后对记者说，这项协议保证农民在旱季获得用水。") * 4
JAPANESE = ("両国の大臣は火曜日、川の水を分け合う協定に署名し、二年間の交渉を終えた。"
            "外務大臣は式典の後、記者団に対して語った。") * 4

# (case, text, a warning code that must be given or None, whether the band must be "uncertain")
HOSTILE = [
    ("a 50,000-character token appended", REGIONAL + " " + "Qm" * 25_000, None, False),
    ("a base64 blob appended", REGIONAL + "\n" + _base64_blob(), None, False),
    ("a data URI appended", REGIONAL + "\ndata:image/png;base64," + _base64_blob(5_000), None, False),
    ("1 MB of one letter", "a" * 1_000_000, "too_short", True),
    ("no sentence punctuation", " ".join(["the minister signed the deal and farmers welcomed it"] * 60), None, False),
    ("Chinese", CHINESE, "non_english", True),
    ("Japanese", JAPANESE, "non_english", True),
    ("three words", "Minister resigns today", "too_short", True),
    ("one word", "Breaking", "too_short", True),
]


@pytest.mark.parametrize(("case", "text", "warning", "uncertain"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_input_gets_a_bounded_score_and_its_warning(model, case, text, warning, uncertain) -> None:
    result = model.score({"title": "", "text": text})
    assert 0.0 < result["score"] < 1.0
    assert abs(result["logit"]) < 12, case  # no signal value runs away: values are clipped to the training range
    if warning:
        assert any(w.startswith(warning + ":") for w in result["warnings"]), result["warnings"]
    if uncertain:
        assert result["band"] == "uncertain"
    else:
        assert result["band"] != "uncertain"


def test_a_text_with_no_letters_is_refused_not_scored(model) -> None:
    with pytest.raises(ArticleError, match="no words"):
        model.score({"title": "", "text": "\U0001f600 ... 123"})


@pytest.mark.parametrize("junk", ["Qm" * 10_000, _base64_blob(), "a" * 50_000])
def test_junk_appended_to_a_low_scoring_fake_does_not_make_it_credible(model, junk: str) -> None:
    fake = _score(model, REGIONAL, REGIONAL_TITLE)
    with_junk = model.score({"title": REGIONAL_TITLE, "text": REGIONAL + "\n" + junk})
    assert with_junk["band"] != "high"
    assert with_junk["score"] < max(0.5, fake + 0.1), (fake, with_junk["score"])


def test_each_listed_occurrence_carries_its_share_of_the_terms_contribution(model) -> None:
    # "nominee" repeated past the listed-evidence cap: each occurrence's share divides by every occurrence.
    text = ORIGINAL + "\n" + " ".join(["The nominee spoke."] * 40)
    wording = next(e for e in model.score({"title": ORIGINAL_TITLE, "text": text})["explanations"]
                   if e["family"] == "wording")
    term = next(t for t in wording["terms"] if t["term"] == "nominee")
    assert term["occurrences"] == 40 > len(term["evidence"])
    for span in term["evidence"]:
        assert span["contribution"] == pytest.approx(term["contribution"] / 40)
